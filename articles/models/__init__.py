"""The newsroom's domain: sources, tags and articles."""

from articles.models.articles import Article, ArticleQuerySet
from articles.models.sources import Source, validate_time_zone
from articles.models.tags import Tag, TaggedArticle

__all__ = ["Article", "ArticleQuerySet", "Source", "Tag", "TaggedArticle", "validate_time_zone"]
