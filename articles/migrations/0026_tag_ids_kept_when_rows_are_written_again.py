"""A tag's row written again as a whole keeps its article's list of tag ids.

loaddata writes a row it finds by its natural key again with every column, the list of tag
ids among them: a fixture that leaves the list out (fixtures/cri_china_belarus.json, as
loaded by every `make run`) wrote it empty, and on PostgreSQL nothing gathered it again,
because only a row moved to another tag or article was re-gathered (migration 0024). Related
stories then weighed that article as sharing none of its tags. Now a list written from
outside the database's own gathering is replaced by the article's list, as its rows say it;
the lists already written so are gathered again here. SQLite re-gathered them already: its
trigger fires for every write of a row's tag or article, whatever their values.
"""

from django.db import migrations

# The lists that differ from what the rows say, gathered again (before the trigger, so that
# it does not run once for each of them).
REGATHERED = """
UPDATE articles_taggedarticle AS tagged SET article_tag_ids = gathered.tag_ids
FROM (
    SELECT content_object_id, array_agg(tag_id ORDER BY tag_id) AS tag_ids
    FROM articles_taggedarticle GROUP BY content_object_id
) AS gathered
WHERE tagged.content_object_id = gathered.content_object_id
    AND tagged.article_tag_ids IS DISTINCT FROM gathered.tag_ids;
"""

POSTGRESQL = (
    REGATHERED
    + """
CREATE FUNCTION article_tag_ids_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- As the rows say it before this write; a row moved to another tag or article is
    -- gathered again after it (article_tag_ids_moved).
    SELECT array_agg(tag_id ORDER BY tag_id) INTO NEW.article_tag_ids
    FROM articles_taggedarticle WHERE content_object_id = NEW.content_object_id;
    RETURN NEW;
END
$$;

-- Only a write from outside the triggers: their own gathering writes the list it found.
CREATE TRIGGER article_tag_ids_kept
BEFORE UPDATE OF article_tag_ids ON articles_taggedarticle
FOR EACH ROW WHEN (pg_trigger_depth() = 0)
EXECUTE FUNCTION article_tag_ids_kept();
"""
)

POSTGRESQL_UNDONE = """
DROP TRIGGER article_tag_ids_kept ON articles_taggedarticle;
DROP FUNCTION article_tag_ids_kept();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_articles_rendered_body")]

    operations = [
        migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_UNDONE), elidable=False),
    ]
