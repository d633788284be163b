from django.apps import AppConfig


class SyntheticArchiveConfig(AppConfig):
    """No models: the app is here for its management command."""

    name = "bench.archive"
    label = "synthetic_archive"
    verbose_name = "Synthetic archive"
