"""What the newsroom does with text wherever it comes from (the admin, the wire, fixtures):
renders Markdown, makes slugs, and refuses characters nobody can see."""

import re
import unicodedata
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

# Markdown -----------------------------------------------------------------------------------

# Raw HTML is off and markdown-it refuses javascript:, vbscript: and data: links, so whatever
# an editor types, the body can only ever produce the markup Markdown itself makes.
_markdown = MarkdownIt("commonmark", {"html": False})
# The same parser without the pictures' places, to read which pictures a text has.
_reader = MarkdownIt("commonmark", {"html": False})

# A picture from the library, in a paragraph of its own: ![what it shows](image:42).
_PICTURE_ADDRESS = re.compile(r"image:(\d+)")
# What render_markdown leaves where such a picture goes, for the page to put the picture in
# (its files, caption and credit change without the text changing). Editors cannot type it:
# with raw HTML off, a "<!--" they write comes out escaped.
PICTURE_PLACE = re.compile(r"<!--picture:(\d+):([^ >]*)-->")


def _images(tokens):
    """(image token, whether it is alone in its paragraph) for every image in the text."""
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        alone = len(token.children) == 1 and tokens[index - 1].type == "paragraph_open"
        for child in token.children:
            if child.type == "image":
                yield child, alone


def _place_pictures(state):
    """Turns each paragraph that is only a library picture into the place for its figure."""
    tokens = state.tokens
    for index in range(len(tokens) - 2, 0, -1):
        inline = tokens[index]
        if inline.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        children = inline.children or []
        if len(children) != 1 or children[0].type != "image":
            continue
        found = _PICTURE_ADDRESS.fullmatch(children[0].attrGet("src") or "")
        if not found:
            continue
        place = tokens[index - 1].__class__("html_block", "", 0)
        alt = quote(children[0].content, safe="")
        place.content = f"<!--picture:{found.group(1)}:{alt}-->\n"
        tokens[index - 1 : index + 2] = [place]


_markdown.core.ruler.push("place_pictures", _place_pictures)


def render_markdown(text):
    """The HTML of a Markdown text; safe to show, since no HTML the editor typed survives.
    Library pictures are left as places (PICTURE_PLACE) for the page to fill."""
    return _markdown.render(text or "")


def picture_ids(text):
    """The ids of the library pictures a text places, in order, each once."""
    ids = []
    for image, _alone in _images(_reader.parse(text or "")):
        found = _PICTURE_ADDRESS.fullmatch(image.attrGet("src") or "")
        if found and int(found.group(1)) not in ids:
            ids.append(int(found.group(1)))
    return ids


def validate_picture_addresses(value):
    """Pictures in a text come from the library, each in a paragraph of its own; any other
    address would show a broken picture (the site loads none from elsewhere)."""
    for image, alone in _images(_reader.parse(value or "")):
        address = image.attrGet("src") or ""
        if not _PICTURE_ADDRESS.fullmatch(address):
            raise ValidationError(
                _(
                    "The picture address %(address)s cannot be shown. Upload the picture "
                    "under Pictures, then place it with ![what it shows](image:NUMBER) in "
                    "a paragraph of its own."
                ),
                params={"address": address},
                code="picture_address",
            )
        if not alone:
            raise ValidationError(
                _("Put the picture %(address)s in a paragraph of its own."),
                params={"address": address},
                code="picture_alone",
            )


def web_url(url):
    """The address if it is an http(s) one, else nothing: a link never runs a script, even
    when an address came in through a fixture or an import rather than the admin's checks."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


# Slugs --------------------------------------------------------------------------------------

# German spelling's own transliteration, which readers expect in an address ("strasse", not
# "strae" or "strase"); other accents are then simply dropped (é → e).
_GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
# Room kept at the end of a slug for the longest "-<number>" a collision may need.
_SUFFIX_ROOM = 8


def make_slug(text, max_length=None):
    """Plain ASCII letters, digits and hyphens, which every URL and feed reader takes; empty
    when the text has no letter that can be written so (Chinese, most Cyrillic)."""
    # Composed first, so that an "ö" typed as "o" and a combining mark is transliterated too.
    german = unicodedata.normalize("NFC", text or "").translate(_GERMAN_LETTERS)
    slug = slugify(german)  # folds the remaining accents to ASCII and drops what is left
    if max_length is not None:
        slug = slug[:max_length].rstrip("-_")
    return slug


def unique_slug(model_or_queryset, text, max_length, *, fallback="article"):
    """A slug for `text` that no row of the model (or of the queryset) has: the plain slug,
    else the slug followed by -2, -3 and so on, never longer than `max_length`. `fallback`
    stands in for a text that gives no slug at all."""
    rows = getattr(model_or_queryset, "_default_manager", model_or_queryset).all()
    base = make_slug(text, max_length) or make_slug(fallback, max_length)
    # Every candidate starts with this, however much of the base a long suffix cuts off.
    common = base[: max(max_length - _SUFFIX_ROOM, 0)].rstrip("-_")
    taken = set(rows.filter(slug__startswith=common).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-_") + suffix
    return slug


# Printable text -----------------------------------------------------------------------------

# Control characters other than tab, line feed and carriage return, and the two non-characters
# XML forbids: pasted from a wire by accident or left by a file that is not text, invisible on
# screen, and they would make feeds unreadable XML.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def validate_printable(value):
    """Refuses text with a character nobody can see, naming it, so it can be found and removed.
    The model fields, the admin's tag box and the wire importer all check with this."""
    found = _UNPRINTABLE.search(value or "")
    if found:
        raise ValidationError(
            _("Remove the invisible control character (U+%(code)s) from this text."),
            params={"code": f"{ord(found.group()):04X}"},
            code="control_character",
        )
