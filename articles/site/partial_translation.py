"""Django's translate and blocktranslate tags in the Jinja2 templates, written as in a Django
template, so that `make messages` (Django's makemessages) finds their texts as it finds those
of the admin's and the mails' templates, and a page shows a translation as a Django template
does: the translation as it is, the values put into it escaped and localized.

blocktranslate takes `with name=value ...`, `count name=value` with its `plural`, `context`,
and the context's own values, as Django's does; `trimmed` and `asvar` are refused when loaded.
"""

import functools
from decimal import Decimal

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.safestring import SafeString
from jinja2 import nodes
from jinja2.ext import Extension

_UNSUPPORTED = (
    "blocktranslate takes `with name=value ...`, `count name=value` and `context`, and holds "
    "text, {{ name }} and, with count, one {% plural %} only"
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
        """{% blocktranslate with name=value ... count name=value context "c" %}text
        {{ name }}{% plural %}texts{% endblocktranslate %}, its options in any order."""
        values, counter, context = {}, None, None
        while parser.stream.current.type != "block_end":
            if parser.stream.skip_if("name:with"):
                values.update(self._assignments(parser))
            elif parser.stream.skip_if("name:count"):
                ((counter, count),) = self._assignments(parser, at_most=1).items()
                values[counter] = count
            elif parser.stream.current.test("name:context"):
                context = self._context(parser)
            else:
                parser.fail(_UNSUPPORTED, parser.stream.current.lineno)
        next(parser.stream)
        message, names, ended = self._message(parser)
        plural = None
        if counter is not None:
            if ended:
                parser.fail("blocktranslate with count needs its {% plural %}", lineno)
            plural, plural_names, _ = self._message(parser, plural=True)
            names += plural_names
        elif not ended:
            parser.fail(_UNSUPPORTED, lineno)
        for name in names:
            values.setdefault(name, nodes.Name(name, "load"))
        pairs = [nodes.Pair(nodes.Const(name), value) for name, value in values.items()]
        arguments = [
            nodes.Const(message),
            nodes.Const(plural),
            nodes.Const(counter),
            nodes.Const(context),
            nodes.Dict(pairs),
        ]
        return nodes.Output([self.call_method("_put_in", arguments)], lineno=lineno)

    def _assignments(self, parser, at_most=None):
        found = {}
        while parser.stream.current.type == "name" and parser.stream.look().type == "assign":
            if at_most is not None and len(found) == at_most:
                parser.fail("count takes one name=value", parser.stream.current.lineno)
            name = next(parser.stream).value
            next(parser.stream)
            found[name] = parser.parse_expression()
        if not found:
            parser.fail(_UNSUPPORTED, parser.stream.current.lineno)
        return found

    def _context(self, parser):
        if parser.stream.skip_if("name:context"):
            return parser.stream.expect("string").value
        return None

    def _message(self, parser, plural=False):
        """The text up to {% plural %} or {% endblocktranslate %} as Django makes its message
        id: each {{ name }} as %(name)s, each % of the text doubled. Whether the block ended
        there, too."""
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
                if not plural and parser.stream.skip_if("name:plural"):
                    parser.stream.expect("block_end")
                    return "".join(parts), names, False
                # Its block_end is left to the parser, as after any tag.
                parser.stream.expect("name:endblocktranslate")
                return "".join(parts), names, True
            else:
                parser.fail(_UNSUPPORTED, token.lineno)

    def _translated(self, message, context):
        # As Django's translate tag: a literal's translation is shown as it is.
        doubled = message.replace("%", "%%")
        found = translation.pgettext(context, doubled) if context else translation.gettext(doubled)
        return SafeString(found.replace("%%", "%"))

    def _put_in(self, message, plural, counter, context, values):
        if counter is not None:
            count = values[counter]
            if not isinstance(count, Decimal | float | int):
                raise TypeError(f"blocktranslate: count {counter} must be a number, not {count!r}")
        if all(type(value) is int for value in values.values()):
            items = tuple(values.items())
            return _written(translation.get_language(), message, plural, counter, context, items)
        return _write(message, plural, counter, context, values)


# A sentence of numbers alone is shown the same way whenever the language and settings are
# the same: it is written once per process. A directory says "12 articles" on each of its
# two hundred lines, each costing the translation's lookup and the number's formatting.
# (Texts, such as a reader's search, would only push those out.)
SENTENCES_KEPT = 4096


@functools.lru_cache(maxsize=SENTENCES_KEPT)
def _written(language, message, plural, counter, context, items):
    # `language`, the active one, which _write() translates into, is part of the key.
    return _write(message, plural, counter, context, dict(items))


def _write(message, plural, counter, context, values):
    from articles.site.partials import shown  # which loads this extension

    data = {name: shown(value) for name, value in values.items()}
    if counter is None:
        found = translation.pgettext(context, message) if context else translation.gettext(message)
    elif context:
        found = translation.npgettext(context, message, plural, values[counter])
    else:
        found = translation.ngettext(message, plural, values[counter])
    try:
        return SafeString(found % data)
    except (KeyError, ValueError):  # a translation that names other values: the original
        original = message if counter is None or values[counter] == 1 else plural
        return SafeString(original % data)


@receiver(setting_changed, dispatch_uid="articles.sentences_written_changed")
def _forget_sentences_written(**kwargs):
    # A number's formatting and the translations follow settings (the languages, the locale
    # paths, the thousands separator): constant in a server's process, changed by tests.
    _written.cache_clear()
