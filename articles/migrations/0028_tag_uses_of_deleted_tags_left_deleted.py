"""A deleted tag's count stays deleted when its rows go after it.

Migration 0027 counted a removed row by adding -1 to its tag's count, making the count's row
if there was none. A tag deleted before its rows (SQLite's flush empties tables in any order;
the foreign keys are checked at commit, so one transaction may delete a tag and then its rows)
then left a count of minus its rows for an id no tag has, which a tag given the same id again
(SQLite's flush may start the ids over) would inherit. A removed row now only lowers a count
that is there, and the counts are made again from the rows, so that none is left behind.

On PostgreSQL a statement's removed rows still lower their tags' counts in the order of the
tags' ids (migration 0027 says why).
"""

from django.db import migrations

RECOUNTED = [
    "DELETE FROM articles_tag_uses",
    """
    INSERT INTO articles_tag_uses (tag_id, uses)
    SELECT tag_id, COUNT(*) FROM articles_taggedarticle GROUP BY tag_id
    """,
]

# As in migration 0027: rows of the same tags counted together, in the order of their ids.
POSTGRESQL_REMOVED = """
INSERT INTO articles_tag_uses AS kept (tag_id, uses)
SELECT tag_id, - COUNT(*) FROM removed
WHERE tag_id IN (SELECT tag_id FROM articles_tag_uses)
GROUP BY tag_id ORDER BY tag_id
ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
"""

POSTGRESQL_MOVED = """
UPDATE articles_tag_uses SET uses = uses - 1 WHERE tag_id = OLD.tag_id;
INSERT INTO articles_tag_uses AS kept (tag_id, uses) VALUES (NEW.tag_id, 1)
ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
"""

# Migration 0027's, to go back to.
POSTGRESQL_REMOVED_BEFORE = """
INSERT INTO articles_tag_uses AS kept (tag_id, uses)
SELECT tag_id, - COUNT(*) FROM removed GROUP BY tag_id ORDER BY tag_id
ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
"""

POSTGRESQL_MOVED_BEFORE = """
INSERT INTO articles_tag_uses AS kept (tag_id, uses) VALUES (OLD.tag_id, - 1)
ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
INSERT INTO articles_tag_uses AS kept (tag_id, uses) VALUES (NEW.tag_id, + 1)
ON CONFLICT (tag_id) DO UPDATE SET uses = kept.uses + excluded.uses;
"""


def postgresql(removed, moved):
    return [
        f"""
        CREATE OR REPLACE FUNCTION tag_uses_removed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {removed}
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION tag_uses_moved() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {moved}
            RETURN NULL;
        END
        $$
        """,
    ]


SQLITE_LOWERED = "UPDATE articles_tag_uses SET uses = uses - 1 WHERE tag_id = OLD.tag_id;"
SQLITE_RAISED = """
INSERT INTO articles_tag_uses (tag_id, uses) VALUES (NEW.tag_id, 1)
ON CONFLICT (tag_id) DO UPDATE SET uses = uses + excluded.uses;
"""

# Migration 0027's, to go back to.
SQLITE_LOWERED_BEFORE = """
INSERT INTO articles_tag_uses (tag_id, uses) VALUES (OLD.tag_id, -1)
ON CONFLICT (tag_id) DO UPDATE SET uses = uses + excluded.uses;
"""


def sqlite(lowered):
    return [
        "DROP TRIGGER tag_uses_removed",
        "DROP TRIGGER tag_uses_moved",
        f"""
        CREATE TRIGGER tag_uses_removed AFTER DELETE ON articles_taggedarticle
        BEGIN {lowered} END
        """,
        f"""
        CREATE TRIGGER tag_uses_moved AFTER UPDATE OF tag_id ON articles_taggedarticle
        WHEN OLD.tag_id IS NOT NEW.tag_id
        BEGIN {lowered} {SQLITE_RAISED} END
        """,
    ]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"No triggers keep the tags' uses on {vendor}.")
        for statement in statements[vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_tag_uses_kept")]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "postgresql": [*postgresql(POSTGRESQL_REMOVED, POSTGRESQL_MOVED), *RECOUNTED],
                    "sqlite": [*sqlite(SQLITE_LOWERED), *RECOUNTED],
                }
            ),
            _run(
                {
                    "postgresql": postgresql(POSTGRESQL_REMOVED_BEFORE, POSTGRESQL_MOVED_BEFORE),
                    "sqlite": sqlite(SQLITE_LOWERED_BEFORE),
                }
            ),
            elidable=False,
        ),
    ]
