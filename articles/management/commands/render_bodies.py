"""manage.py render_bodies: stores again the rendered body of every article whose stored HTML
is not of its body as rendered now."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from articles.text import rendering_key

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Renders and stores the body of every article whose stored HTML came from another "
        "body or another rendering: after markdown-it is upgraded, or how Markdown is rendered "
        "changed (articles.text.RENDERING), or rows were changed past save(). Until then their "
        "pages render the body on every request."
    )

    def handle(self, *args, **options):
        rendered, after = 0, 0
        articles = Article.objects.only("id", "body", "body_html_key").order_by("id")
        while batch := list(articles.filter(id__gt=after)[:BATCH]):
            after = batch[-1].id
            stale = [
                article for article in batch if article.body_html_key != rendering_key(article.body)
            ]
            for article in stale:
                article.keep_rendered_body()
            # One batch at a time: an article saved meanwhile keeps its own, newer rendering.
            with transaction.atomic():
                current = dict(
                    Article.objects.select_for_update()
                    .filter(pk__in=[article.pk for article in stale])
                    .values_list("pk", "body")
                )
                stale = [article for article in stale if current.get(article.pk) == article.body]
                Article.objects.bulk_update(stale, ["body_html", "body_html_key"])
            rendered += len(stale)
        self.stdout.write(f"{rendered:,} articles rendered and stored.")
