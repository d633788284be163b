"""What the newsroom does with text wherever it comes from (the admin, the wire, fixtures):
renders Markdown, makes slugs, and refuses characters nobody can see."""

import hashlib
import re
import unicodedata
from urllib.parse import quote

import markdown_it
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
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


# How texts are rendered, as far as their HTML goes: markdown-it's version and ours. Raise
# ours whenever render_markdown() gives other HTML for the same text (a rule added above, say),
# so that every article's stored HTML (Article.body_html) is taken as out of date.
RENDERING = f"newsroom 1, markdown-it-py {markdown_it.__version__}"


def rendering_key(text):
    """What HTML stored for `text` is known by: it changes with the text and with RENDERING."""
    return hashlib.sha256(f"{RENDERING}\n{text or ''}".encode()).hexdigest()


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
# "strae" or "strase"), and the Latin letters that have no accent to drop; other accents are
# then simply dropped (é → e).
_LATIN_LETTERS = {
    **{"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"},
    **{"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"},
    **{"Æ": "Ae", "Œ": "Oe", "Ø": "O", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "Th"},
}


def _letters(letters, spellings):
    """{letter: its ASCII spelling}, from the letters and their spellings separated by spaces
    ("-" for a letter written as nothing)."""
    spelled = [spelling.strip("-") for spelling in spellings.split()]
    return dict(zip(letters, spelled, strict=True))


# Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian) and Greek, letter by letter as
# international news agencies write the names; accented Greek letters follow their base letter.
_CYRILLIC = _letters(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґўђјљњћџѓќѕ",
    "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya "
    "ye i yi g u dj j lj nj c dz gj kj dz",
)
_GREEK = _letters(
    "αβγδεζηθικλμνξοπρσςτυφχψω",
    "a v g d e z i th i k l m n x o p r s s t y f ch ps o",
)


def _transliteration_table():
    letters = {**_CYRILLIC, **_GREEK}
    table = {}
    for code in [*range(0x0370, 0x0530), *range(0x1F00, 0x2000)]:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        found = letters.get(char.lower(), letters.get(base))
        if found is not None:
            table[char] = found
    return str.maketrans({**table, **_LATIN_LETTERS})


_TRANSLITERATION = _transliteration_table()
# Room kept at the end of a slug for the longest "-<number>" a collision may need.
_SUFFIX_ROOM = 8


def make_slug(text, max_length=None):
    """Plain ASCII letters, digits and hyphens, which every URL and feed reader takes.

    Latin, Cyrillic and Greek letters are transliterated. Letters no table writes in ASCII
    (Chinese, Arabic, ...) become a short hash of the whole text at the slug's end, so that
    names in those scripts get addresses nobody can guess by counting ("tag", "tag-2", ...)
    and two such names never share one.
    """
    # Composed first, so that an "ö" typed as "o" and a combining mark is transliterated too.
    written = unicodedata.normalize("NFC", text or "").translate(_TRANSLITERATION)
    slug = slugify(written)  # folds the remaining accents to ASCII and drops what is left
    if _drops_letters(written) or (not slug and written.strip()):
        fingerprint = hashlib.blake2b(
            unicodedata.normalize("NFC", text).casefold().encode(), digest_size=4
        ).hexdigest()
        room = len(fingerprint) + 1
        if max_length is not None:
            slug = slug[: max(max_length - room, 0)].rstrip("-_")
        slug = f"{slug}-{fingerprint}" if slug else fingerprint
    if max_length is not None:
        slug = slug[:max_length].rstrip("-_")
    return slug


def _drops_letters(text):
    """Whether some letter or digit of `text` has no ASCII form and would vanish from a slug."""
    return any(
        unicodedata.category(char)[0] in "LN"
        and not unicodedata.normalize("NFKD", char).encode("ascii", "ignore").strip()
        for char in text
    )


def unique_slug(model_or_queryset, text, max_length, *, fallback="article", also_taken=()):
    """A slug for `text` that no row of the model (or of the queryset) has, nor `also_taken`:
    the plain slug, else the slug followed by -2, -3 and so on, never longer than
    `max_length`. `fallback` stands in for a text that gives no slug at all."""
    rows = getattr(model_or_queryset, "_default_manager", model_or_queryset).all()
    base = make_slug(text, max_length) or make_slug(fallback, max_length)
    # Every candidate starts with this, however much of the base a long suffix cuts off.
    common = base[: max(max_length - _SUFFIX_ROOM, 0)].rstrip("-_")
    taken = set(rows.filter(slug__startswith=common).values_list("slug", flat=True))
    taken.update(also_taken)
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


# No HTML in Markdown ------------------------------------------------------------------------

# Parsed as if HTML were allowed, only to find it: markdown-it knows what is HTML and what is
# an autolink (<https://…>), an e-mail address or code that merely shows a tag.
_html_finder = MarkdownIt("commonmark", {"html": True})
_FIRST_TAG = re.compile(r"<[^>\n]*>?")


