"""The picture library in the admin: uploading one or several files, thumbnails and filters,
where each picture is used, its focal point, and why a picture may no longer be shown."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin.forms import name_date_and_time_inputs
from articles.models import Article, Image, Source
from articles.pictures.library import add_picture
from articles.pictures.renditions import is_complete, make_renditions
from articles.site.pictures import url


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [("expired", _("expired")), ("current", _("current"))]

    def queryset(self, request, queryset):
        if self.value() == "expired":
            return queryset.expired()
        if self.value() == "current":
            return queryset.usable()
        return queryset


class UsageFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", _("unused")), ("used", _("used"))]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.unused()
        if self.value() == "used":
            return queryset.exclude(pk__in=Image.objects.unused().values("pk"))
        return queryset


class DescriptionFilter(admin.SimpleListFilter):
    title = _("alternative text")
    parameter_name = "described"

    def lookups(self, request, model_admin):
        return [("no", _("missing"))]

    def queryset(self, request, queryset):
        return queryset.filter(alt_text="") if self.value() == "no" else queryset


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Pictures"),
        help_text=_(
            "One or several files: JPEG, PNG, WebP, AVIF or GIF, up to 40 MB and 50 megapixels "
            "each."
        ),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        required=False,
        max_length=300,
        help_text=_(
            "What the picture shows, for people who cannot see it. For several pictures, "
            "leave it empty and describe each one afterwards."
        ),
    )
    credit = forms.CharField(
        label=_("Credit"),
        required=False,
        max_length=200,
        help_text=_("Left empty, the credit the file names itself is taken."),
    )
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False
    )
    usage_terms = forms.CharField(label=_("Usage terms"), required=False, widget=forms.Textarea)
    rights_expire_at = forms.SplitDateTimeField(
        label=_("Rights expire at"), required=False, widget=admin.widgets.AdminSplitDateTime
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_date_and_time_inputs(self)


class ImageForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_date_and_time_inputs(self)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "source", "size", "rights", "uses"]
    list_display_links = ["thumbnail", "alt_text"]
    list_filter = ["source", RightsFilter, UsageFilter, DescriptionFilter]
    list_select_related = ["source"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = [
        "focal_point_picker",
        "rights_state",
        "used_in",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["focal_point_picker", "focal_x", "focal_y", "alt_text", "caption"]},
        ),
        (
            _("Credit and rights"),
            {"fields": ["credit", "source", "usage_terms", "rights_expire_at", "rights_state"]},
        ),
        (_("Use"), {"fields": ["used_in"]}),
        (_("File"), {"fields": ["size", "sha256", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin-pictures.css"]}
        js = ["js/admin-focal-point.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                lead_uses=Count("lead_articles", distinct=True),
                inline_uses=Count("inline_articles", distinct=True),
            )
            .order_by(*Image._meta.ordering)  # counting drops the model's own order
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # Choosing a picture for an article: only those that may be shown, described.
            queryset = queryset.filter(pk__in=Image.objects.usable().values("pk"))
            queryset = queryset.exclude(alt_text="")
        return queryset, may_have_duplicates

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="articles_image_upload"), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:articles_image_upload"))

    def upload_view(self, request):
        """Adds each file that passes the checks; names each one that does not, and why."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            fields = {key: value for key, value in form.cleaned_data.items() if key != "files"}
            added = []
            for uploaded in form.cleaned_data["files"]:
                added.extend(self.add_one(request, uploaded, fields))
            if len(added) == 1:
                return HttpResponseRedirect(
                    reverse("admin:articles_image_change", args=[added[0].pk])
                )
            if added:
                return HttpResponseRedirect(reverse("admin:articles_image_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Upload pictures"),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/image/upload.html", context)

    def add_one(self, request, uploaded, fields):
        try:
            image, created = add_picture(uploaded, user=request.user, **fields)
        except ValidationError as error:
            messages.error(
                request,
                _("%(file)s was not added: %(reason)s")
                % {"file": uploaded.name, "reason": " ".join(error.messages)},
            )
            return []
        if created:
            self.log_addition(request, image, [{"added": {}}])
            note = (
                _("%(file)s was added.")
                if image.alt_text
                else _("%(file)s was added; describe what it shows (alternative text).")
            )
            messages.success(request, note % {"file": uploaded.name})
        else:
            messages.info(
                request,
                _("%(file)s is already in the library: %(picture)s.")
                % {"file": uploaded.name, "picture": image.alt_text or image.pk},
            )
        return [image]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = {"focal_x", "focal_y"} & set(form.changed_data)
        if not obj.has_expired_rights and (moved or not is_complete(obj)):
            # The crops follow the focal point; rights extended bring removed files back.
            make_renditions(obj)

    def get_deleted_objects(self, objs, request):
        """A picture shown by a published article cannot be deleted: the page names them."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        shown_by = Article.objects.published().filter(lead_image__in=objs) | (
            Article.objects.published().filter(inline_images__in=objs)
        )
        for article in shown_by.distinct():
            protected.append(
                format_html(
                    '{}: <a href="{}">{}</a>',
                    _("Published article"),
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.title,
                )
            )
        return deleted, model_count, perms_needed, protected

    # Columns and read-only fields.

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        entry = image.rendition("whole", "jpeg", 320)
        if entry is None:
            return "—"
        width, height = entry[0], round(entry[0] * image.height / image.width)
        return format_html(
            '<img class="picture-thumbnail" src="{}" width="{}" height="{}" alt="">',
            url(entry),
            width,
            height,
        )

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("may be shown"), boolean=True)
    def rights(self, image):
        return not image.has_expired_rights

    @admin.display(description=_("used by"))
    def uses(self, image):
        count = getattr(image, "lead_uses", 0) + getattr(image, "inline_uses", 0)
        return ngettext("%(n)d article", "%(n)d articles", count) % {"n": count}

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, image):
        entry = image.rendition("whole", "jpeg")
        if image.pk is None or entry is None:
            return "—"
        return format_html(
            '<div class="focal-point-picker"><img src="{}" width="{}" height="{}" alt="{}" '
            'data-focal-point="id_focal_x id_focal_y"><span class="focal-point-marker" '
            'aria-hidden="true"></span></div><p class="help">{}</p>',
            url(entry),
            entry[0],
            round(entry[0] * image.height / image.width),
            image.alt_text,
            _(
                "Click the part of the picture that must stay in view when it is cropped. "
                "The crops are made again when you save."
            ),
        )

    @admin.display(description=_("rights"))
    def rights_state(self, image):
        end = image.rights_end_at
        if end is None:
            return _("The rights do not expire.")
        facts = {"date": date_format(timezone.localtime(end), "DATETIME_FORMAT")}
        whose_own = image.rights_expire_at is not None and image.rights_expire_at == end
        if not whose_own:
            facts["source"] = image.source.label
        if end > timezone.now():
            if whose_own:
                return _("The rights expire on %(date)s.") % facts
            return _("The rights of %(source)s expire on %(date)s.") % facts
        if whose_own:
            message = _(
                "Not shown: the rights to this picture expired on %(date)s. It has "
                "disappeared from every public page and cannot be chosen."
            )
        else:
            message = _(
                "Not shown: the rights of %(source)s expired on %(date)s. The picture has "
                "disappeared from every public page and cannot be chosen."
            )
        return message % facts

    @admin.display(description=_("used in"))
    def used_in(self, image):
        if image.pk is None:
            return "—"
        articles = (
            (Article.objects.filter(lead_image=image) | Article.objects.filter(inline_images=image))
            .distinct()
            .only("title", "status")
        )
        if not articles:
            return _("No article uses this picture.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                        article.get_status_display(),
                    )
                    for article in articles
                ),
            ),
        )
