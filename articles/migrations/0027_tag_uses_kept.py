"""Each tag's uses, kept by the database as its articles are tagged and untagged.

An article's related stories weigh its tags by their uses (TagQuerySet.with_uses()). Counted
when the page was read, from the (tag, article) index up to a thousand rows a tag, they were
half of PostgreSQL's time for an article's own statement: at 100,000 articles, 0.23 of
0.43 ms for an article of four tags. Kept, each is one row read by its key.

As with the tags' copies of their article (migrations 0022 to 0026), the database keeps the
count, so that no way of writing a tag's rows (the admin, QuerySet.update() and delete(),
loaddata, COPY, a tag's merge) leaves it behind. The count is of rows, whatever their
article's status, as it was counted before. It is not a column of the tag's own row, which
Django writes whole when a tag is saved, and would then write back as it had read it.

On PostgreSQL one statement's rows are counted together, in the order of the tags' ids, so
that two statements tagging the same tags take their locks in the same order. A count row
left at zero stays until its tag is deleted.
"""

from django.db import migrations

CREATED = "CREATE TABLE articles_tag_uses (tag_id bigint PRIMARY KEY, uses integer NOT NULL)"

COUNTED = """
INSERT INTO articles_tag_uses (tag_id, uses)
SELECT tag_id, COUNT(*) FROM articles_taggedarticle GROUP BY tag_id
"""


def postgresql_counted(sign, rows):
    """Adds `sign` for each of `rows`' tags, one change a tag, in the order of their ids."""
    return f"""
    INSERT INTO articles_tag_uses AS kept (tag_id, uses)
    SELECT tag_id, {sign} COUNT(*) FROM {rows} GROUP BY tag_id ORDER BY tag_id
    ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
    """


def postgresql_one(sign, tag):
    return f"""
    INSERT INTO articles_tag_uses AS kept (tag_id, uses) VALUES ({tag}, {sign} 1)
    ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
    """


POSTGRESQL = f"""
{CREATED};

CREATE FUNCTION tag_uses_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {postgresql_counted("+", "added")}
    RETURN NULL;
END
$$;

CREATE TRIGGER tag_uses_added
AFTER INSERT ON articles_taggedarticle
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION tag_uses_added();

CREATE FUNCTION tag_uses_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {postgresql_counted("-", "removed")}
    RETURN NULL;
END
$$;

CREATE TRIGGER tag_uses_removed
AFTER DELETE ON articles_taggedarticle
REFERENCING OLD TABLE AS removed
FOR EACH STATEMENT EXECUTE FUNCTION tag_uses_removed();

-- A row moved to another tag (a tag's merge). A trigger with transition tables cannot name
-- its columns, and would then run for every write of the rows' copies: one row at a time.
CREATE FUNCTION tag_uses_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {postgresql_one("-", "OLD.tag_id")}
    {postgresql_one("+", "NEW.tag_id")}
    RETURN NULL;
END
$$;

CREATE TRIGGER tag_uses_moved
AFTER UPDATE OF tag_id ON articles_taggedarticle
FOR EACH ROW WHEN (OLD.tag_id IS DISTINCT FROM NEW.tag_id)
EXECUTE FUNCTION tag_uses_moved();

-- Emptied with the rows it counts (Django's flush empties tables by TRUNCATE).
CREATE FUNCTION tag_uses_emptied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_tag_uses;
    RETURN NULL;
END
$$;

CREATE TRIGGER tag_uses_emptied
AFTER TRUNCATE ON articles_taggedarticle
FOR EACH STATEMENT EXECUTE FUNCTION tag_uses_emptied();

CREATE FUNCTION tag_uses_forgotten() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_tag_uses WHERE tag_id = OLD.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER tag_uses_forgotten
AFTER DELETE ON articles_tag
FOR EACH ROW EXECUTE FUNCTION tag_uses_forgotten();

{COUNTED};
"""

POSTGRESQL_UNDONE = """
DROP TRIGGER tag_uses_forgotten ON articles_tag;
DROP FUNCTION tag_uses_forgotten();
DROP TRIGGER tag_uses_emptied ON articles_taggedarticle;
DROP FUNCTION tag_uses_emptied();
DROP TRIGGER tag_uses_moved ON articles_taggedarticle;
DROP FUNCTION tag_uses_moved();
DROP TRIGGER tag_uses_removed ON articles_taggedarticle;
DROP FUNCTION tag_uses_removed();
DROP TRIGGER tag_uses_added ON articles_taggedarticle;
DROP FUNCTION tag_uses_added();
DROP TABLE articles_tag_uses;
"""


def sqlite_one(sign, tag):
    return f"""
    INSERT INTO articles_tag_uses (tag_id, uses) VALUES ({tag}, {sign}1)
    ON CONFLICT (tag_id) DO UPDATE SET uses = uses + excluded.uses;
    """


SQLITE = [
    CREATED,
    f"""
    CREATE TRIGGER tag_uses_added AFTER INSERT ON articles_taggedarticle
    BEGIN {sqlite_one("+", "NEW.tag_id")} END
    """,
    f"""
    CREATE TRIGGER tag_uses_removed AFTER DELETE ON articles_taggedarticle
    BEGIN {sqlite_one("-", "OLD.tag_id")} END
    """,
    f"""
    CREATE TRIGGER tag_uses_moved AFTER UPDATE OF tag_id ON articles_taggedarticle
    WHEN OLD.tag_id IS NOT NEW.tag_id
    BEGIN {sqlite_one("-", "OLD.tag_id")} {sqlite_one("+", "NEW.tag_id")} END
    """,
    """
    CREATE TRIGGER tag_uses_forgotten AFTER DELETE ON articles_tag
    BEGIN DELETE FROM articles_tag_uses WHERE tag_id = OLD.id; END
    """,
    COUNTED,
]

SQLITE_UNDONE = [
    *(
        f"DROP TRIGGER {name}"
        for name in ("tag_uses_added", "tag_uses_removed", "tag_uses_moved", "tag_uses_forgotten")
    ),
    "DROP TABLE articles_tag_uses",
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
            raise NotImplementedError(f"No triggers keep the tags' uses on {vendor}.")

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_tag_ids_kept_when_rows_are_written_again")]

    operations = [
        migrations.RunPython(
            _run(POSTGRESQL, SQLITE), _run(POSTGRESQL_UNDONE, SQLITE_UNDONE), elidable=False
        ),
    ]