def validate_no_html(value):
    """Refuses Markdown that holds HTML, naming the first tag: readers would see it as text,
    since the rendering never passes HTML through."""
    for token in _html_finder.parse(value or ""):
        found = [token] if token.type == "html_block" else []
        found += [child for child in token.children or [] if child.type == "html_inline"]
        if found:
            tag = _FIRST_TAG.search(found[0].content)
            raise ValidationError(
                _(
                    "HTML is not allowed here; readers would see %(tag)s as text. Use Markdown "
                    "instead (**bold**, *italic*, [a link](https://…)), or put the tag in "
                    "backticks to show it as code."
                ),
                params={"tag": (tag.group() if tag else found[0].content.strip())[:60]},
                code="html",
            )


# Visible text -------------------------------------------------------------------------------

# Characters with no glyph of their own that change how the text around them looks or reads:
# every "format" character (bidi overrides, embeddings and isolates, the direction marks,
# zero-width spaces and joiners, the word joiner, the byte-order mark, the soft hyphen,
# invisible operators, tag characters) and the Hangul fillers, which render as blank space.
# In a name they make two different strings look alike, or reorder what a reader sees.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def invisible_characters(value):
    """The characters of `value` that nobody sees, in order and each once."""
    found = {}
    for character in value or "":
        if unicodedata.category(character) == "Cf" or character in _BLANK_LETTERS:
            found.setdefault(character, None)
    return list(found)


def character_name(character):
    """ "U+202E RIGHT-TO-LEFT OVERRIDE": how a reader can look the character up."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".rstrip()


def validate_visible(value):
    """Refuses a name or title holding characters nobody sees, naming each, so that no tag,
    title, byline or name can look identical to another or show its letters reordered.
    Bodies and summaries may keep them: a soft hyphen breaks a long German word, and joiners
    build emoji and Persian or Indic spelling, where they are part of writing the text."""
    found = invisible_characters(value)
    if found:
        raise ValidationError(
            ngettext_lazy(
                "Remove the invisible character %(characters)s from this text.",
                "Remove the invisible characters %(characters)s from this text.",
                "count",
            ),
            params={"characters": ", ".join(map(character_name, found)), "count": len(found)},
            code="invisible_character",
        )


# Text for XML -------------------------------------------------------------------------------

# What XML 1.0 cannot carry at all, not even escaped: control characters other than tab, line
# feed and carriage return, the two non-characters and halves of surrogate pairs.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    """`value` without the characters XML cannot carry. Text stored before the checks, or
    past them, must not make a feed or sitemap unreadable for every reader."""
    return _NOT_XML.sub("", value) if value else value


# Language tags ------------------------------------------------------------------------------

# BCP 47's shape: a language of two or three letters, then subtags of up to eight letters or
# digits ("de", "de-CH", "zh-Hans-CN", "sr-Latn"). Pages put it in lang="", feeds and sitemaps
# in their language elements, where anything else misleads browsers and screen readers.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def validate_language_tag(value):
    if not _LANGUAGE_TAG.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a language code such as de, en or de-CH (BCP 47)."), code="language_tag"
        )


# Bylines ------------------------------------------------------------------------------------

# "Von Anna Berg", "By Anna Berg": the word introduces the byline and is no part of the name.
_BYLINE_LEAD = re.compile(r"^\s*(von|by)\s+", re.IGNORECASE)
_BYLINE_JOINERS = re.compile(r"\s*,\s*|\s+(?:und|and|&)\s+")
# Two to four words, each a capital letter then letters (a hyphen, an apostrophe or a dot
# inside a name, as in "Hans-Peter" or "J."), with "von", "van", "de" allowed between.
_NAME_WORD = r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?"
_PERSON_NAME = re.compile(
    rf"(?:{_NAME_WORD})(?:\s+(?:(?:von|van|de|der|den|zu)\s+)*(?:{_NAME_WORD})){{1,3}}"
)


# Words that make a byline a desk or an organization rather than a person.
_NOT_A_PERSON = frozenset(
    [
        "agentur",
        "agency",
        "büro",
        "desk",
        "international",
        "korrespondent",
        "korrespondentin",
        "korrespondenten",
        "nachrichten",
        "news",
        "newsroom",
        "presse",
        "press",
        "radio",
        "redaktion",
        "ressort",
        "staff",
        "team",
        "zeitung",
    ]
)


def names_in_byline(byline):
    """The people a free-text byline names, in order ("Von Anna Berg und Jonas Weber" ->
    ["Anna Berg", "Jonas Weber"]), or [] unless every part is plainly a person's name: an
    agency, a desk or a sentence stays a byline."""
    text = _BYLINE_LEAD.sub("", byline or "").strip()
    if not text:
        return []
    names = [part.strip() for part in _BYLINE_JOINERS.split(text)]
    for name in names:
        words = name.split()
        if not _PERSON_NAME.fullmatch(name) or not (
            words[0][0].isupper() and words[-1][0].isupper()
        ):
            return []
        if any(word.lower().strip(".") in _NOT_A_PERSON for word in words):
            return []
    return names


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
