"""Agency wire texts become articles with their provenance; each step is decided before any
row is written, so that a bad text writes nothing and a dry run can say what would happen."""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from articles.agency import wire
from articles.models import Article, ProvenanceRecord
from articles.models.periods import validate_within_calendar
from articles.text import unique_slug

CREATED, UNCHANGED, UPDATED = "created", "unchanged", "updated"
SLUG_LENGTH = Article._meta.get_field("slug").max_length


@dataclass
class Result:
    outcome: str  # CREATED, UNCHANGED or UPDATED
    article: Article | None  # None only when a dry run would create it
    version: int | None = None  # the provenance version stored (or that would be)


@dataclass
class _Plan:
    outcome: str
    text: str
    parsed: wire.WireText
    sha256: str
    url: str
    article: Article | None


class WireImporter:
    """Receives the wire texts of one source, one at a time.

    `receive()` raises wire.WireError for a text it cannot take, before writing anything; the
    caller owns the transaction. With `dry_run`, nothing is written, but texts met earlier in
    the same run count as known, as they would in a real run.
    """

    def __init__(self, source, *, url="", tags=(), publish=False, dry_run=False):
        self.source = source
        self.url = url
        self.tags = list(tags)
        self.publish = publish
        self.dry_run = dry_run
        self._zone = zoneinfo.ZoneInfo(source.timezone)
        self._seen_digests = {}
        self._seen_urls = {}

    def receive(self, raw, file_name=""):
        plan = self._plan(raw)
        if self.dry_run:
            return self._remember(plan)
        if plan.outcome == UNCHANGED:
            return Result(UNCHANGED, plan.article)
        if plan.outcome == UPDATED:
            return self._store_new_version(plan, file_name)
        return self._create(plan, file_name)

    def _plan(self, raw):
        text = wire.decode(raw)
        parsed = wire.parse(text)
        sha256 = wire.digest(text)
        url = self._original_url(parsed)
        self._published_at(parsed)  # an impossible local time fails now, not when writing
        if sha256 in self._seen_digests:
            return _Plan(UNCHANGED, text, parsed, sha256, url, self._seen_digests[sha256])
        record = (
            ProvenanceRecord.objects.select_related("article")
            .filter(source=self.source, sha256=sha256)
            .first()
        )
        if record:
            return _Plan(UNCHANGED, text, parsed, sha256, url, record.article)
        if url in self._seen_urls:
            return _Plan(UPDATED, text, parsed, sha256, url, self._seen_urls[url])
        article = self._article_for(url) if url else None
        outcome = UPDATED if article else CREATED
        return _Plan(outcome, text, parsed, sha256, url, article)

    def _remember(self, plan):
        """In a dry run, what a real run would have stored, for the texts that follow."""
        if plan.outcome == UNCHANGED:
            return Result(UNCHANGED, plan.article)
        self._seen_digests[plan.sha256] = plan.article
        if plan.url:
            self._seen_urls[plan.url] = plan.article
        return Result(plan.outcome, plan.article)

    def _original_url(self, parsed):
        if self.url and parsed.url and self.url != parsed.url:
            raise wire.WireError(
                f"its URL: line names {parsed.url}, but --url names {self.url}; "
                "leave out --url or make them agree"
            )
        return self.url or parsed.url

    def _published_at(self, parsed):
        """The dateline, read in the source's time zone."""
        local = parsed.dateline.replace(tzinfo=self._zone)
        try:
            validate_within_calendar(local)  # else the conversion to UTC may overflow
        except ValidationError as error:
            raise wire.WireError(
                f"the dateline {wire.format_dateline(parsed.dateline)} in {self.source.timezone}: "
                f"{' '.join(error.messages)}",
                parsed.dateline_line,
            ) from None
        if local.astimezone(UTC).astimezone(self._zone).replace(tzinfo=None) != parsed.dateline:
            raise wire.WireError(
                f"the dateline {wire.format_dateline(parsed.dateline)} does not exist in "
                f"{self.source.timezone} (the clocks skip it)",
                parsed.dateline_line,
            )
        return local

    def _article_for(self, url):
        """The article an earlier text with this original URL became, if any."""
        record = (
            ProvenanceRecord.objects.select_related("article")
            .filter(source=self.source, original_url=url)
            .order_by("-received_at", "-pk")
            .first()
        )
        if record:
            return record.article
        return Article.objects.filter(source=self.source, original_url=url).first()

    def _create(self, plan, file_name):
        parsed = plan.parsed
        article = Article.objects.create(
            title=parsed.title,
            slug=unique_slug(Article, parsed.title, SLUG_LENGTH, fallback="agency-text"),
            body=parsed.body,
            language=self.source.language,
            status=Article.Status.PUBLISHED if self.publish else Article.Status.DRAFT,
            published_at=self._published_at(parsed),
            source=self.source,
            byline=self.source.name,
            original_url=plan.url,
            copyright_notice=parsed.copyright_notice,
        )
        if self.tags:
            article.tags.add(*self.tags)
        self._record(plan, article, 1, file_name)
        return Result(CREATED, article, 1)

    def _store_new_version(self, plan, file_name):
        """Keeps the agency's new text beside the old and flags the article; what editors made
        of the article stays as it is."""
        article = plan.article
        latest = article.provenance_records.aggregate(latest=Max("version"))["latest"] or 0
        self._record(plan, article, latest + 1, file_name)
        article.has_new_agency_text = True
        # A new version number, so that an editor who has the article open is told on saving.
        article.save(update_fields=["has_new_agency_text", "updated_at", "version"])
        return Result(UPDATED, article, latest + 1)

    def _record(self, plan, article, version, file_name):
        return ProvenanceRecord.objects.create(
            article=article,
            source=self.source,
            version=version,
            received_text=plan.text,
            sha256=plan.sha256,
            received_at=timezone.now(),
            file_name=file_name[: ProvenanceRecord._meta.get_field("file_name").max_length],
            original_url=plan.url,
            copyright_notice=plan.parsed.copyright_notice,
            address=plan.parsed.address,
        )
