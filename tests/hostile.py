"""Hostile strings, and an audit of HTML for anything a browser would execute."""

import re
from datetime import timedelta
from html.parser import HTMLParser

from hypothesis import strategies as st

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<svg onload="alert(1)">',
    "<a href='javascript:alert(1)'>click</a>",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<iframe src=//evil.example></iframe>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;',
    "{{ request.user }}{% debug %}",
    "&lt;script&gt;&amp;",
    "\u202egnp.exe\u202c",
    "\u200b\u200d\ufeff",
    "Ünïcödé 中文 العربية 🙂",
    "\t\r\n",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[x]",
    "<style>body{display:none}</style>",
    "<base href=//evil.example/>",
    '<form action="//evil.example"><button>go</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

# Text an editor can type: any character except surrogates (a browser cannot send them;
# Django turns them into U+FFFD) and the control characters the forms refuse.
_typeable = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
)

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(_typeable, max_size=40),
    st.tuples(st.sampled_from(PAYLOADS), st.text(_typeable, max_size=10)).map("".join),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map(" ".join),
)

_EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "base", "style", "frame", "svg", "math"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_INVISIBLE = re.compile(r"[\x00-\x20]")


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _EXECUTABLE_TAGS:
            script_type = (attributes.get("type") or "").strip().lower()
            if tag != "script" or script_type in _SCRIPT_TYPES or "src" in attributes:
                self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in _URL_ATTRIBUTES and value:
                scheme = _INVISIBLE.sub("", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")


def executable_markup(html, allowed=()):
    """What in this HTML a browser would run or that would redirect its scripts and forms."""
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return [found for found in audit.found if found not in allowed]


# Characters XML 1.0 cannot carry, which the checks refuse but older data may hold.
NOT_XML = "\x01\x0c\x1f\ufffe\uffff"


def text_stored_past_the_checks():
    """A published article from an agency that allows full text in feeds, with a tag, whose
    every text field (and its tag's and source's) holds characters XML cannot carry, stored
    with update() as data older than the checks would be. (article, tag, source)"""
    from django.utils import timezone

    from articles.models import Article, Source, Tag
    from tests.factories import make_article, make_source, make_tag

    source = make_source(is_full_text_allowed_in_feeds=True)
    tag = make_tag()
    article = make_article(
        source=source,
        tags=[tag],
        original_url="https://example.org/a",
        published_at=timezone.now() - timedelta(minutes=5),  # in the news sitemap too
    )
    bad = f"Bad{NOT_XML}text"
    Source.objects.filter(pk=source.pk).update(
        name=bad, short_name=bad[:50], copyright_notice=bad, address=bad
    )
    Tag.objects.filter(pk=tag.pk).update(name=bad)
    Article.objects.filter(pk=article.pk).update(
        title=bad, summary=bad, body=f"{bad}\n\n{bad}", byline=bad, copyright_notice=bad
    )
    for row in (article, tag, source):
        row.refresh_from_db()
    return article, tag, source
