"""The editors' side: articles (with workflow, revisions and corrections), sources and tags."""

from articles.admin import articles, taxonomy  # noqa: F401  (registers the model admins)
