# The Reporter and Editor groups, with exactly the permissions listed in articles/roles.py.

from django.db import migrations

from articles.workflow import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
