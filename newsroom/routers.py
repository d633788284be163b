"""Sends the public site's reads to read replicas, and every write to the primary."""

import random

from django.conf import settings

# Readers' content. Sessions, users and the admin's log stay on the primary, so an editor
# never finds herself logged out because a replica lags a moment behind.
REPLICATED_APPS = {"articles", "taggit"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if replicas and model._meta.app_label in REPLICATED_APPS:
            return random.choice(replicas)  # noqa: S311 (spreading load, not secrets)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
