"""API keys and ingest tokens in the admin: editors create them (the secret is shown once, on
the page that follows), see who made which and when, and revoke them."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import ApiKey, IngestToken
from articles.models.credentials import PREFIX_LENGTH, digest, new_secret


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=ApiKey.Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Without a scope, a key reads what anonymous callers read."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes"]


class CredentialAdmin(admin.ModelAdmin):
    readonly_fields = ["secret_prefix", "created_at", "created_by", "revoked_at"]
    actions = ["revoke"]
    list_select_related = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            secret = new_secret()
            obj.secret_sha256 = digest(secret)
            obj.secret_prefix = secret[:PREFIX_LENGTH]
            obj.created_by = request.user
            request.new_secret = secret
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, this once: it is stored only hashed and can never be shown again."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "credential": obj,
            "secret": request.new_secret,
            "title": _("Copy the secret now"),
        }
        return TemplateResponse(request, "admin/articles/secret_created.html", context)

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d revoked.", "%(count)d revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiKey)
class ApiKeyAdmin(CredentialAdmin):
    form = ApiKeyForm
    list_display = ["name", "secret_prefix", "scopes", "created_by", "created_at", "revoked_at"]
    search_fields = ["name", "secret_prefix"]


@admin.register(IngestToken)
class IngestTokenAdmin(CredentialAdmin):
    fields = ["source", "secret_prefix", "created_at", "created_by", "revoked_at"]
    list_display = ["source", "secret_prefix", "created_by", "created_at", "revoked_at"]
    list_filter = ["source"]
    list_select_related = ["source", "created_by"]
    autocomplete_fields = ["source"]

    def get_readonly_fields(self, request, obj=None):
        # A token belongs to its source for good: another source gets a token of its own.
        return [*self.readonly_fields, "source"] if obj else self.readonly_fields
