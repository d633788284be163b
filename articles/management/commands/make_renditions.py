"""make_renditions: makes the renditions pictures lack, after sizes or formats were added."""

from django.core.management.base import BaseCommand

from articles.models import Image
from articles.pictures.renditions import is_complete, make_renditions


class Command(BaseCommand):
    help = (
        "Makes the renditions (crops, widths, formats) that pictures in the library lack, "
        "e.g. after a size was added. Pictures that have them all are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="remake the renditions of every picture"
        )

    def handle(self, *args, **options):
        made = skipped = files = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=100):
            if not options["all"] and is_complete(image):
                skipped += 1
                continue
            files += make_renditions(image)
            made += 1
        self.stdout.write(
            f"Done: {made} pictures given renditions ({files} new files), {skipped} complete."
        )
