"""Django's translate and blocktranslate tags in the Jinja2 partials, written as in a Django
template, so that `make messages` (Django's makemessages) finds their texts as it finds those
of the pages, and a partial shows a translation as a Django template does: the translation
as it is, the values put into it escaped and localized.

Of blocktranslate, the partials use `with name=value ...` and the context's own values;
`count` and `plural` they do not use, and a partial that tries them is refused when loaded.
"""

from django.utils import translation
from django.utils.safestring import SafeString
from jinja2 import nodes
from jinja2.ext import Extension

_UNSUPPORTED = (
    "blocktranslate in a partial takes `with name=value ...` and `context`, and holds text "
    "and {{ name }} only: count and plural are not supported in partials"
)


class DjangoTranslationTags(Extension):
    tags = {"translate", "blocktranslate"}

    def parse(self, parser):
        tag = next(parser.stream)
        if tag.value == "translate":
            return self._translate(parser, tag.lineno)
        return self._blocktranslate(parser, tag.lineno)

    def _translate(self, parser, lineno):
        """{% translate "text" %} or {% translate "text" context "context" %}."""
        message = parser.stream.expect("string").value
        context = self._context(parser)
        call = self.call_method("_translated", [nodes.Const(message), nodes.Const(context)])
        return nodes.Output([call], lineno=lineno)

    def _blocktranslate(self, parser, lineno):
        """{% blocktranslate with name=value ... %}text {{ name }}{% endblocktranslate %}."""
        values = {}
        if parser.stream.skip_if("name:with"):
            while parser.stream.current.type == "name" and parser.stream.look().type == "assign":
                name = next(parser.stream).value
                next(parser.stream)
                values[name] = parser.parse_expression()
        context = self._context(parser)
        if parser.stream.current.type != "block_end":
            parser.fail(_UNSUPPORTED, parser.stream.current.lineno)
        next(parser.stream)
        message, names = self._message(parser)
        for name in names:
            values.setdefault(name, nodes.Name(name, "load"))
        pairs = [nodes.Pair(nodes.Const(name), value) for name, value in values.items()]
        arguments = [nodes.Const(message), nodes.Const(context), nodes.Dict(pairs)]
        return nodes.Output([self.call_method("_put_in", arguments)], lineno=lineno)

    def _context(self, parser):
        if parser.stream.skip_if("name:context"):
            return parser.stream.expect("string").value
        return None

    def _message(self, parser):
        """The text up to endblocktranslate as Django makes its message id: each {{ name }}
        as %(name)s, each % of the text doubled."""
        parts, names = [], []
        while True:
            token = parser.stream.current
            if token.type == "data":
                parts.append(token.value.replace("%", "%%"))
                next(parser.stream)
            elif token.type == "variable_begin":
                next(parser.stream)
                name = parser.stream.expect("name").value
                parser.stream.expect("variable_end")
                parts.append(f"%({name})s")
                names.append(name)
            elif token.type == "block_begin":
                next(parser.stream)
                # Its block_end is left to the parser, as after any tag.
                parser.stream.expect("name:endblocktranslate")
                return "".join(parts), names
            else:
                parser.fail(_UNSUPPORTED, token.lineno)

    def _translated(self, message, context):
        # As Django's translate tag: a literal's translation is shown as it is.
        doubled = message.replace("%", "%%")
        found = translation.pgettext(context, doubled) if context else translation.gettext(doubled)
        return SafeString(found.replace("%%", "%"))

    def _put_in(self, message, context, values):
        from articles.site.partials import shown  # which loads this extension

        data = {name: shown(value) for name, value in values.items()}
        found = translation.pgettext(context, message) if context else translation.gettext(message)
        try:
            return SafeString(found % data)
        except (KeyError, ValueError):  # a translation that names other values: the original
            return SafeString(message % data)
