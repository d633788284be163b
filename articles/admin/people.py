"""Sections, authors and the front page's slots in the admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.admin.slugs import SlugFromTextForm
from articles.models import Article, Author, FrontPageSlot, Section


class NamedSlugForm(SlugFromTextForm):
    slug_from = ["name"]
    slug_help_text = _("Leave empty to make it from the name.")


class SectionForm(NamedSlugForm):
    slug_fallback = "section"


class AuthorForm(NamedSlugForm):
    slug_fallback = "author"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = SectionForm
    list_display = ["name", "slug", "position", "front_page_count"]
    list_editable = ["position", "front_page_count"]
    search_fields = ["name", "slug"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = AuthorForm
    list_display = ["name", "role", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "role"]
    autocomplete_fields = ["photo", "user"]
    fields = ["name", "slug", "role", "photo", "bio", "links", "user"]


@admin.register(FrontPageSlot)
class FrontPageSlotAdmin(admin.ModelAdmin):
    """The lead (position 1) and the top stories in order. A slot whose article readers may
    not see (not published, withdrawn, out of rights) or whose time is up shows nothing."""

    list_display = ["position", "article", "until", "is_shown"]
    list_display_links = ["article"]
    list_editable = ["position", "until"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(description=_("on the front page now"), boolean=True)
    def is_shown(self, slot):
        if slot.until is not None and slot.until <= timezone.now():
            return False
        return Article.objects.published().filter(pk=slot.article_id).exists()
