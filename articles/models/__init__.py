"""The newsroom's domain: sources, tags, articles, their corrections, revisions and URLs, and
the provenance of agency copy."""

from articles.models.articles import Article
from articles.models.corrections import Correction
from articles.models.credentials import ApiKey, IngestToken
from articles.models.provenance import ProvenanceRecord
from articles.models.querysets import ArticleQuerySet
from articles.models.redirects import ArticleUrl
from articles.models.revisions import Revision
from articles.models.sources import Source, validate_time_zone
from articles.models.tags import Tag, TaggedArticle

__all__ = [
    "ApiKey",
    "Article",
    "ArticleQuerySet",
    "ArticleUrl",
    "Correction",
    "IngestToken",
    "ProvenanceRecord",
    "Revision",
    "Source",
    "Tag",
    "TaggedArticle",
    "validate_time_zone",
]
