"""Articles in the admin: the workflow, its permissions, the audit trail and the corrections."""

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.actions import article_actions
from articles.admin.changelists import CheckedListMixin
from articles.admin.editing import EditingViewsMixin
from articles.admin.forms import ArticleAdminForm
from articles.admin.provenance import AgencyTextMixin
from articles.admin.revisions import RevisionViewsMixin
from articles.models import Article, Author, Autosave, Correction, Presence, Revision

Status = Article.Status


class TagListFilter(admin.SimpleListFilter):
    """A box to type a tag's name or slug in, rather than a list of every tag."""

    title = _("tag")
    parameter_name = "tag"
    template = "admin/articles/article/tag_filter.html"

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    def choices(self, changelist):
        # One "choice": the box, with the list's other filters kept as hidden fields.
        kept = []
        for name, values in changelist.params.items():
            if name not in {self.parameter_name, "p"}:
                kept += [
                    (name, value) for value in (values if isinstance(values, list) else [values])
                ]
        yield {"value": self.value() or "", "kept": kept}

    def queryset(self, request, queryset):
        typed = (self.value() or "").strip()
        if typed:
            return queryset.filter(Q(tags__name__iexact=typed) | Q(tags__slug=typed)).distinct()
        return queryset


class AuthorListFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return Author.objects.values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(authorships__author__slug=self.value())
        return queryset


