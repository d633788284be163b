"""manage.py export_wire: writes an article in the agency wire-text format import_wire reads."""

import re
import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.agency import wire
from articles.models import Article


class Command(BaseCommand):
    help = "Writes an article as a wire text, to standard output or to a file (-o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args, slug, output, **options):
        article = Article.objects.select_related("source").filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No article has the slug {slug!r}.")
        try:
            text = wire.format_wire(as_wire_text(article))
        except wire.WireError as error:
            raise CommandError(f"{slug} cannot be written as a wire text: {error}") from None
        if output and output != "-":
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")


def as_wire_text(article):
    if article.published_at is None:
        raise CommandError(
            f"{article.slug} has no publication time, and a wire text needs its dateline."
        )
    zone = zoneinfo.ZoneInfo(article.source.timezone if article.source else settings.TIME_ZONE)
    return wire.WireText(
        title=article.title,
        dateline=article.published_at.astimezone(zone).replace(tzinfo=None, microsecond=0),
        paragraphs=tuple(p.strip() for p in re.split(r"\n\s*\n", article.body.strip())),
        copyright_notice=article.effective_copyright_notice,
        address=article.source.address if article.source else "",
        url=article.original_url,
    )
