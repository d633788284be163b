"""The article form: the status the workflow allows, and no silent overwriting of someone's save."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.slugs import SlugFromTextForm
from articles.models import Article, ArticleUrl, Author, Tag
from articles.models.articles import article_path
from articles.text import validate_printable


def https_by_default(db_field, **kwargs):
    """Form fields for the model's fields; a URL typed without a scheme means https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def name_date_and_time_inputs(form):
    # The admin shows a date and a time input under one label that names neither of them.
    for field in form.fields.values():
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            date, time = field.widget.widgets
            words = {"field": field.label}
            date.attrs["aria-label"] = _("%(field)s: date") % words
            time.attrs["aria-label"] = _("%(field)s: time") % words


class AuthorsInTypedOrder(AutocompleteSelectMultiple):
    """Authors picked by typing, shown in byline order (the select box submits them in the
    order they were picked)."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        order = {str(pk): place for place, pk in enumerate(value)}
        for _group, options, _index in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class ArticleAdminForm(SlugFromTextForm):
    # The version the editor started from; a save based on an older one is refused.
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    byline_authors = forms.ModelMultipleChoiceField(
        label=_("authors"),
        queryset=Author.objects.all(),
        required=False,
        help_text=_(
            "Type a name to pick an author; the byline names them in the order picked. Leave "
            "empty for texts whose authors have no entry (the byline below is shown then)."
        ),
    )

    # Why an article is sent back or withdrawn: kept in its history, mailed to the reporter.
    workflow_note = forms.CharField(
        label=_("Note for the reporter, or reason for withdrawing"),
        required=False,
        max_length=2000,
        validators=[validate_printable],
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )

    user = None  # the editor filling in the form; set by ArticleAdmin.get_form
    # (message, code) when the form shows a post it must not save (one that met an expired
    # session, or one whose move was not confirmed): it is shown with the message.
    unsaved_note = None

    class Meta:
        model = Article
        formfield_callback = https_by_default
        fields = [
            "kicker",
            "title",
            "slug",
            "summary",
            "body",
            "tags",
            "status",
            "published_at",
            "language",
            "byline",
            "section",
            "seo_title",
            "seo_description",
            "source",
            "original_url",
            "copyright_notice",
            "has_new_agency_text",
            "lead_image",
            "lead_image_caption",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on_version"].initial = self.instance.version
            self.fields["byline_authors"].initial = [a.pk for a in self.instance.byline_authors]
        authors = self.fields["byline_authors"]
        authors.widget = AuthorsInTypedOrder(Article._meta.get_field("authors"), admin.site)
        authors.widget.choices = authors.choices
        name_date_and_time_inputs(self)
        if "status" in self.fields:
            # The buttons under the form choose the status; this keeps it on a plain save.
            self.fields["status"].widget = forms.HiddenInput()
        if "language" in self.fields:
            self.fields["language"] = self.language_field(self.fields["language"])
        if "tags" in self.fields:
            # Existing tags are suggested while typing (js/admin-tag-suggestions.js).
            self.fields["tags"].widget.attrs.update(
                {
                    "data-tag-suggest": reverse("admin:tag_suggest"),
                    "list": "id_tags_suggestions",
                    "autocomplete": "off",
                }
            )
        if "title" in self.fields:
            self.fields["title"].widget.attrs.update({"class": "vLargeTextField article-title"})

    def language_field(self, field):
        """The site's languages to choose from, and the article's own if it is another."""
        choices = list(settings.LANGUAGES)
        current = self.initial.get("language") or self.instance.language
        if current and current not in dict(choices):
            choices.append((current, current))
        return forms.ChoiceField(
            label=field.label, choices=choices, initial=field.initial, help_text=""
        )

    def _post_clean(self):
        super()._post_clean()
        if self.keeps_its_publication() and "status" in self._errors:
            # Editing a published article whose rights expired is not publishing it: a typo
            # fix is allowed. Publishing it (again, or at another time) stays refused.
            others = [e for e in self._errors["status"].as_data() if e.code != "rights_expired"]
            if others:
                self._errors["status"] = self.error_class(others)
            else:
                del self._errors["status"]
                self.cleaned_data["status"] = self.instance.status

    def keeps_its_publication(self):
        return (
            self.instance.pk is not None
            and self.initial.get("status") == Article.Status.PUBLISHED
            and not {"status", "published_at"} & set(self.changed_data)
            and "_publish_now" not in self.data
        )

    def clean_tags(self):
        # Tags typed here are created without the Tag model's own checks: apply them.
        names = self.cleaned_data["tags"]
        problems = []
        for name in names:
            try:
                Tag.check_name(name)
            except ValidationError as error:
                problems.extend(f"{name[:40]}: {message}" for message in error.messages)
        if problems:
            raise ValidationError(problems)
        return names

    def clean_byline_authors(self):
        """The authors in the order they were submitted, which is the order they were picked."""
        chosen = {str(author.pk): author for author in self.cleaned_data["byline_authors"]}
        getlist = getattr(self.data, "getlist", None)
        submitted = getlist(self.add_prefix("byline_authors")) if getlist else list(chosen)
        return [chosen[pk] for pk in dict.fromkeys(map(str, submitted)) if pk in chosen]

    def clean_status(self):
        status = self.cleaned_data["status"]
        # The article as it was opened: the form has not yet put its data in.
        if status != self.instance.status:
            try:
                workflow.check_move(self.user, self.instance, status)
            except workflow.NotAllowed as refusal:
                raise ValidationError(refusal.message, code=refusal.code) from None
        return status

    def clean(self):
        cleaned_data = super().clean()
        self.check_address_is_free(cleaned_data)
        if self.instance.pk is not None:
            self.check_nobody_saved_in_between(cleaned_data.get("based_on_version"))
        if self.unsaved_note:
            message, code = self.unsaved_note
            raise ValidationError(message, code=code)
        return cleaned_data

    def held_slugs(self):
        # A slug made for a published article avoids the addresses other articles had that day.
        if self.cleaned_data.get("status") != Article.Status.PUBLISHED:
            return ()
        day = article_path(self.cleaned_data.get("published_at") or timezone.now(), "-")[:-2]
        held = ArticleUrl.objects.filter(path__startswith=day, article__isnull=False)
        if self.instance.pk is not None:
            held = held.exclude(article=self.instance)
        return {path[len(day) :].strip("/") for path in held.values_list("path", flat=True)}

    def check_address_is_free(self, cleaned_data):
        """An address once given to an article stays that article's: a published article may
        not take one that another article had, or links to that one would lead here."""
        slug = cleaned_data.get("slug")
        if not slug or cleaned_data.get("status") != Article.Status.PUBLISHED:
            return
        path = article_path(cleaned_data.get("published_at") or timezone.now(), slug)
        owners = ArticleUrl.objects.filter(path=path, article__isnull=False)
        if self.instance.pk is not None:
            owners = owners.exclude(article=self.instance)
        owner = owners.values_list("article__title", flat=True).first()
        if owner is not None:
            message = _(
                "The address %(path)s belongs to another article, “%(title)s”, and keeps "
                "leading there. Choose another slug."
            )
            self.add_error("slug", ValidationError(message, params={"path": path, "title": owner}))

    def check_nobody_saved_in_between(self, based_on):
        # Locks the row until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or based_on == current:
            return
        newer = (
            self.instance.revisions.filter(version__gt=based_on or 0)
            .select_related("user")
            .order_by("-version")
            .first()
        )
        if newer is not None:
            who, when = newer.author_name, newer.created_at
        else:
            who, when = _("someone"), Article.objects.get(pk=self.instance.pk).updated_at
        # Everything typed stays in the form. Saving it again, deliberately, replaces the other
        # version, which stays in the revisions.
        self.data = self.data.copy()
        self.data["based_on_version"] = current
        raise ValidationError(
            _(
                "%(who)s saved this article at %(when)s, after you opened it. Your changes were "
                "not saved and are still in the form below. Compare with their version under "
                "Revisions; saving again replaces their version with yours (theirs stays in the "
                "revisions)."
            ),
            params={
                "who": who,
                "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
            },
            code="stale",
        )
