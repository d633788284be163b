"""Makes sure someone can log in to the admin, without ever using a fixed password."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.workflow import EDITOR


class Command(BaseCommand):
    help = (
        "When the database has no user yet, create an editor account with a random password "
        "and print it once; otherwise say how to log in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write(
                f"Editors log in at {url} with their own account "
                "(reset a password with: python manage.py changepassword NAME)."
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        # The Editor group is made by a migration; a superuser may do everything anyway, but the
        # group says which role this account plays in the newsroom.
        user.groups.add(Group.objects.get_or_create(name=EDITOR)[0])
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the editor account. Log in at {url} as {username!r} "
                f"with password {password!r} (shown only this once)."
            )
        )
