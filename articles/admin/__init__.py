"""The editors' side: articles (with workflow, revisions and corrections), sources and tags,
pictures, the provenance of agency copy, sections, authors and the front page."""

from articles.admin import (  # noqa: F401  (registers the admins, names the site)
    articles,
    branding,
    credentials,
    desk,
    people,
    pictures,
    provenance,
    taxonomy,
)
