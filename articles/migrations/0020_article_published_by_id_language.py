# The index with the language is built beside the old one before the old one is dropped: a
# dropped index locks the article table until the migration commits, and readers would wait
# out the whole build.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_article_published_by_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["id"],
                include=("status", "published_at", "source", "language"),
                name="article_published_by_id_new",
            ),
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_published_by_id",
        ),
        migrations.RenameIndex(
            model_name="article",
            new_name="article_published_by_id",
            old_name="article_published_by_id_new",
        ),
    ]
