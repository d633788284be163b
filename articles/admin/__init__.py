"""The editors' side: articles (with workflow, revisions and corrections), sources and tags,
the provenance of agency copy, sections, authors and the front page."""

from articles.admin import articles, branding, people, provenance, taxonomy  # noqa: F401  (registers the admins, names the site)
