"""Full-text search on PostgreSQL: a weighted tsvector per article, kept current by triggers.

The vector is built in the text-search configuration of the article's language (german for de,
english for en, simple otherwise) from the title (weight A), the summary (B), the body and the
tag names (C). Triggers rebuild it when an article is written, when a tag is added to or removed
from it, and when a tag is renamed, so every way of writing (admin, loaddata, bulk updates, raw
SQL) leaves it right. A GIN index serves the @@ matches. On other databases the column stays
empty and search falls back to containment.
"""

import django.contrib.postgres.search
from django.db import migrations

CREATE = """
CREATE FUNCTION article_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lower(split_part(coalesce(language, ''), '-', 1))
        WHEN 'de' THEN 'pg_catalog.german'::regconfig
        WHEN 'en' THEN 'pg_catalog.english'::regconfig
        ELSE 'pg_catalog.simple'::regconfig
    END
$$;

CREATE FUNCTION article_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := article_search_config(NEW.language);
    tag_names text;
BEGIN
    SELECT string_agg(tag.name, ' ') INTO tag_names
    FROM articles_taggedarticle tagged
    JOIN articles_tag tag ON tag.id = tagged.tag_id
    WHERE tagged.content_object_id = NEW.id;
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C')
        || setweight(to_tsvector(config, coalesce(tag_names, '')), 'C');
    RETURN NEW;
END
$$;

CREATE TRIGGER article_search_vector
BEFORE INSERT OR UPDATE OF title, summary, body, language ON articles_article
FOR EACH ROW EXECUTE FUNCTION article_search_vector_update();

-- Touching the language column re-runs the trigger above for the affected articles.
CREATE FUNCTION article_search_vector_retag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE articles_article SET language = language WHERE id = NEW.content_object_id;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE articles_article SET language = language WHERE id = OLD.content_object_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_search_vector_retag
AFTER INSERT OR UPDATE OR DELETE ON articles_taggedarticle
FOR EACH ROW EXECUTE FUNCTION article_search_vector_retag();

CREATE FUNCTION article_search_vector_rename_tag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article SET language = language
    WHERE id IN (SELECT content_object_id FROM articles_taggedarticle WHERE tag_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER article_search_vector_rename_tag
AFTER UPDATE OF name ON articles_tag
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION article_search_vector_rename_tag();

-- Without these the planner guesses that few rows share a configuration, underestimates how
-- many articles a common word matches and scans them all instead of reading newest first.
CREATE STATISTICS article_search_config_stats
ON ((article_search_config(language))::text) FROM articles_article;

UPDATE articles_article SET language = language;

CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS article_search_vector_gin;
DROP STATISTICS IF EXISTS article_search_config_stats;
DROP TRIGGER IF EXISTS article_search_vector_rename_tag ON articles_tag;
DROP FUNCTION IF EXISTS article_search_vector_rename_tag();
DROP TRIGGER IF EXISTS article_search_vector_retag ON articles_taggedarticle;
DROP FUNCTION IF EXISTS article_search_vector_retag();
DROP TRIGGER IF EXISTS article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS article_search_vector_update();
DROP FUNCTION IF EXISTS article_search_config(text);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_agency_copy_provenance_and_rights"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
