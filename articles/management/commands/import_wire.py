"""manage.py import_wire: agency wire texts become draft articles with their provenance."""

import sys
from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction

from articles.agency import wire
from articles.agency.importer import CREATED, UNCHANGED, UPDATED, WireImporter
from articles.models import Source, Tag

STDIN = "-"
TAG_LENGTH = Tag._meta.get_field("name").max_length


class Command(BaseCommand):
    help = (
        "Imports agency wire texts (files, directories of .txt files, or - for standard input) "
        "as articles of one source, each with a provenance record."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--source", required=True, help="slug of the agency, e.g. cri")
        parser.add_argument("--url", default="", help="address of the original (one text only)")
        parser.add_argument(
            "--tag", action="append", default=[], dest="tags", help="a tag; may be repeated"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish new articles instead of drafts"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen; write nothing"
        )
        parser.add_argument(
            "--atomic", action="store_true", help="write nothing at all if any text fails"
        )

    # The command speaks English; the checks it shares with the admin would otherwise answer in
    # the site's language, mid-sentence.
    @no_translations
    def handle(self, *args, paths, source, url, tags, publish, dry_run, atomic, **options):
        source = self._source(source, publish)
        texts = list(_expand(paths))
        if url:
            _check_url(url, len(texts))
        importer = WireImporter(
            source, url=url, tags=_checked_tags(tags), publish=publish, dry_run=dry_run
        )
        counts = dict.fromkeys([CREATED, UNCHANGED, UPDATED, "failed"], 0)
        progress = ProgressBar(self.stderr, len(texts))
        # Each text is its own transaction; with --atomic, the run as a whole is one.
        with transaction.atomic() if atomic else nullcontext():
            for number, (name, path) in enumerate(texts, start=1):
                progress.show(number - 1, name)
                outcome = self._import_one(importer, name, path, dry_run, progress)
                counts[outcome] += 1
            progress.done()
            if atomic and counts["failed"]:
                transaction.set_rollback(True)
        self._summarise(counts, dry_run, atomic)

    def _source(self, slug, publish):
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown source {slug!r}. Known sources: {known}.")
        try:
            # Stored before the checks existed, or past them: its time zone reads every dateline.
            source.clean_fields()
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(
                f"The source {slug!r} cannot take texts until it is corrected in the admin: "
                f"{problems}"
            ) from None
        if publish and source.has_expired_rights:
            raise CommandError(
                f"The rights to republish texts from {source.label} expired at "
                f"{source.rights_expire_at:%Y-%m-%d %H:%M} UTC; they cannot be published. "
                "Import them without --publish to keep them as drafts."
            )
        return source

    def _import_one(self, importer, name, path, dry_run, progress):
        try:
            raw = _read(path)
            with transaction.atomic():
                result = importer.receive(raw, file_name=name)
        except wire.WireError as error:
            where = f"{name}, line {error.line}" if error.line else name
            progress.write(self.stderr, f"failed: {where}: {error.message}")
            return "failed"
        except (OSError, DatabaseError) as error:
            progress.write(self.stderr, f"failed: {name}: {error}")
            return "failed"
        progress.write(self.stdout, _describe(result, name, dry_run))
        return result.outcome

    def _summarise(self, counts, dry_run, atomic):
        summary = ", ".join(f"{outcome} {count}" for outcome, count in counts.items())
        prefix = "Dry run, nothing written" if dry_run else "Done"
        self.stdout.write(f"{prefix}: {summary}.")
        if counts["failed"]:
            total = sum(counts.values())
            note = " Nothing was written (--atomic)." if atomic and not dry_run else ""
            raise CommandError(f"{counts['failed']} of {total} texts failed.{note}")


def _expand(paths):
    """(name, path) for each text: files as given, directories' .txt files in name order,
    and "-" for standard input. A path that cannot be read is kept, to fail in its turn."""
    for given in paths:
        path = Path(given)
        if given == STDIN:
            yield "<stdin>", None
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not found:
                yield given, path  # reading a directory fails with a clear OSError
            for file in found:
                yield str(file), file
        else:
            yield given, path


def _read(path):
    """At most one byte more than a wire text may have: enough to tell it is too large."""
    if path is None:
        return sys.stdin.buffer.read(wire.MAX_WIRE_BYTES + 1)
    if path.is_dir():
        raise OSError(f"the directory holds no .txt files: {path}")
    if not path.exists():
        raise OSError(f"no such file: {path}")
    with path.open("rb") as file:
        return file.read(wire.MAX_WIRE_BYTES + 1)


def _check_url(url, count):
    if count != 1:
        raise CommandError(
            "--url names the original of a single text; to import several, give each its "
            "own URL: line."
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise CommandError(f"--url {url!r} is not an http or https address.") from None
    if len(url) > wire.MAX_URL_LENGTH:
        raise CommandError(f"--url has more than the {wire.MAX_URL_LENGTH} characters allowed.")


def _checked_tags(tags):
    names = [tag.strip() for tag in tags]
    for name in names:
        if not name or len(name) > TAG_LENGTH:
            raise CommandError(f"--tag {name!r} must have 1 to {TAG_LENGTH} characters.")
        try:
            Tag.check_name(name)
        except ValidationError as error:
            raise CommandError(f"--tag {name!r}: {' '.join(error.messages)}") from None
    return names


def _describe(result, name, dry_run):
    article = result.article
    if result.outcome == UNCHANGED:
        where = f"article {article.slug}" if article else "earlier in this run"
        return f"unchanged: {name} (already received, {where})"
    if dry_run:
        verb = "would create" if result.outcome == CREATED else "would update"
        target = f"article {article.slug}" if article else "a new article"
        return f"{verb}: {name} ({target})"
    if result.outcome == CREATED:
        return f"created: {name} → {article.slug} ({article.status})"
    return (
        f"updated: {name} → {article.slug}: the agency's text changed; kept as version "
        f"{result.version} and flagged for an editor"
    )


class ProgressBar:
    """A one-line bar on standard error, drawn only on a terminal and for more than one text."""

    WIDTH = 30

    def __init__(self, stream, total):
        self.stream = stream
        self.total = total
        self.is_drawn = total > 1 and stream.isatty()
        self._line = ""

    def show(self, done, name):
        if not self.is_drawn:
            return
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self._line = f"[{bar}] {done}/{self.total} {Path(name).name}"[:100]
        self._draw(f"\r\033[K{self._line}")

    def write(self, stream, message):
        """Writes a message on its own line, then draws the bar again below it."""
        self._draw("\r\033[K")
        stream.write(message)
        self._draw(self._line)

    def done(self):
        self._draw(f"\r\033[K[{'#' * self.WIDTH}] {self.total}/{self.total}\n")

    def _draw(self, text):
        if self.is_drawn:
            # Plain, not in the red the command's standard error uses for failures.
            self.stream.write(text, style_func=str, ending="")
            self.stream.flush()
