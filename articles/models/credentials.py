"""Secrets that let machines in: API keys for readers of the content API, ingest tokens for
agencies that push their texts. Only a SHA-256 of each secret is stored; the secret itself is
shown once, when it is made, and cannot be read back."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.sources import Source

# The first characters of a secret, kept in clear so that editors can tell keys apart.
PREFIX_LENGTH = 8


def new_secret():
    return secrets.token_urlsafe(32)


def digest(secret):
    """The stored form of a secret. The secrets are random, so a plain SHA-256 is enough: there
    is nothing to guess that a slow hash would protect."""
    return hashlib.sha256(secret.encode()).hexdigest()


class CredentialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, secret):
        """The active credential this secret belongs to, or None."""
        return self.active().filter(secret_sha256=digest(secret)).first()

    def create_with_secret(self, **fields):
        """(credential, secret): the secret is returned this once and stored only hashed."""
        secret = new_secret()
        credential = self.create(
            secret_sha256=digest(secret), secret_prefix=secret[:PREFIX_LENGTH], **fields
        )
        return credential, secret


class Credential(models.Model):
    secret_sha256 = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True)
    secret_prefix = models.CharField(_("begins with"), max_length=PREFIX_LENGTH)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class ApiKey(Credential):
    """A key for a partner of the content API, sent as `Authorization: Bearer <key>`."""

    class Scope(models.TextChoices):
        FULL_TEXT = "full_text", _("full text of every article, whatever the source allows")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who uses it, e.g. the partner's name.")
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)

    class Meta(Credential.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return self.name

    def has_scope(self, scope):
        return scope in self.scopes


class IngestToken(Credential):
    """The token an agency sends with the texts it pushes to /api/v1/wire/<its slug>/."""

    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="ingest_tokens",
        verbose_name=_("source"),
    )

    class Meta(Credential.Meta):
        verbose_name = _("ingest token")
        verbose_name_plural = _("ingest tokens")

    def __str__(self):
        return f"{self.source.label} ({self.secret_prefix}…)"
