"""Fills the database with a synthetic archive for demos and benchmarks."""

import multiprocessing
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    FrontPageSlot,
    Image,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from bench.archive import synthetic
from bench.archive.copy_writer import CopyWriter
from bench.archive.pictures import picture_pool

# Four articles in five lead with a picture, as on a newsroom's site.
WITHOUT_PICTURE_EVERY = 5


def positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError(f"expected a whole number above 0, got {value!r}")
    return number


# The tables an archive is written to.
WRITTEN = (
    Article,
    TaggedArticle,
    ArticleAuthor,
    Tag,
    Author,
    Source,
    Image,
    Section,
    FrontPageSlot,
)


class Command(BaseCommand):
    help = (
        "Create N synthetic articles (German and English, 2-10 KB bodies, about 2,000 tags, "
        "ten years of dates, 5% drafts, 1% scheduled, four in five with a lead image from "
        "a pool of drawn pictures, our own reporting with its reporter as author). On "
        "PostgreSQL rows are streamed with COPY; elsewhere they are inserted with bulk_create."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=positive_int, help="how many articles to create")
        parser.add_argument("--seed", type=int, default=None, help="same seed, same archive")
        parser.add_argument(
            "--batch-size", type=positive_int, default=5000, help="articles per transaction"
        )
        parser.add_argument(
            "--jobs",
            type=positive_int,
            default=1,
            help="processes writing at once (2 uses both cores of a 2-core machine)",
        )
        parser.add_argument(
            "--curate",
            action="store_true",
            help="curate the front page: blocks for the sections, the newest articles in its slots",
        )
        parser.add_argument(
            "--pictures",
            type=int,
            default=4,
            help="how many pictures the pool holds (drawn once; 0: articles without pictures)",
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="use bulk_create even on PostgreSQL (the portable path)",
        )

    def handle(self, *args, count, seed, batch_size, no_copy, jobs, curate, pictures, **options):
        if jobs > 1 and connection.in_atomic_block:
            raise CommandError(
                "--jobs above 1 needs committed sources and tags: not in a transaction"
            )
        self.now = timezone.now()
        self.sources = self._sources()
        self.tag_ids = self._tags()
        self.author_by_byline = self._authors()
        self.section_ids = self._sections(curate)
        self.picture_ids = picture_pool(pictures) if pictures > 0 else []
        self.batch_size = batch_size
        self.columns = article_columns()
        self.use_copy = connection.vendor == "postgresql" and not no_copy
        # Slugs end in a number above every existing id, so a second run never collides.
        first_number = (Article.objects.aggregate(top=Max("id"))["top"] or 0) + 1

        progress = Progress(count, self.stdout)
        with keep_given_timestamps():
            if jobs == 1:
                done = [0]

                def advance(size):
                    done[0] += size
                    progress.update(done[0])

                self._write(count, first_number, synthetic.new_rng(seed), advance)
            else:
                self._write_in_parallel(count, first_number, seed, jobs, progress)
        progress.finish()
        if curate:
            self._curate()
        if connection.vendor == "postgresql":
            # Fresh statistics, and (outside a transaction, where VACUUM may run) visibility
            # maps that let the planner answer from the indexes alone, for every table written:
            # left to autovacuum, the bylines, tags and authors were vacuumed a minute later,
            # while the first pages were being measured.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in WRITTEN:
                    cursor.execute(f"{vacuum} {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(self.style.SUCCESS(f"Created {count:,} articles."))

    def _write(self, count, first_number, rng, advance):
        """count articles numbered from first_number, one transaction per batch."""
        archive = synthetic.ArchiveWriter(
            rng, self.now, self.tag_ids, self.sources, self.section_ids
        )
        insert = self._copier(archive) if self.use_copy else self._bulk_creator(archive)
        created = 0
        while created < count:
            size = min(self.batch_size, count - created)
            batch = [archive.article(first_number + created + i) for i in range(size)]
            self._give_pictures(batch, first_number + created)
            with transaction.atomic():
                insert(batch)
            created += size
            advance(size)

    def _give_pictures(self, batch, first_number):
        """A lead image for most articles, by their number (the random draws stay as they
        were, so a seed makes the same texts with or without pictures)."""
        if not self.picture_ids:
            return
        for number, (fields, _tag_ids) in enumerate(batch, start=first_number):
            if number % WITHOUT_PICTURE_EVERY:
                fields["lead_image_id"] = self.picture_ids[number % len(self.picture_ids)]

    def _write_in_parallel(self, count, first_number, seed, jobs, progress):
        """Processes of their own, each with its database connection and its share."""
        context = multiprocessing.get_context("fork")
        done = context.Value("q", 0)

        def advance(size):
            with done.get_lock():
                done.value += size

        def work(share, first, part):
            rng = synthetic.new_rng(None if seed is None else f"{seed}/{part}")
            try:
                self._write(share, first, rng, advance)
            finally:
                connections.close_all()

        shares = [count // jobs + (1 if part < count % jobs else 0) for part in range(jobs)]
        firsts = [first_number + sum(shares[:part]) for part in range(jobs)]
        connections.close_all()  # each process opens its own; none may share a socket
        workers = [
            context.Process(target=work, args=(share, first, part))
            for part, (share, first) in enumerate(zip(shares, firsts, strict=True))
        ]
        for worker in workers:
            worker.start()
        try:
            while any(worker.is_alive() for worker in workers):
                time.sleep(0.5)
                progress.update(done.value)
                if any(worker.exitcode not in (None, 0) for worker in workers):
                    break
        finally:
            for worker in workers:
                if worker.is_alive() and any(w.exitcode for w in workers):
                    worker.terminate()
                worker.join()
        failed = [part for part, worker in enumerate(workers) if worker.exitcode != 0]
        if failed:
            raise CommandError(
                f"{len(failed)} of {jobs} writer processes failed (see above); "
                f"{done.value:,} articles were written, in whole batches."
            )
        progress.update(done.value)

    def _sources(self):
        sources = []
        for slug, name, short_name, language, zone in synthetic.SOURCES:
            source, _ = Source.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short_name,
                    "language": language,
                    "timezone": zone,
                    "homepage_url": f"https://{slug}.example/",
                    "copyright_notice": f"© {name}",
                },
            )
            sources.append(source)
        return sources

    def _authors(self):
        """The own reporters as authors, creating those that do not exist yet: the author's
        id for each byline that names one, so that their articles get author entries."""
        found = {}
        for name in synthetic.reporters():
            author, _ = Author.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            found.update(dict.fromkeys(synthetic.bylines(name), author.pk))
        return found

    def _author_ids(self, fields):
        """The authors of a synthetic article: its reporter, for our own reporting."""
        if fields["source_id"] is not None:
            return []
        found = self.author_by_byline.get(fields["byline"])
        return [] if found is None else [found]

    def _sections(self, curate):
        """The synthetic sections; with curate, each with a block on the front page."""
        ids = []
        for position, (name, slug, count) in enumerate(synthetic.SECTIONS, start=1):
            defaults = {"name": name, "position": position}
            section, _ = Section.objects.get_or_create(slug=slug, defaults=defaults)
            if curate and section.front_page_count != count:
                section.front_page_count = count
                section.save(update_fields=["front_page_count"])
            ids.append(section.pk)
        return ids

    def _curate(self):
        """A front page as editors keep it: the newest published articles in its slots, once."""
        if FrontPageSlot.objects.exists():
            return
        newest = Article.objects.published().order_by("-published_at", "-id")[: synthetic.CURATED]
        FrontPageSlot.objects.bulk_create(
            FrontPageSlot(position=position, article=article)
            for position, article in enumerate(newest, start=1)
        )

    def _tags(self):
        """Ids of the synthetic tags, creating those that do not exist yet."""
        specs = synthetic.tag_specs()
        existing = {
            name.lower(): pk
            for name, pk in Tag.objects.filter(name__in=[s.name for s in specs]).values_list(
                "name", "pk"
            )
        }
        taken_slugs = set(Tag.objects.values_list("slug", flat=True))
        missing = []
        for spec in specs:
            if spec.name.lower() in existing:
                continue
            slug = base = slugify(spec.name)
            suffix = 2
            while slug in taken_slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken_slugs.add(slug)
            missing.append(Tag(name=spec.name, slug=slug, kind=spec.kind))
        Tag.objects.bulk_create(missing, batch_size=1000)
        names = {s.name.lower() for s in specs}
        return [pk for name, pk in Tag.objects.values_list("name", "pk") if name.lower() in names]

    def _bulk_creator(self, archive):
        def insert(batch):
            articles = []
            for fields, _ in batch:
                language = fields["language"]
                fields["body"] = archive.body_text(language, fields.pop("body_paragraphs"))
                article = Article(**with_defaults(fields, self.columns))
                article.keep_rendered_body()  # as save() would
                articles.append(article)
            articles = Article.objects.bulk_create(articles, batch_size=500)
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object_id=article.pk, tag_id=tag_id)
                    for article, (_, tag_ids) in zip(articles, batch, strict=True)
                    for tag_id in tag_ids
                ],
                batch_size=2000,
            )
            ArticleAuthor.objects.bulk_create(
                [
                    ArticleAuthor(article_id=article.pk, author_id=author_id)
                    for article, (fields, _) in zip(articles, batch, strict=True)
                    for author_id in self._author_ids(fields)
                ],
                batch_size=2000,
            )

        return insert

    def _copier(self, archive):
        writer = CopyWriter(archive, self.columns)

        def insert(batch):
            for fields, _ in batch:
                with_defaults(fields, self.columns)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [Article._meta.db_table, Article._meta.pk.column, len(batch)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                # Tags first: the foreign key is checked at commit, and nothing the database
                # derives from an article's tags is made before the article exists.
                with cursor.cursor.copy(
                    copy_statement(TaggedArticle, "content_object", "tag")
                ) as copy:
                    for pk, (_, tag_ids) in zip(ids, batch, strict=True):
                        for tag_id in tag_ids:
                            copy.write_row((pk, tag_id))
                with cursor.cursor.copy(
                    copy_statement(ArticleAuthor, "article", "author", "position")
                ) as copy:
                    for pk, (fields, _) in zip(ids, batch, strict=True):
                        for author_id in self._author_ids(fields):
                            copy.write_row((pk, author_id, 0))
            writer.write(batch, ids)
            # The checks deferred to the commit made now, within the batch: the foreign keys,
            # and the tags' and bylines' rows, written before their articles, taking their
            # publication times (migration 0023), so that the batch reads whole at once.
            connection.check_constraints()

        return insert


def copy_statement(model, *fields):
    """COPY into the table of `model`, for the columns of `fields`, the names taken from the
    model."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    return f"COPY {quote(meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"


def article_columns():
    """The stored columns of Article other than the id (generated columns excluded)."""
    return [
        field
        for field in Article._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]


def with_defaults(fields, columns):
    """The synthetic values, plus the default of any other column (one added later)."""
    for field in columns:
        if field.attname not in fields:
            fields[field.attname] = field.get_default()
    return fields


@contextmanager
def keep_given_timestamps():
    """bulk_create would overwrite created_at/updated_at with now; archives need old dates."""
    fields = [Article._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Progress:
    """A progress bar on a terminal; a line every tenth of the way otherwise."""

    def __init__(self, total, stream):
        self.total, self.stream = total, stream
        self.started = time.monotonic()
        self.is_terminal = hasattr(stream, "isatty") and stream.isatty()
        self.next_tenth = 1

    def update(self, done):
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0.0
        remaining = (self.total - done) / rate if rate else 0.0
        status = f"{done:,}/{self.total:,} articles, {rate:,.0f}/s, {remaining:,.0f} s to go"
        if self.is_terminal:
            filled = int(30 * done / self.total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {status}", ending="")
            self.stream.flush()
        elif done * 10 >= self.next_tenth * self.total:
            self.stream.write(status)
            self.next_tenth = done * 10 // self.total + 1

    def finish(self):
        if self.is_terminal:
            self.stream.write("")
        elapsed = time.monotonic() - self.started
        self.stream.write(f"{self.total:,} articles in {elapsed:,.1f} s", style_func=None)
