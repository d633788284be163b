"""Each tag's and each byline's row holds its article's publication time, copied there by the
database, so that a tag's or an author's list is read newest first from one index however
many or few articles it has: at a million articles, a tag on one in four hundred otherwise had
each of its 2,500 articles looked up to sort them (5 ms).

Triggers keep the copy, so that no way of writing an article, a tag or a byline (the admin,
QuerySet.update(), loaddata, COPY) can leave it behind: a row takes its article's time when
written, and an article's new time, or its first, reaches its rows. (A later migration that
makes one of these tables anew on SQLite, as its schema editor does for some changes, must
create their triggers again.)
"""

from django.db import migrations, models

# Each linking table's trigger, the table, and its column naming the article.
LINKS = [
    ("tagged_article_publication_time", "articles_taggedarticle", "content_object_id"),
    ("byline_publication_time", "articles_articleauthor", "article_id"),
]

POSTGRESQL_ROWS = "".join(
    f"""
CREATE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.published_at := (SELECT published_at FROM articles_article WHERE id = NEW.{article});
    RETURN NEW;
END
$$;

CREATE TRIGGER {name}
BEFORE INSERT OR UPDATE ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    for name, table, article in LINKS
)

# The search vector depends on which tags an article has, not on the copied time.
POSTGRESQL_RETAG = """
DROP TRIGGER article_search_vector_retag ON articles_taggedarticle;
CREATE TRIGGER article_search_vector_retag
AFTER INSERT OR DELETE OR UPDATE OF tag_id, content_object_id ON articles_taggedarticle
FOR EACH ROW EXECUTE FUNCTION article_search_vector_retag();
"""

POSTGRESQL_ARTICLES = """
CREATE FUNCTION article_publication_time_copied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_taggedarticle SET published_at = NEW.published_at
    WHERE content_object_id = NEW.id AND published_at IS DISTINCT FROM NEW.published_at;
    UPDATE articles_articleauthor SET published_at = NEW.published_at
    WHERE article_id = NEW.id AND published_at IS DISTINCT FROM NEW.published_at;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_publication_time_changed
AFTER UPDATE OF published_at ON articles_article
FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION article_publication_time_copied();

-- Rows loaded before their article (loaddata, its constraints checked at the end).
CREATE TRIGGER article_publication_time_first
AFTER INSERT ON articles_article
FOR EACH ROW EXECUTE FUNCTION article_publication_time_copied();

-- Every existing row, through the triggers above.
UPDATE articles_taggedarticle SET published_at = NULL;
UPDATE articles_articleauthor SET published_at = NULL;
"""

POSTGRESQL = POSTGRESQL_RETAG + POSTGRESQL_ROWS + POSTGRESQL_ARTICLES

POSTGRESQL_UNDONE = """
DROP TRIGGER IF EXISTS article_publication_time_first ON articles_article;
DROP TRIGGER IF EXISTS article_publication_time_changed ON articles_article;
DROP FUNCTION IF EXISTS article_publication_time_copied();
DROP TRIGGER IF EXISTS byline_publication_time ON articles_articleauthor;
DROP FUNCTION IF EXISTS byline_publication_time();
DROP TRIGGER IF EXISTS tagged_article_publication_time ON articles_taggedarticle;
DROP FUNCTION IF EXISTS tagged_article_publication_time();
DROP TRIGGER article_search_vector_retag ON articles_taggedarticle;
CREATE TRIGGER article_search_vector_retag
AFTER INSERT OR UPDATE OR DELETE ON articles_taggedarticle
FOR EACH ROW EXECUTE FUNCTION article_search_vector_retag();
"""

# SQLite's triggers cannot set a row's values before it is written: they correct it after.
SQLITE = [
    *(
        f"""
        CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table}
        WHEN NEW.published_at IS NOT
            (SELECT published_at FROM articles_article WHERE id = NEW.{article})
        BEGIN
            UPDATE {table} SET published_at =
                (SELECT published_at FROM articles_article WHERE id = NEW.{article})
            WHERE id = NEW.id;
        END
        """
        for name, table, article in LINKS
        for event in ("INSERT", "UPDATE")
    ),
    *(
        f"""
        CREATE TRIGGER article_publication_time_{name} AFTER {event} ON articles_article
        {condition}
        BEGIN
            UPDATE articles_taggedarticle SET published_at = NEW.published_at
            WHERE content_object_id = NEW.id AND published_at IS NOT NEW.published_at;
            UPDATE articles_articleauthor SET published_at = NEW.published_at
            WHERE article_id = NEW.id AND published_at IS NOT NEW.published_at;
        END
        """
        for name, event, condition in [
            ("changed", "UPDATE OF published_at", "WHEN OLD.published_at IS NOT NEW.published_at"),
            ("first", "INSERT", ""),
        ]
    ),
    # Every existing row, through the triggers above.
    "UPDATE articles_taggedarticle SET published_at = NULL",
    "UPDATE articles_articleauthor SET published_at = NULL",
]

SQLITE_UNDONE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "tagged_article_publication_time_insert",
        "tagged_article_publication_time_update",
        "byline_publication_time_insert",
        "byline_publication_time_update",
        "article_publication_time_changed",
        "article_publication_time_first",
    )
]


def _run(postgresql, sqlite):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgresql, params=None)
        elif vendor == "sqlite":
            for statement in sqlite:
                schema_editor.execute(statement, params=None)
        else:
            raise NotImplementedError(f"No triggers keep publication times on {vendor}.")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_search_candidates_past_the_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="taggedarticle",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="articleauthor",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(
            _run(POSTGRESQL, SQLITE), _run(POSTGRESQL_UNDONE, SQLITE_UNDONE), elidable=False
        ),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "-published_at", "-content_object"], name="tagged_by_tag_published"
            ),
        ),
        migrations.AddIndex(
            model_name="articleauthor",
            index=models.Index(
                fields=["author", "-published_at", "-article"], name="byline_by_author_published"
            ),
        ),
    ]
