"""The CRI wire text as received, so that tests compare against it rather than a copy; and
how tests run the wire commands."""

import io
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, ProvenanceRecord, Source, Tag, TaggedArticle

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


def run_command(name, *args, stdin=None, stderr=None):
    """Runs a management command as an operator would: (exit status, stdout, stderr)."""

    out, err = io.StringIO(), stderr or io.StringIO()
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        call_command(name, *args, stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        status = error.returncode
    finally:
        sys.stdin = saved_stdin
    return status, out.getvalue(), err.getvalue()


def database_state():
    """Every row an import could touch, to prove that a failed one touched none."""

    models = [Source, Article, ProvenanceRecord, Tag, TaggedArticle]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
