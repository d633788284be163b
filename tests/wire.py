"""Reads the CRI wire text as received, so that tests compare against it rather than a copy."""

from pathlib import Path

from django.conf import settings

CRI_WIRE_TEXT = Path(settings.BASE_DIR) / "fixtures" / "wire" / "cri-2022-09-16-china-belarus.txt"


def cri_title_and_paragraphs():
    """The title and body paragraphs: after the page chrome and the dateline, before the ©."""
    blocks = [b.strip() for b in CRI_WIRE_TEXT.read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    title, paragraphs = blocks[1], []
    for block in blocks[3:]:
        if block.startswith("©"):
            break
        paragraphs.append(block)
    return title, paragraphs
