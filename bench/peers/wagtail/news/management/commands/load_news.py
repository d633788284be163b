"""Fills the site with the articles of a JSON-lines file (one article a line), in bulk."""

import itertools
import time

from django.core.management.base import BaseCommand, CommandError

from news.loading import Loader, analyze, read_articles, site_index

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = (
        "Load articles from a JSON-lines file: title, slug, summary, body (HTML), "
        "published_at (ISO), tags, source and picture ({path, alt}, a path under --pictures)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the articles, one JSON object a line")
        parser.add_argument("--pictures", help="the directory the pictures' paths start from")
        parser.add_argument("--batch-size", type=int, default=5000, help="articles per COPY")

    def handle(self, *args, file, pictures, batch_size, **options):
        started = time.monotonic()
        index = site_index()
        if index.numchild:
            raise CommandError(
                f"the index already holds {index.numchild:,} articles; load into a fresh database"
            )
        loader = Loader(index, pictures)
        articles = read_articles(file)
        done = 0
        while batch := list(itertools.islice(articles, batch_size)):
            before, done = done, done + loader.write(batch)
            if options["verbosity"] > 1 or before // PROGRESS_EVERY != done // PROGRESS_EVERY:
                rate = done / (time.monotonic() - started)
                self.stdout.write(f"{done:,} articles, {rate:,.0f}/s")
        pictures_made = loader.make_renditions()
        analyze()
        self.stdout.write(
            f"Loaded {done:,} articles and {pictures_made:,} pictures "
            f"in {time.monotonic() - started:,.1f} s."
        )
