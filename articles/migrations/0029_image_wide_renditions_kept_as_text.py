"""A picture's wide crop, which teasers show, kept as JSON text beside its renditions.

The database writes it with every change of the renditions, whatever writes them. Lists read
it as it is: taking the crop out of the whole JSON and writing it as text for each of a
front page's 34 teasers cost PostgreSQL about a third of the page's query.
"""

import django.db.models.fields.json
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0028_tag_uses_of_deleted_tags_left_deleted"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="wide_renditions",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.comparison.Cast(
                    django.db.models.fields.json.KeyTransform("wide", "renditions"),
                    models.TextField(),
                ),
                output_field=models.TextField(),
                serialize=False,
            ),
        ),
    ]
