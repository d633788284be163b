"""The editors' side: articles (with workflow, revisions and corrections), sources and tags,
and the provenance of agency copy."""

from articles.admin import (  # noqa: F401  (registers the admins, names the site)
    articles,
    branding,
    credentials,
    provenance,
    taxonomy,
)
