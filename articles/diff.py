"""A readable word-level diff of two texts, for comparing revisions."""

import re
from difflib import SequenceMatcher

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Words and the whitespace between them, so that the diff keeps paragraphs and spacing.
_TOKENS = re.compile(r"\S+|\s+")


def word_diff(old, new):
    """HTML of `new` with removed words in <del> and added words in <ins>, all text escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, a_start, a_end, b_start, b_end in SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[a_start:a_end])))
            continue
        if a_end > a_start:
            parts.append(format_html("<del>{}</del>", "".join(a[a_start:a_end])))
        if b_end > b_start:
            parts.append(format_html("<ins>{}</ins>", "".join(b[b_start:b_end])))
    return mark_safe("".join(parts))  # every part above is escaped by format_html
