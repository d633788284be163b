"""Provenance in the admin: read-only for everyone, since it records what an agency sent."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.admin.changelists import CheckedListMixin
from articles.agency.diff import share_of_words_changed, word_diff
from articles.agency.provenance import agency_text
from articles.models import ProvenanceRecord


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProvenanceRecord)
class ProvenanceRecordAdmin(ReadOnlyAdminMixin, CheckedListMixin, admin.ModelAdmin):
    list_display = ["article", "version", "source", "received_at", "file_name"]
    list_filter = ["source"]
    list_select_related = ["article", "source"]
    search_fields = ["article__title", "file_name", "sha256", "original_url"]
    date_hierarchy = "received_at"
    fields = [
        "article",
        "source",
        "version",
        "received_at",
        "file_name",
        "original_url",
        "sha256",
        "copyright_notice",
        "address",
        "text_as_received",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin-agency-diff.css"]}

    @admin.display(description=_("text as received"))
    def text_as_received(self, record):
        return format_html('<pre class="received-text">{}</pre>', record.received_text)


class AgencyTextMixin:
    """For ArticleAdmin: the texts the agency sent, and how far the article moved from them.
    Read-only fields rather than an inline, so that the article form posts no formset."""

    @admin.display(description=_("agency texts received"))
    def agency_versions(self, article):
        records = article.pk and article.provenance_records.order_by("-version")
        if not records:
            return _("None.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>: {} · {}',
            (
                (
                    reverse("admin:articles_provenancerecord_change", args=[record.pk]),
                    _("version %(number)s") % {"number": record.version},
                    date_format(timezone.localtime(record.received_at), "DATETIME_FORMAT"),
                    record.file_name or "—",
                )
                for record in records
            ),
        )

    @admin.display(description=_("agency text compared with ours"))
    def agency_text_comparison(self, article):
        """A word-level diff between the agency's latest text and the article as it reads."""
        record = article.pk and article.provenance_records.order_by("-version").first()
        if not record:
            return _("No agency text received: our own reporting, or typed in by hand.")
        ours = f"{article.title}\n\n{article.body}"
        share = share_of_words_changed(agency_text(record), ours)
        summary = _(
            "Against version %(version)s, received on %(received)s: %(share)s of the words changed."
        ) % {
            "version": record.version,
            "received": date_format(timezone.localtime(record.received_at), "DATETIME_FORMAT"),
            "share": f"{share:.0%}",
        }
        return format_html(
            '<p class="agency-diff-share">{}</p><div class="agency-diff">{}</div>',
            summary,
            word_diff(agency_text(record), ours),
        )
