"""The article form: the status the workflow allows, and no silent overwriting of someone's save."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.slugs import SlugFromTextForm
from articles.models import Article
from articles.text import validate_printable


def https_by_default(db_field, **kwargs):
    """Form fields for the model's fields; a URL typed without a scheme means https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArticleAdminForm(SlugFromTextForm):
    # The version the editor started from; a save based on an older one is refused.
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "title",
            "slug",
            "summary",
            "body",
            "tags",
            "status",
            "published_at",
            "language",
            "byline",
            "source",
            "original_url",
            "copyright_notice",
            "has_new_agency_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on_version"].initial = self.instance.version
        self.name_date_and_time_inputs()
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

    def name_date_and_time_inputs(self):
        # The admin shows a date and a time input under one label that names neither of them.
        for field in self.fields.values():
            if isinstance(field.widget, forms.SplitDateTimeWidget):
                date, time = field.widget.widgets
                words = {"field": field.label}
                date.attrs["aria-label"] = _("%(field)s: date") % words
                time.attrs["aria-label"] = _("%(field)s: time") % words

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
        for name in names:
            validate_printable(name)
        return names

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
        if self.instance.pk is not None:
            self.check_nobody_saved_in_between(cleaned_data.get("based_on_version"))
        if self.unsaved_note:
            message, code = self.unsaved_note
            raise ValidationError(message, code=code)
        return cleaned_data

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
