"""Each tag's row also holds what the published rule and the related articles ask of its
article: its status, language and source, and the ids of all its tags. An article's related
articles are then chosen from the tags' (tag, article) index alone: at 100,000 articles, an
article with six tags had its 1,100 candidates each looked up among the articles and then
among their tags (3.7 ms of PostgreSQL's time); from the index, 1.0.

As with the publication time (migrations 0022 and 0023), the database keeps the copies, so
that no way of writing an article or a tag (the admin, QuerySet.update(), loaddata, a tag's
merge) leaves them behind: a tag's row takes its article's values when written, an
article's new values reach its rows, and whenever an article's tags change, all its rows get
their new list. The functions keep the names they had when they copied the time alone.
"""

from django.db import migrations, models

import articles.models.arrays

COPIED = ("published_at", "status", "language", "source_id")
NEW_COPIES = ", ".join(f"NEW.{column}" for column in COPIED)
OLD_COPIES = ", ".join(f"OLD.{column}" for column in COPIED)
ROW_COPIES = ", ".join(COPIED)

# Every existing row: its list, and its copies through the trigger before each write.
POSTGRESQL_FILL = """
UPDATE articles_taggedarticle AS tagged SET article_tag_ids = gathered.tag_ids
FROM (
    SELECT content_object_id, array_agg(tag_id ORDER BY tag_id) AS tag_ids
    FROM articles_taggedarticle GROUP BY content_object_id
) AS gathered
WHERE tagged.content_object_id = gathered.content_object_id;
"""

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION tagged_article_publication_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- All NULL while the article is not written yet (loaddata): see the late trigger.
    SELECT {ROW_COPIES} INTO {NEW_COPIES}
    FROM articles_article WHERE id = NEW.content_object_id;
    RETURN NEW;
END
$$;

-- Every article has a status: a row without one was written before its article.
DROP TRIGGER tagged_article_publication_time_late ON articles_taggedarticle;
CREATE CONSTRAINT TRIGGER tagged_article_publication_time_late
AFTER INSERT ON articles_taggedarticle
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.status IS NULL)
EXECUTE FUNCTION tagged_article_publication_time_late();

CREATE OR REPLACE FUNCTION article_publication_time_copied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Written again, the rows take the article's values (tagged_article_publication_time).
    UPDATE articles_taggedarticle SET published_at = NEW.published_at
    WHERE content_object_id = NEW.id AND ({ROW_COPIES}) IS DISTINCT FROM ({NEW_COPIES});
    UPDATE articles_articleauthor SET published_at = NEW.published_at
    WHERE article_id = NEW.id AND published_at IS DISTINCT FROM NEW.published_at;
    RETURN NULL;
END
$$;

DROP TRIGGER article_publication_time_changed ON articles_article;
CREATE TRIGGER article_publication_time_changed
AFTER UPDATE OF {ROW_COPIES} ON articles_article
FOR EACH ROW WHEN (({OLD_COPIES}) IS DISTINCT FROM ({NEW_COPIES}))
EXECUTE FUNCTION article_publication_time_copied();

-- One article's list, given to each of its rows, by the article's index (a statement's
-- articles are looked up one by one, however many rows the table has).
CREATE FUNCTION article_tag_ids_gathered(article bigint) RETURNS void
LANGUAGE sql AS $$
    UPDATE articles_taggedarticle SET article_tag_ids = gathered.tag_ids
    FROM (
        SELECT array_agg(tag_id ORDER BY tag_id) AS tag_ids
        FROM articles_taggedarticle WHERE content_object_id = article
    ) AS gathered
    WHERE content_object_id = article AND article_tag_ids IS DISTINCT FROM gathered.tag_ids;
$$;

-- The articles whose tags a statement added or removed, each once per statement (COPY and
-- bulk inserts write many rows of one article).
CREATE FUNCTION article_tag_ids_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    article bigint;
BEGIN
    FOR article IN SELECT DISTINCT content_object_id FROM changed LOOP
        PERFORM article_tag_ids_gathered(article);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_tag_ids_added
