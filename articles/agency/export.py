"""An article written back as a wire text, in the format the importer reads."""

import re
import zoneinfo

from django.conf import settings

from articles.agency import wire


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
