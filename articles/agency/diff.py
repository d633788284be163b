"""A readable word-level diff of two texts, for comparing revisions and agency copy."""

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
    return mark_safe("".join(parts))  # noqa: S308 (every part above is escaped by format_html)


def share_of_words_changed(old, new):
    """0.0 for the same words in the same order, 1.0 for nothing in common: one minus the share
    of both texts' words that their longest common runs of words account for. Spacing and line
    breaks do not count."""
    a, b = (old or "").split(), (new or "").split()
    if not a and not b:
        return 0.0
    # autojunk would ignore frequent words ("die", "der") in texts of 200 words or more.
    return 1.0 - SequenceMatcher(None, a, b, autojunk=False).ratio()
