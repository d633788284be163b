"""Fills the site with articles in bulk, as fast as PostgreSQL takes rows.

Wagtail adds a page with `add_child`, which locks and reads the tree and saves a revision:
far too slow for a million articles. Here the tree's materialised paths are computed in
Python, and each batch of pages, article rows and tag links goes in by COPY, straight into
the tables of the multi-table inheritance (Page, then ArticlePage). What Wagtail would
have kept up to date on the way (the index's child count, the paths, publication dates) is
written as it would be.
"""

import json
import uuid
from datetime import datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images.models import Image
from wagtail.models import Page, Site

from news.models import ArticlePage, ArticlePageTag, NewsIndexPage

# The renditions the templates ask for (news_index_page.html, article_page.html), made once
# here so that no reader's request makes one.
RENDITIONS = ("fill-320x180", "fill-960x540")
TITLE_LENGTH = Page._meta.get_field("title").max_length
SLUG_LENGTH = Page._meta.get_field("slug").max_length


def site_index():
    """The news index, made the site's root page the first time (in place of the welcome
    page a fresh Wagtail database has)."""
    index = NewsIndexPage.objects.first()
    if index is not None:
        return index
    root = Page.get_first_root_node()
    for welcome in root.get_children().exact_type(Page):
        if welcome.is_leaf():
            welcome.delete()
    index = root.add_child(instance=NewsIndexPage(title="Newsroom", slug="news"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=index, is_default_site=True)
    else:
        site.root_page = index
        site.save()
    return index


def read_articles(path):
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


class Loader:
    """Writes articles under the index, in batches, one transaction each."""

    def __init__(self, index, pictures_dir=None):
        self.index = index
        self.pictures_dir = Path(pictures_dir) if pictures_dir else None
        self.number = index.numchild
        self.tag_ids = dict(Tag.objects.values_list("name", "pk"))
        self.tag_slugs = set(Tag.objects.values_list("slug", flat=True))
        self.image_ids = {}
        self.page_columns = [field for field in Page._meta.concrete_fields if not field.primary_key]
        self.page_defaults = self._page_defaults()

    def _page_defaults(self):
        """Every column of a new article's page row, as Wagtail's own defaults make it; the
        columns that differ from article to article are filled per row."""
        defaults = {field.attname: field.get_default() for field in self.page_columns}
        defaults.update(
            depth=self.index.depth + 1,
            numchild=0,
            locale_id=self.index.locale_id,
            live=True,
            has_unpublished_changes=False,
            content_type_id=ContentType.objects.get_for_model(ArticlePage).pk,
        )
        return defaults

    def write(self, articles):
        """Writes one batch (a list of exported articles); returns how many it wrote."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Page._meta.db_table, len(articles)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            pages, rows, links = [], [], []
            for pk, article in zip(ids, articles, strict=True):
                self.number += 1
                pages.append(self._page_row(pk, article))
                rows.append(self._article_row(pk, article))
                links.extend((pk, tag_id) for tag_id in self._tag_ids(article["tags"]))
            copy(cursor, Page._meta.db_table, ["id", *self._page_column_names()], pages)
            copy(
                cursor,
                ArticlePage._meta.db_table,
                ["page_ptr_id", "summary", "body", "date", "source", "lead_image_id"],
                rows,
            )
            copy(cursor, ArticlePageTag._meta.db_table, ["content_object_id", "tag_id"], links)
            cursor.execute(
                f"UPDATE {Page._meta.db_table} SET numchild = %s WHERE id = %s",  # noqa: S608
                [self.number, self.index.pk],
            )
        return len(articles)

    def _page_column_names(self):
        return [field.column for field in self.page_columns]

    def _page_row(self, pk, article):
        published_at = datetime.fromisoformat(article["published_at"])
        title = article["title"][:TITLE_LENGTH]
        slug = article["slug"][:SLUG_LENGTH]
        values = dict(
            self.page_defaults,
            path=self.index.path + Page._int2str(self.number).rjust(Page.steplen, "0"),
            translation_key=uuid.uuid4(),
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at,
            title=title,
            draft_title=title,
            slug=slug,
            url_path=f"{self.index.url_path}{slug}/",
        )
        return [pk, *(values[field.attname] for field in self.page_columns)]

    def _article_row(self, pk, article):
        return [
            pk,
            article["summary"],
            article["body"],
            datetime.fromisoformat(article["published_at"]),
            article["source"] or "",
            self._image_id(article.get("picture")),
        ]

    def _tag_ids(self, names):
        missing = [name for name in dict.fromkeys(names) if name not in self.tag_ids]
        if missing:
            new = []
            for name in missing:
                slug = base = slugify(name, allow_unicode=True)[:90] or "tag"
                suffix = 2
                while slug in self.tag_slugs:
                    slug, suffix = f"{base}-{suffix}", suffix + 1
                self.tag_slugs.add(slug)
                new.append(Tag(name=name, slug=slug))
            for tag in Tag.objects.bulk_create(new):
                self.tag_ids[tag.name] = tag.pk
        return [self.tag_ids[name] for name in dict.fromkeys(names)]

    def _image_id(self, picture):
        """The Wagtail image of an exported picture: one per distinct file, made the first
        time it is met."""
        if not picture or self.pictures_dir is None:
            return None
        path = picture["path"]
        if path not in self.image_ids:
            alt = picture.get("alt") or Path(path).stem
            with (self.pictures_dir / path).open("rb") as original:
                image = Image(
                    title=alt[:255], description=alt, file=File(original, Path(path).name)
                )
                image._set_image_file_metadata()
                image.save()
            self.image_ids[path] = image.pk
        return self.image_ids[path]

    def make_renditions(self):
        """The renditions the templates show, for every picture loaded."""
        for image in Image.objects.filter(pk__in=self.image_ids.values()):
            image.get_renditions(*RENDITIONS)
        return len(self.image_ids)


def copy(cursor, table, columns, rows):
    """COPY rows into table, psycopg adapting each value."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.cursor.copy(statement) as writer:
        for row in rows:
            writer.write_row(row)


def analyze():
    """Fresh statistics (and visibility maps) for the planner, outside any transaction."""
    with connection.cursor() as cursor:
        for model in (Page, ArticlePage, ArticlePageTag, Tag):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
