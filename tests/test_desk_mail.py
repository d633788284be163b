"""Mail from the desk, through a real SMTP server on 127.0.0.1: the editors hear of articles
submitted for review, the creator of publication, scheduling and being sent back; a mail
server that is down never costs the save."""

import logging
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import workflow
from articles.models import Article, Revision
from tests.admin_forms import article_form_data, change_url
from tests.commands import run_python
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


@pytest.fixture
def people(reporter, editor):
    reporter.email, editor.email = "rita@example.org", "emil@example.org"
    reporter.save()
    editor.save()
    return reporter, editor


def written_by(user, **fields):
    article = make_article(created_by=user, **fields)
    Revision.objects.record(article, user=user)
    return article


def body(message):
    return message.get_content()


def test_the_editors_hear_of_an_article_submitted_for_review(
    inbox, people, django_capture_on_commit_callbacks
):
    reporter, _ = people
    article = written_by(reporter, status=Status.DRAFT, published_at=None, title="Stromnetz")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(article, Status.REVIEW, reporter)
    [mail] = inbox.to("emil@example.org")
    assert "Stromnetz" in mail["Subject"]
    assert "rita" in body(mail)
    assert inbox.to("rita@example.org") == []


def test_the_creator_hears_of_being_sent_back_with_the_note(
    inbox, people, client, django_capture_on_commit_callbacks
):
    reporter, editor = people
    article = written_by(reporter, status=Status.REVIEW, published_at=None, title="Brücke")
    client.force_login(editor)
    data = article_form_data(article, status=Status.DRAFT, workflow_note="Bitte Quelle nennen.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(article), data).status_code == 302
    [mail] = inbox.to("rita@example.org")
    assert "Brücke" in mail["Subject"]
    assert "Bitte Quelle nennen." in body(mail)


def test_the_creator_hears_of_publication_and_of_scheduling(
    inbox, people, django_capture_on_commit_callbacks
):
    reporter, editor = people
    now = written_by(reporter, status=Status.REVIEW, published_at=None, title="Jetzt")
    later = written_by(reporter, status=Status.REVIEW, published_at=None, title="Später")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(now, Status.PUBLISHED, editor)
        workflow.move(
            later, Status.PUBLISHED, editor, published_at=timezone.now() + timedelta(days=1)
        )
    subjects = sorted(mail["Subject"] for mail in inbox.to("rita@example.org"))
    assert len(subjects) == 2
    assert any("Jetzt" in subject for subject in subjects)
    assert any("Später" in subject for subject in subjects)


def test_nobody_is_mailed_about_their_own_move(inbox, people, django_capture_on_commit_callbacks):
    _, editor = people
    article = written_by(editor, status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(article, Status.PUBLISHED, editor)
    assert inbox.messages == []


def test_no_mail_leaves_before_the_move_is_committed(inbox, people):
    reporter, _ = people
    article = written_by(reporter, status=Status.DRAFT, published_at=None)
    workflow.move(article, Status.REVIEW, reporter)  # the test's transaction never commits
    assert inbox.messages == []


def test_a_mail_server_that_is_down_never_costs_the_save(
    settings, people, client, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    reporter, _ = people
    article = written_by(reporter, status=Status.DRAFT, published_at=None, body="Alt.")
    client.force_login(reporter)
    data = article_form_data(article, status=Status.REVIEW, body="Neu.")
    with (
        caplog.at_level(logging.ERROR, logger="articles.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.REVIEW, "Neu.")
    assert "Could not mail emil@example.org" in caplog.text


def mail_settings(**env):
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
        " s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    result = run_python(code, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_a_mail_server_mails_go_to_the_console():
    assert mail_settings()[0] == "django.core.mail.backends.console.EmailBackend"


def test_the_mail_server_is_set_from_the_environment():
    assert mail_settings(
        DJANGO_EMAIL_HOST="mail.example.org",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_HOST_USER="desk",
        DJANGO_EMAIL_HOST_PASSWORD="secret-pw",
        DJANGO_EMAIL_USE_TLS="1",
        DJANGO_DEFAULT_FROM_EMAIL="desk@example.org",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "desk",
        "secret-pw",
        "True",
        "desk@example.org",
    ]


def test_inactive_editors_get_no_mail(inbox, people, django_capture_on_commit_callbacks):
    reporter, editor = people
    get_user_model().objects.filter(pk=editor.pk).update(is_active=False)
    article = written_by(reporter, status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(article, Status.REVIEW, reporter)
    assert inbox.messages == []
