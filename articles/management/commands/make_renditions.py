"""make_renditions: makes the renditions pictures lack, and removes those of pictures whose
rights have expired."""

from django.core.management.base import BaseCommand

from articles.models import Image
from articles.pictures.renditions import is_complete, make_renditions, remove_renditions


class Command(BaseCommand):
    help = (
        "Makes the renditions (crops, widths, formats) that pictures in the library lack, "
        "e.g. after a size was added, and removes the files of pictures whose rights have "
        "expired (an object store serves files itself: run this hourly there). Pictures "
        "that have all theirs are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="remake the renditions of every picture"
        )

    def handle(self, *args, **options):
        made = skipped = removed = files = 0
        expired = set(Image.objects.expired().values_list("pk", flat=True))
        for image in Image.objects.select_related("source").order_by("pk").iterator(100):
            if image.pk in expired:
                if image.renditions:
                    remove_renditions(image)
                    removed += 1
            elif options["all"] or not is_complete(image):
                files += make_renditions(image)
                made += 1
            else:
                skipped += 1
        self.stdout.write(
            f"Done: {made} pictures given renditions ({files} new files), {skipped} complete, "
            f"{removed} with expired rights removed."
        )
