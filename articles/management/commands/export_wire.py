"""manage.py export_wire: writes an article in the agency wire-text format import_wire reads."""

from django.core.management.base import BaseCommand, CommandError

from articles.agency import wire
from articles.agency.export import export, export_ninjs
from articles.models import Article
from articles.models.querysets import fetch_document_parts


class Command(BaseCommand):
    help = (
        "Writes an article as a wire text (or with --format ninjs as the API's ninjs document), "
        "to standard output or to a file (-o FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["wire", "ninjs"],
            default="wire",
            help="default: wire",
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost",
            help="the site's address, for the addresses in a ninjs document "
            "(default: http://localhost)",
        )

    def handle(self, *args, slug, output, output_format, base_url, **options):
        found = fetch_document_parts(list(Article.objects.for_documents().filter(slug=slug)))
        article = found[0] if found else None
        if article is None:
            raise CommandError(f"No article has the slug {slug!r}.")
        if output_format == "ninjs":
            if article.published_at is None:
                raise CommandError(f"{slug} has no publication time, which ninjs needs.")
            text = export_ninjs(article, base_url=base_url)
        else:
            try:
                text = export(article)
            except wire.WireError as error:
                raise CommandError(f"{slug} cannot be written as a wire text: {error}") from None
        if output and output != "-":
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
