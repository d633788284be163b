from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import signals  # noqa: F401  (connects the receivers)
        from articles.site import page_changes  # noqa: F401  (purges readers' stale pages)
