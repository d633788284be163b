"""The newsroom's domain: sources, tags, articles, their corrections, revisions and URLs, and
the provenance of agency copy; sections, authors and the front page's curated slots."""

from articles.models.articles import Article
from articles.models.authors import ArticleAuthor, Author
from articles.models.corrections import Correction
from articles.models.credentials import ApiKey, IngestToken
from articles.models.editing import Autosave, Presence
from articles.models.front_page import FrontPageSlot
from articles.models.images import Image
from articles.models.provenance import ProvenanceRecord
from articles.models.querysets import ArticleQuerySet
from articles.models.redirects import ArticleUrl
from articles.models.revisions import Revision
from articles.models.sections import Section
from articles.models.sources import Source, validate_time_zone
from articles.models.tags import Tag, TaggedArticle, TagRedirect

__all__ = [
    "ApiKey",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "ArticleUrl",
    "Author",
    "Autosave",
    "Correction",
    "FrontPageSlot",
    "Image",
    "IngestToken",
    "Presence",
    "ProvenanceRecord",
    "Revision",
    "Section",
    "Source",
    "Tag",
    "TaggedArticle",
    "TagRedirect",
    "validate_time_zone",
]
