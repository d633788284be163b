"""One GIN index per text-search configuration, and the planner's estimate for a search.

An article matches a query parsed in its own language. With one index over all articles, the
database had to open every candidate's vector again to see which configuration it was made
with; with one index per configuration (its predicate the configuration), the index alone
answers which articles match, and searching costs in proportion to the matches rather than to
the size of their texts.

article_search_estimate(query) is the number of rows the planner expects a query to return:
search asks it, in the same statement that sets up the planner, whether a query's matches are
so many that reading the newest articles first finds them soonest.
"""

from django.db import migrations

CONFIGS = ("german", "english", "simple")

ESTIMATE = """
CREATE OR REPLACE FUNCTION article_search_estimate(query text) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
END
$$;
"""

# Without these the planner guesses that few articles share a configuration, and expects a
# common word to match few articles.
STATISTICS = """
CREATE STATISTICS article_search_configuration_stats
ON (article_search_config(language)) FROM articles_article;
ANALYZE articles_article;
"""

CREATE = ESTIMATE + STATISTICS + "\n".join(
    f"CREATE INDEX article_search_{config}_gin ON articles_article USING gin (search_vector)"
    f" WHERE article_search_config(language) = 'pg_catalog.{config}'::regconfig;"
    for config in CONFIGS
) + "\nDROP INDEX IF EXISTS article_search_vector_gin;"

DROP = (
    "DROP FUNCTION IF EXISTS article_search_estimate(text);\n"
    "DROP STATISTICS IF EXISTS article_search_configuration_stats;\n"
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin"
    " ON articles_article USING gin (search_vector);\n"
    + "\n".join(f"DROP INDEX IF EXISTS article_search_{config}_gin;" for config in CONFIGS)
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sitemap_lastmod_index"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
