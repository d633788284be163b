"""One GIN index per text-search configuration, and the planner's estimate for a search.

An article matches a query parsed in its own language. With one index over all articles, the
database had to open every candidate's vector again to see which configuration it was made
with; with one index per configuration (its predicate the configuration), the index alone
answers which articles match, and searching costs in proportion to the matches rather than to
the size of their texts.

article_search_candidates() asks the planner how many articles a search is expected to
match; where they are more than the newest wanted, and so many of the articles that reading
the newest articles first finds them soonest, it
answers NULL, and otherwise the ids of the matching articles (of any status) that the GIN
indexes hold, at most one more than asked for. In one statement, with the planner set up for
each step, and with every lock waited for no longer than the search may take.
"""

from django.db import migrations

CONFIGS = ("german", "english", "simple")

CANDIDATES = """
CREATE OR REPLACE FUNCTION article_search_candidates(
    matches text, in_the_index text, time_limit text, common_share double precision,
    most_newest integer, most integer
) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    expected double precision;
    articles double precision;
    seqscan text := current_setting('enable_seqscan');
    found bigint[];
BEGIN
    -- Planning waits for locks on the tables it reads: no longer than the search may take.
    PERFORM set_config('lock_timeout', time_limit, true);
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || matches INTO plan;
    expected := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
    SELECT greatest(reltuples, 1) INTO articles FROM pg_class
    WHERE oid = 'articles_article'::regclass;
    IF expected > most_newest AND expected >= articles * common_share THEN
        RETURN NULL;
    END IF;
    -- Only the GIN indexes can answer in_the_index (no other index has a condition to go by),
    -- unless the planner scans the whole table, which it may not.
    PERFORM set_config('enable_seqscan', 'off', true);
    EXECUTE format('SELECT array_agg(pk) FROM (%s LIMIT %s) found', in_the_index, most + 1)
    INTO found;
    PERFORM set_config('enable_seqscan', seqscan, true);
    RETURN coalesce(found, '{}');
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

CREATE = CANDIDATES + STATISTICS + "\n".join(
    f"CREATE INDEX article_search_{config}_gin ON articles_article USING gin (search_vector)"
    f" WHERE article_search_config(language) = 'pg_catalog.{config}'::regconfig;"
    for config in CONFIGS
) + "\nDROP INDEX IF EXISTS article_search_vector_gin;"

DROP = (
    "DROP FUNCTION IF EXISTS article_search_candidates(\n"
    "    text, text, text, double precision, integer, integer);\n"
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
        ("articles", "0012_visible_text"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
