"""manage.py export_wire: writes an article in the agency wire-text format import_wire reads."""

from django.core.management.base import BaseCommand, CommandError

from articles.agency import wire
from articles.agency.export import export
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
            text = export(article)
        except wire.WireError as error:
            raise CommandError(f"{slug} cannot be written as a wire text: {error}") from None
        if output and output != "-":
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