class MyArticlesFilter(admin.SimpleListFilter):
    """A reporter's own articles: those they wrote or created."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            user = request.user
            return queryset.filter(
                Q(created_by=user)
                | Q(pk__in=Article.objects.filter(authorships__author__user=user))
            )
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    """Among published articles, those readers see now and those still waiting for their time."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("live", _("live")), ("scheduled", _("scheduled"))]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Article)
class ArticleAdmin(
    EditingViewsMixin, AgencyTextMixin, RevisionViewsMixin, CheckedListMixin, admin.ModelAdmin
):
    form = ArticleAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "state",
        "published_at",
        "author_list",
        "section",
        "source",
        "language",
        "tag_list",
    ]
    list_filter = [
        MyArticlesFilter,
        "status",
        PublicationFilter,
        AuthorListFilter,
        "section",
        "source",
        "language",
        TagListFilter,
        "has_new_agency_text",
    ]
    list_select_related = ["source", "section"]
    search_fields = ["title", "slug", "summary", "byline"]
    autocomplete_fields = ["source", "lead_image"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "created_at",
        "updated_at",
        "version",
        "agency_versions",
        "agency_text_comparison",
    ]
    inlines = [CorrectionInline]
    actions = ["submit_for_review", "publish_now", "withdraw"]
    fieldsets = [
        (
            None,
            {"fields": ["kicker", "title", "slug", "summary", "body", "tags", "based_on_version"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "section",
                    "byline_authors",
                    "byline",
                    "language",
                ]
            },
        ),
        (_("Search engines and social sites"), {"fields": ["seo_title", "seo_description"]}),
        (_("Picture"), {"fields": ["lead_image", "lead_image_caption"]}),
        (
            _("Provenance and rights"),
            {
                "fields": [
                    "source",
                    "original_url",
                    "copyright_notice",
                    "has_new_agency_text",
                    "agency_versions",
                    "agency_text_comparison",
                ]
            },
        ),
        (
            _("Record"),
            {"fields": ["created_at", "updated_at", "version"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {
            "all": [
                "css/admin-agency-diff.css",
                "vendor/easymde/easymde.min.css",
                "css/admin-article-form.css",
            ]
        }
        js = [
            "vendor/easymde/easymde.min.js",
            "js/admin-markdown-editor.js",
            "js/admin-autocomplete-names.js",
            "js/admin-article-form.js",
            "js/admin-tag-suggestions.js",
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags").with_authors()

    def get_changeform_initial_data(self, request):
        """A reporter's new article starts with the reporter's own author entry."""
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None and "byline_authors" not in initial:
            initial["byline_authors"] = [author.pk]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user  # a fresh class for each request
        form.unsaved_note = getattr(request, "unsaved_note", None)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        actions = article_actions(request.user, obj if obj is not None else Article())
        needs_note = any(action.needs_note for action in actions)
        context.update(
            self.editing_context(request, obj),
            workflow_actions=actions,
            workflow_note=context["adminform"].form["workflow_note"] if needs_note else None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Permissions: the workflow's, for one article and for the actions.

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not workflow.can_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            return workflow.can_delete(request.user, obj)
        return super().has_delete_permission(request, obj)

    # Saving: the content first, then the move the button asked for (through the workflow,
    # which keeps the revision and the history), then the person's autosave is done with.

    def save_model(self, request, obj, form, change):
        if change and not obj.revisions.exists():
            # Articles made outside the admin (fixtures, ingest) get their first state kept.
            Revision.objects.record(Article.objects.get(pk=obj.pk))
        if not change:
            obj.created_by = request.user
        obj._target_status = obj.status
        if "status" in form.changed_data or not change:
            obj.status = form.initial.get("status", Status.DRAFT) if change else Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.set_authors(form.cleaned_data["byline_authors"])
        article = form.instance
        target = article.__dict__.pop("_target_status", article.status)
        publish_now = "_publish_now" in request.POST and article.is_scheduled
        if target != article.status or publish_now:
            scheduled = target == Status.PUBLISHED and not publish_now
            workflow.move(
                article,
                target,
                request.user,
                reason=form.cleaned_data.get("workflow_note", ""),
                published_at=article.published_at if scheduled else None,
            )
        else:
            Revision.objects.record(article, user=request.user)
        Autosave.objects.of(request.user, article.pk if change else None).delete()
        # The saved form is closed (its page says no goodbye; see admin-article-form.js).
        Presence.objects.filter(user=request.user, article=article).delete()

    # The change list.

    @admin.display(description=_("state"), ordering="status")
    def state(self, article):
        if article.status == Status.PUBLISHED and article.has_expired_rights:
            return _("off the site since %(moment)s: the rights of %(source)s expired") % {
                "moment": timezone.localtime(article.source.rights_expire_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                "source": article.source.label,
            }
        if article.is_scheduled:
            return _("scheduled for %(moment)s") % {
                "moment": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
            }
        return article.get_status_display()

    @admin.display(description=_("authors"))
    def author_list(self, article):
        return ", ".join(author.name for author in article.byline_authors) or article.byline

    @admin.display(description=_("tags"))
    def tag_list(self, article):
        return ", ".join(tag.name for tag in article.tags.all())

    # Workflow actions, each offered only to those who hold the permission it names.

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.move_each(request, queryset, Status.REVIEW)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self.move_each(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Withdraw"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self.move_each(request, queryset, Status.WITHDRAWN)

    def move_each(self, request, queryset, status):
        """Moves every chosen article the workflow lets this user move, and says what became
        of the others."""
        moved = refused = out_of_rights = 0
        invalid = []
        with transaction.atomic():
            # Locked one by one in a steady order, without the change list's joins.
            chosen = list(queryset.values_list("pk", flat=True))
            locked = Article.objects.select_for_update().filter(pk__in=chosen)
            for article in locked.order_by("pk"):
                try:
                    workflow.move(article, status, request.user)
                except workflow.NotAllowed:
                    refused += 1
                except ValidationError as error:
                    if _codes(error) == {"rights_expired"}:
                        out_of_rights += 1
                    else:
                        invalid.append((article, error))
                else:
                    moved += 1
        self.report_moves(request, status, moved, refused, out_of_rights)
        for article, error in invalid:
            self.report_invalid(request, article, error)

    def report_invalid(self, request, article, error):
        """An article whose stored text fails the checks (it came in before them, or past
        them): which fields, and why, so that an editor can correct it in its form."""
        problems = "; ".join(
            f"{capfirst(Article._meta.get_field(field).verbose_name)}: {' '.join(messages)}"
            if field != NON_FIELD_ERRORS
            else " ".join(messages)
            for field, messages in _messages_by_field(error).items()
        )
        self.message_user(
            request,
            gettext("“%(title)s” was left as it was: %(problems)s Correct it in its form.")
            % {"title": article.title[:80], "problems": problems},
            messages.ERROR,
        )

    def report_moves(self, request, status, moved, refused, out_of_rights):
        label = Status(status).label
        if out_of_rights:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article was not published: the rights to its source's texts "
                    "have expired.",
                    "%(count)d articles were not published: the rights to their sources' texts "
                    "have expired.",
                    out_of_rights,
                )
                % {"count": out_of_rights},
                messages.ERROR,
            )
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article is now %(status)s.",
                    "%(count)d articles are now %(status)s.",
                    moved,
                )
                % {"count": moved, "status": label},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article was left as it was: it cannot become %(status)s from "
                    "its current state.",
                    "%(count)d articles were left as they were: they cannot become %(status)s "
                    "from their current state.",
                    refused,
                )
                % {"count": refused, "status": label},
                messages.WARNING,
            )


def _messages_by_field(error):
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def _codes(error):
    return (
        {e.code for e in error.error_list}
        if not hasattr(error, "error_dict")
        else {e.code for errors in error.error_dict.values() for e in errors}
    )
