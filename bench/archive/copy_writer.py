"""Writing a synthetic archive into PostgreSQL fast: COPY, with search vectors made from parts.

Stemming a body for the search index is most of the cost of writing an article. Synthetic
bodies are stitched from a pool of paragraphs, so each paragraph is stemmed once, and each
article's vector is put together from its paragraphs' vectors, its title's, its summary's and
its tags' (the `||` of tsvectors shifts positions as the text would). The search trigger keeps
a vector given on insert, as it does for any bulk load (migration 0009). Each paragraph is
rendered once too, and a body's HTML is its paragraphs' (a paragraph of one line renders
alone, whatever stands around it); everything else is as an insert by the ORM would leave it.

Per connection: temporary tables for the paragraph pool, the tags' vectors and one batch of
articles, and an aggregate that concatenates tsvectors. A batch is COPYed into the staging
table, then moved into the article table by one INSERT ... SELECT that assembles bodies and
vectors.
"""

from django.db import connection

from articles.models import Article, Tag
from articles.text import RENDERING, render_markdown

# The columns the INSERT below makes from a batch's paragraphs rather than takes as given.
MADE_HERE = ("body", "search_vector", "body_html", "body_html_key")

SETUP = """
CREATE TEMPORARY TABLE synthetic_paragraph (
    language text, number integer, text text, html text, vector tsvector,
    PRIMARY KEY (language, number)
);
CREATE TEMPORARY TABLE synthetic_tag_vector (
    language text, tag_id bigint, vector tsvector, PRIMARY KEY (language, tag_id)
);
CREATE TEMPORARY TABLE synthetic_article (LIKE {article_table} INCLUDING DEFAULTS);
ALTER TABLE synthetic_article
    DROP COLUMN body, DROP COLUMN search_vector, DROP COLUMN body_html, DROP COLUMN body_html_key,
    ADD COLUMN paragraphs integer[], ADD COLUMN tag_ids bigint[];
CREATE AGGREGATE pg_temp.tsvector_agg (tsvector) (
    SFUNC = pg_catalog.tsvector_concat, STYPE = tsvector, INITCOND = ''
);
"""

STEM_PARAGRAPHS = """
UPDATE synthetic_paragraph
SET vector = setweight(to_tsvector(article_search_config(language), text), 'C')
"""

STEM_TAGS = """
INSERT INTO synthetic_tag_vector (language, tag_id, vector)
SELECT language, tag.id, setweight(to_tsvector(article_search_config(language), tag.name), 'C')
FROM {tag_table} tag, unnest(%s::text[]) AS language
WHERE tag.id = ANY(%s)
"""

MOVE_BATCH = """
INSERT INTO {article_table} (id, {columns}, body, search_vector, body_html, body_html_key)
SELECT
    article.id, {article_columns}, body.text,
    setweight(to_tsvector(config, article.title), 'A')
    || setweight(to_tsvector(config, article.summary), 'B')
    || body.vector
    || coalesce(tags.vector, ''::tsvector),
    body.html, encode(sha256(convert_to(%(rendering)s || body.text, 'UTF8')), 'hex')
FROM synthetic_article article
CROSS JOIN LATERAL article_search_config(article.language) AS config
CROSS JOIN LATERAL (
    SELECT
        string_agg(paragraph.text, E'\\n\\n' ORDER BY part.position) AS text,
        string_agg(paragraph.html, '' ORDER BY part.position) AS html,
        pg_temp.tsvector_agg(paragraph.vector ORDER BY part.position) AS vector
    FROM unnest(article.paragraphs) WITH ORDINALITY AS part(number, position)
    JOIN synthetic_paragraph paragraph
        ON paragraph.language = article.language AND paragraph.number = part.number
) AS body
CROSS JOIN LATERAL (
    SELECT pg_temp.tsvector_agg(tag.vector ORDER BY part.position) AS vector
    FROM unnest(article.tag_ids) WITH ORDINALITY AS part(tag_id, position)
    JOIN synthetic_tag_vector tag
        ON tag.language = article.language AND tag.tag_id = part.tag_id
) AS tags;
TRUNCATE synthetic_article;
"""


class CopyWriter:
    """Writes batches of ArchiveWriter's articles on the current connection."""

    def __init__(self, archive, columns):
        self.columns = [f for f in columns if f.attname not in MADE_HERE]
        names = [connection.ops.quote_name(f.column) for f in self.columns]
        self.column_list = ", ".join(names)
        self.tables = {
            "article_table": connection.ops.quote_name(Article._meta.db_table),
            "tag_table": connection.ops.quote_name(Tag._meta.db_table),
        }
        self.move_batch = MOVE_BATCH.format(
            columns=self.column_list,
            article_columns=", ".join(f"article.{name}" for name in names),
            **self.tables,
        )
        self._prepare(archive)

    def _prepare(self, archive):
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS synthetic_paragraph, synthetic_tag_vector, synthetic_article"
            )
            cursor.execute("DROP AGGREGATE IF EXISTS pg_temp.tsvector_agg (tsvector)")
            cursor.execute(SETUP.format(**self.tables))
            with cursor.cursor.copy(
                "COPY synthetic_paragraph (language, number, text, html) FROM STDIN"
            ) as copy:
                for language, pool in archive.paragraphs.items():
                    for number, text in enumerate(pool):
                        copy.write_row((language, number, text, paragraph_html(text)))
            cursor.execute(STEM_PARAGRAPHS)
            cursor.execute(
                STEM_TAGS.format(**self.tables), [list(archive.paragraphs), archive.tag_ids]
            )
            # Without statistics the planner takes the pools for empty, and scans them.
            cursor.execute("ANALYZE synthetic_paragraph, synthetic_tag_vector")

    def write(self, batch, ids):
        """batch: (fields, tag ids) pairs from ArchiveWriter.article; ids: their primary keys."""
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                f"COPY synthetic_article (id, {self.column_list}, paragraphs, tag_ids) FROM STDIN"
            ) as copy:
                for pk, (fields, tag_ids) in zip(ids, batch, strict=True):
                    values = [fields[f.attname] for f in self.columns]
                    copy.write_row([pk, *values, fields["body_paragraphs"], tag_ids])
            cursor.execute(self.move_batch, {"rendering": f"{RENDERING}\n"})


def paragraph_html(text):
    """A pool paragraph's HTML, which must be one paragraph for bodies' HTML to be made of
    their paragraphs'."""
    html = render_markdown(text)
    if "\n" in text or not (html.startswith("<p>") and html.count("<p>") == 1):
        raise ValueError(f"Not a paragraph of its own in Markdown: {text[:60]!r}")
    return html
