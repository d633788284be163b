"""Slugs in the admin's forms: left empty, they are made on the server by the newsroom's one
rule (articles.text), never by the admin's JavaScript, which spells "Ö" as "o"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.text import unique_slug


class SlugFromTextForm(forms.ModelForm):
    """A form whose empty slug is made from the first of `slug_from` that is filled in, and
    numbered (-2, -3…) when another row has it already."""

    slug_from = ["title"]
    slug_fallback = "article"  # for a text with no letter a URL can carry
    slug_help_text = _("Leave empty to make it from the title.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = self.slug_help_text

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            text = next(filter(None, (cleaned_data.get(name) for name in self.slug_from)), "")
            if text:
                cleaned_data["slug"] = self.free_slug(text)
        return cleaned_data

    def free_slug(self, text):
        model = self._meta.model
        others = model._default_manager.exclude(pk=self.instance.pk)
        max_length = model._meta.get_field("slug").max_length
        return unique_slug(
            others, text, max_length, fallback=self.slug_fallback, also_taken=self.held_slugs()
        )

    def held_slugs(self):
        """Slugs the form must not make although no row has them now."""
        return ()
