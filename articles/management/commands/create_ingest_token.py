"""manage.py create_ingest_token SLUG: a new token for an agency to push its texts with."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import IngestToken, Source


class Command(BaseCommand):
    help = (
        "Makes a new ingest token for a source and prints it, this once: it is stored only "
        "hashed. The agency sends it as 'Authorization: Bearer <token>' to /api/v1/wire/SLUG/."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SOURCE_SLUG")

    def handle(self, *args, slug, **options):
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown source {slug!r}. Known sources: {known}.")
        _, secret = IngestToken.objects.create_with_secret(source=source)
        self.stdout.write(secret)
