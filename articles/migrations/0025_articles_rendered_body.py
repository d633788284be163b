"""Each article stores its body's HTML beside the Markdown, so that a page need not render it:
in a large archive most article requests are for an article no cache has seen, and rendering
its body (and keeping the rendering in the file cache, never to be read again) took about
1 ms of such a request's 10. Those already stored are rendered here, a thousand at a time.
"""

from django.db import migrations, models

from articles.text import render_markdown, rendering_key

BATCH = 1000


def render_bodies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.using(schema_editor.connection.alias)
    after = 0
    while batch := list(articles.filter(id__gt=after).order_by("id").only("id", "body")[:BATCH]):
        for article in batch:
            article.body_html = render_markdown(article.body)
            article.body_html_key = rendering_key(article.body)
        articles.bulk_update(batch, ["body_html", "body_html_key"])
        after = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_related_articles_from_the_tags_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="body_html_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop, elidable=False),
    ]