AFTER INSERT ON articles_taggedarticle
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION article_tag_ids_changed();

CREATE TRIGGER article_tag_ids_removed
AFTER DELETE ON articles_taggedarticle
REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION article_tag_ids_changed();

-- A row moved to another tag or article (a tag's merge): both articles' lists.
CREATE FUNCTION article_tag_ids_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM article_tag_ids_gathered(OLD.content_object_id);
    IF NEW.content_object_id <> OLD.content_object_id THEN
        PERFORM article_tag_ids_gathered(NEW.content_object_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_tag_ids_moved
AFTER UPDATE OF tag_id, content_object_id ON articles_taggedarticle
FOR EACH ROW WHEN ((OLD.tag_id, OLD.content_object_id) IS DISTINCT FROM
    (NEW.tag_id, NEW.content_object_id))
EXECUTE FUNCTION article_tag_ids_moved();

{POSTGRESQL_FILL}
"""

POSTGRESQL_UNDONE = """
DROP TRIGGER article_tag_ids_moved ON articles_taggedarticle;
DROP FUNCTION article_tag_ids_moved();
DROP TRIGGER article_tag_ids_removed ON articles_taggedarticle;
DROP TRIGGER article_tag_ids_added ON articles_taggedarticle;
DROP FUNCTION article_tag_ids_changed();
DROP FUNCTION article_tag_ids_gathered(bigint);

DROP TRIGGER article_publication_time_changed ON articles_article;
CREATE TRIGGER article_publication_time_changed
AFTER UPDATE OF published_at ON articles_article
FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION article_publication_time_copied();

CREATE OR REPLACE FUNCTION article_publication_time_copied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_taggedarticle SET published_at = NEW.published_at
    WHERE content_object_id = NEW.id AND published_at IS DISTINCT FROM NEW.published_at;
    UPDATE articles_articleauthor SET published_at = NEW.published_at
    WHERE article_id = NEW.id AND published_at IS DISTINCT FROM NEW.published_at;
    RETURN NULL;
END
$$;

DROP TRIGGER tagged_article_publication_time_late ON articles_taggedarticle;
CREATE CONSTRAINT TRIGGER tagged_article_publication_time_late
AFTER INSERT ON articles_taggedarticle
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.published_at IS NULL)
EXECUTE FUNCTION tagged_article_publication_time_late();

CREATE OR REPLACE FUNCTION tagged_article_publication_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.published_at := (SELECT published_at FROM articles_article WHERE id = NEW.content_object_id);
    RETURN NEW;
END
$$;
"""

# SQLite's triggers cannot set a row's values before it is written: they correct it after.
SQLITE_DIFFERS = " OR ".join(f"{column} IS NOT NEW.{column}" for column in COPIED)
SQLITE_SET_FROM_NEW = ", ".join(f"{column} = NEW.{column}" for column in COPIED)


def sqlite_regathered(article):
    return f"""
    UPDATE articles_taggedarticle SET article_tag_ids = (
        SELECT json_group_array(tag_id) FROM (
            SELECT tag_id FROM articles_taggedarticle WHERE content_object_id = {article}
            ORDER BY tag_id
        )
    )
    WHERE content_object_id = {article};
"""


SQLITE_OLD_TRIGGERS = (
    "tagged_article_publication_time_insert",
    "tagged_article_publication_time_update",
    "article_publication_time_changed",
    "article_publication_time_first",
)

SQLITE = [
    *(f"DROP TRIGGER {name}" for name in SQLITE_OLD_TRIGGERS),
    *(
        f"""
        CREATE TRIGGER tagged_article_publication_time_{event.lower()}
        AFTER {event} ON articles_taggedarticle
        WHEN ({NEW_COPIES}) IS NOT
            (SELECT {ROW_COPIES} FROM articles_article WHERE id = NEW.content_object_id)
        BEGIN
            UPDATE articles_taggedarticle SET ({ROW_COPIES}) =
                (SELECT {ROW_COPIES} FROM articles_article WHERE id = NEW.content_object_id)
            WHERE id = NEW.id;
        END
        """
        for event in ("INSERT", "UPDATE")
    ),
    *(
        f"""
        CREATE TRIGGER article_publication_time_{name} AFTER {event} ON articles_article
        {condition}
        BEGIN
            UPDATE articles_taggedarticle SET {SQLITE_SET_FROM_NEW}
            WHERE content_object_id = NEW.id AND ({SQLITE_DIFFERS});
            UPDATE articles_articleauthor SET published_at = NEW.published_at
            WHERE article_id = NEW.id AND published_at IS NOT NEW.published_at;
        END
        """
        for name, event, condition in [
            (
                "changed",
                f"UPDATE OF {ROW_COPIES}",
                "WHEN " + " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COPIED),
            ),
            ("first", "INSERT", ""),
        ]
    ),
    f"""
    CREATE TRIGGER article_tag_ids_added AFTER INSERT ON articles_taggedarticle
    BEGIN {sqlite_regathered("NEW.content_object_id")} END
    """,
    f"""
    CREATE TRIGGER article_tag_ids_removed AFTER DELETE ON articles_taggedarticle
    BEGIN {sqlite_regathered("OLD.content_object_id")} END
    """,
    f"""
    CREATE TRIGGER article_tag_ids_moved
    AFTER UPDATE OF tag_id, content_object_id ON articles_taggedarticle
    BEGIN
        {sqlite_regathered("OLD.content_object_id")}
        {sqlite_regathered("NEW.content_object_id")}
    END
    """,
    # Every existing row: its list, and its copies through the triggers above.
    "UPDATE articles_taggedarticle SET status = NULL, article_tag_ids = NULL",
    """
    UPDATE articles_taggedarticle SET article_tag_ids = (
        SELECT json_group_array(tag_id) FROM (
            SELECT tagged.tag_id FROM articles_taggedarticle AS tagged
            WHERE tagged.content_object_id = articles_taggedarticle.content_object_id
            ORDER BY tagged.tag_id
        )
    )
    """,
]

SQLITE_UNDONE = [
    *(
        f"DROP TRIGGER {name}"
        for name in (
            *SQLITE_OLD_TRIGGERS,
            "article_tag_ids_added",
            "article_tag_ids_removed",
            "article_tag_ids_moved",
        )
    ),
    *(
        f"""
        CREATE TRIGGER tagged_article_publication_time_{event.lower()}
        AFTER {event} ON articles_taggedarticle
        WHEN NEW.published_at IS NOT
            (SELECT published_at FROM articles_article WHERE id = NEW.content_object_id)
        BEGIN
            UPDATE articles_taggedarticle SET published_at =
                (SELECT published_at FROM articles_article WHERE id = NEW.content_object_id)
            WHERE id = NEW.id;
        END
        """
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
            raise NotImplementedError(f"No triggers keep the tags' copies on {vendor}.")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_publication_time_of_rows_written_first"),
    ]

    operations = [
        migrations.AddField(
            model_name="taggedarticle",
            name="status",
            field=models.CharField(editable=False, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="language",
            field=models.CharField(editable=False, max_length=35, null=True),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="source",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=models.DO_NOTHING,
                related_name="+",
                to="articles.source",
            ),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="article_tag_ids",
            field=articles.models.arrays.IdArray(editable=False, null=True),
        ),
        migrations.RunPython(
            _run(POSTGRESQL, SQLITE), _run(POSTGRESQL_UNDONE, SQLITE_UNDONE), elidable=False
        ),
        migrations.RemoveIndex(model_name="taggedarticle", name="tagged_by_tag_newest"),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "-content_object"],
                include=("published_at", "status", "language", "source", "article_tag_ids"),
                name="tagged_by_tag_newest",
            ),
        ),
    ]
