"""manage.py render_bodies: stores again the rendered body of every article whose stored HTML
is not of its body as rendered now."""

from django.core.management.base import BaseCommand

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
                # Stored only where the body is still the one rendered: an article saved
                # meanwhile keeps its own, newer rendering.
                rendered += Article.objects.filter(pk=article.pk, body=article.body).update(
                    body_html=article.body_html, body_html_key=article.body_html_key
                )
        self.stdout.write(f"{rendered:,} articles rendered and stored.")
