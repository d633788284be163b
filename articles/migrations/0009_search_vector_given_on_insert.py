"""An article inserted with its search vector already made keeps it.

Bulk loads (generate_articles) build each vector from parts made once, which is many times
cheaper than stemming every body again; every other write still has the vector made by the
trigger, and any later change of the text makes it afresh.
"""

from django.db import migrations

UPDATE_FUNCTION = """
CREATE OR REPLACE FUNCTION article_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := article_search_config(NEW.language);
    tag_names text;
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
        RETURN NEW;
    END IF;
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
"""

PREVIOUS_FUNCTION = UPDATE_FUNCTION.replace(
    """    IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
        RETURN NEW;
    END IF;
""",
    "",
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_public_order_covers_source"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(UPDATE_FUNCTION), on_postgresql(PREVIOUS_FUNCTION)),
    ]
