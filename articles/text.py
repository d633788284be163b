"""What the newsroom does with text wherever it comes from (the admin, the wire, fixtures):
renders Markdown, makes slugs, and refuses characters nobody can see."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

# Markdown -----------------------------------------------------------------------------------

# Raw HTML is off and markdown-it refuses javascript:, vbscript: and data: links, so whatever
# an editor types, the body can only ever produce the markup Markdown itself makes.
_markdown = MarkdownIt("commonmark", {"html": False})


def render_markdown(text):
    """The HTML of a Markdown text; safe to show, since no HTML the editor typed survives."""
    return _markdown.render(text or "")


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


# Tags typed in a box ---------------------------------------------------------------------------


def tags_from_string(text):
    """The tag names in what an editor typed: separated by commas only, so that "Olaf Scholz"
    stays one person (taggit would split a text without commas at its spaces). Quotes taggit
    puts around a name are dropped. (TAGGIT_TAGS_FROM_STRING)"""
    names = (name.strip().strip('"').strip() for name in (text or "").split(","))
    return sorted({name for name in names if name})


def string_from_tags(tags):
    """The tags as the box shows them: names separated by commas. (TAGGIT_STRING_FROM_TAGS)"""
    return ", ".join(sorted(tag.name for tag in tags))
