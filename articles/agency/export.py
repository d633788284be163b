"""An article written back as a wire text, in the format the importer reads, or as the ninjs
document the content API serves."""

import json
import re
import zoneinfo

from django.conf import settings

from articles.agency import ninjs, wire


def as_wire_text(article):
    """The article as a WireText, its dateline in its source's time zone (ours for our own
    reporting); WireError when it has no publication time to date it by."""
    if article.published_at is None:
        raise wire.WireError("it has no publication time, and a wire text needs its dateline")
    zone = zoneinfo.ZoneInfo(article.source.timezone if article.source else settings.TIME_ZONE)
    return wire.WireText(
        title=article.title,
        dateline=article.published_at.astimezone(zone).replace(tzinfo=None, microsecond=0),
        paragraphs=tuple(p.strip() for p in re.split(r"\n\s*\n", article.body.strip())),
        copyright_notice=article.effective_copyright_notice,
        address=article.source.address if article.source else "",
        url=article.original_url,
    )


def export(article):
    """The article's wire text, ready to write to a file."""
    return wire.format_wire(as_wire_text(article))


def export_ninjs(article, *, base_url):
    """The article's ninjs document, full text included, as the API serves it to a key with
    the full-text scope; `article` comes from Article.objects.for_documents()."""
    document = ninjs.article_document(article, base_url=base_url, full_text=True)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
