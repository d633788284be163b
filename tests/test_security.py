"""Deployment settings, security headers, login lockout and sessions."""

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from csp.constants import SELF
from csp.decorators import csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse

from bench.pages import public_urls
from newsroom.middleware import ContentSecurityPolicyMiddleware
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _run_django(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
    )


PRODUCTION_KEY = "k4$8hQ-very-long-random-production-key-9fL2xZ0pW7eR3tY6uI1oA5sD"


def test_deploy_check_is_clean_with_debug_off_and_a_real_key():
    result = _run_django(
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _setting(name, **env):
    result = _run_django(f"from django.conf import settings; print(repr(settings.{name}))", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_defaults_redirect_to_https_and_keep_cookies_secure():
    env = {"DJANGO_SECRET_KEY": PRODUCTION_KEY}
    assert _setting("SECURE_SSL_REDIRECT", **env) == "True"
    assert _setting("SESSION_COOKIE_SECURE", **env) == "True"
    assert _setting("CSRF_COOKIE_SECURE", **env) == "True"
    assert int(_setting("SECURE_HSTS_SECONDS", **env)) >= 365 * 24 * 60 * 60


def test_local_development_with_debug_serves_plain_http():
    assert _setting("SECURE_SSL_REDIRECT", DJANGO_DEBUG="1") == "False"
    assert _setting("SESSION_COOKIE_SECURE", DJANGO_DEBUG="1") == "False"
    assert _setting("SECURE_HSTS_SECONDS", DJANGO_DEBUG="1") == "0"


def test_the_proxy_header_is_trusted_only_when_asked_for():
    env = {"DJANGO_SECRET_KEY": PRODUCTION_KEY}
    assert _setting("SECURE_PROXY_SSL_HEADER", **env) == "None"
    assert _setting("SECURE_PROXY_SSL_HEADER", DJANGO_BEHIND_PROXY="1", **env) == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_an_unreadable_number_is_refused_with_its_name():
    result = _run_django("", DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS" in result.stderr


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/robots.txt")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/robots.txt"
    assert client.get("/robots.txt", secure=True).status_code == 200


def test_load_balancers_check_health_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


def test_behind_a_proxy_its_https_header_counts_as_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/robots.txt", headers={"x-forwarded-proto": "https"}).status_code == 200
    assert client.get("/robots.txt", headers={"x-forwarded-proto": "http"}).status_code == 301


def test_https_responses_carry_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/robots.txt", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# Headers ----------------------------------------------------------------------------------


@pytest.fixture
def site_addresses(django_user_model):
    tag, source = make_tag("Politik", slug="politik"), make_source(slug="wire")
    article = make_article(source=source, tags=[tag])
    addresses = [address for _, address in public_urls(article, tag, source)]
    others = ["/no/such/page/", "/healthz", reverse("admin:login"), "/static/css/site.css"]
    return [*addresses, *others]


def _assert_security_headers(response, address):
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert "'unsafe-inline'" not in directives["script-src"], address
    assert "'unsafe-eval'" not in directives["script-src"], address
    assert directives["object-src"] == ["'none'"], address
    assert directives["frame-ancestors"] == ["'none'"], address
    assert response["X-Content-Type-Options"] == "nosniff", address
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", address
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", address


def test_every_response_carries_the_security_headers(client, site_addresses):
    for address in site_addresses:
        response = client.get(address)
        assert response.status_code in {200, 404}, address
        _assert_security_headers(response, address)


def test_pages_may_not_be_framed(client, site_addresses):
    for address in site_addresses:
        if not address.startswith("/static/"):
            assert client.get(address)["X-Frame-Options"] == "DENY", address


class _ScriptAudit(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
        script_type = (attributes.get("type") or "").strip().lower()
        if tag == "script" and script_type in JAVASCRIPT_TYPES and "src" not in attributes:
            self.blocked.append("inline <script>")
        if tag == "style":
            self.blocked.append("inline <style>")
        if "style" in attributes:
            self.blocked.append(f"<{tag} style=…>")


def _blocked_by_the_policy(response):
    audit = _ScriptAudit()
    audit.feed(response.content.decode())
    return audit.blocked


def test_public_pages_need_no_inline_script_or_style(client, site_addresses):
    for address in site_addresses:
        response = client.get(address)
        if response["Content-Type"].startswith("text/html"):
            assert _blocked_by_the_policy(response) == [], address


@pytest.mark.parametrize("template", ["500.html", "503.html", "404.html"])
def test_error_pages_need_no_inline_script_or_style(rf, template):
    from django.template.response import TemplateResponse

    response = TemplateResponse(rf.get("/"), template).render()
    assert _blocked_by_the_policy(response) == []


@pytest.mark.parametrize(
    "address",
    [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/articles/source/",
        "/admin/articles/tag/",
        "/admin/articles/article/?status__exact=draft",
    ],
)
def test_the_admin_works_under_the_policy(staff_client, address):
    make_article(source=make_source(), tags=[make_tag()])
    response = staff_client.get(address)
    assert response.status_code == 200
    assert _blocked_by_the_policy(response) == []


def test_the_admin_change_form_works_under_the_policy(staff_client):
    article = make_article(source=make_source(), tags=[make_tag()])
    response = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert _blocked_by_the_policy(response) == []


def _with_nonce(request):
    return HttpResponse(f"nonce={request.csp_nonce}")


def _without_nonce(request):
    return HttpResponse("no inline script")


@csp_update({"img-src": ["https://pictures.example.org"]})
def _with_its_own_policy(request):
    return HttpResponse("a picture from elsewhere")


@pytest.mark.parametrize("view", [_with_nonce, _without_nonce, _with_its_own_policy])
def test_the_policy_written_once_is_the_one_django_csp_writes(rf, view):
    ours = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    request = rf.get("/")
    theirs = CSPMiddleware(view)(request)
    nonce = ours.content.decode().removeprefix("nonce=")
    if view is _with_nonce:
        assert f"'nonce-{nonce}'" in ours["Content-Security-Policy"]
        request._csp_nonce = nonce  # noqa: SLF001 (the same nonce, to compare the rest)
        theirs = CSPMiddleware(view)(request)
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in ours


def test_a_changed_policy_is_written_anew(rf, settings):
    ContentSecurityPolicyMiddleware(_without_nonce)(rf.get("/"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": [SELF]}}
    response = ContentSecurityPolicyMiddleware(_without_nonce)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'self'"
    assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_an_excluded_path_gets_no_policy(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/outside/"],
    }
    middleware = ContentSecurityPolicyMiddleware(_without_nonce)
    assert "Content-Security-Policy" not in middleware(rf.get("/outside/page"))
    assert "Content-Security-Policy" in middleware(rf.get("/inside/"))


def test_a_debug_error_page_gets_no_policy(rf, settings):
    settings.DEBUG = True
    missing = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(status=404))
    assert "Content-Security-Policy" not in missing(rf.get("/"))


def test_a_nonce_asked_for_after_the_policy_is_written_is_refused(rf):
    request = rf.get("/")
    ContentSecurityPolicyMiddleware(_without_nonce)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


# Editors' logins ---------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "Right-Password-42", is_staff=True
    )


def _log_in(client, password, username="editor", address="192.0.2.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _lock_out(client, username="editor", address="192.0.2.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "wrong", username=username, address=address)


def test_repeated_failures_lock_the_user_out_from_that_address_with_a_clear_message(client, editor):
    _lock_out(client)
    response = _log_in(client, "Right-Password-42")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Anmeldung gesperrt" in page
    assert "nach 5 fehlgeschlagenen Anmeldeversuchen" in page
    assert "_auth_user_id" not in client.session


def test_a_few_failures_do_not_lock_anyone_out(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, "wrong")
    assert _log_in(client, "Right-Password-42").status_code == 302


def test_the_lockout_holds_only_for_that_user_and_address(client, editor, django_user_model):
    django_user_model.objects.create_user("other", password="Other-Password-42", is_staff=True)
    _lock_out(client)
    assert _log_in(client, "Right-Password-42", address="198.51.100.7").status_code == 302
    client.logout()
    assert _log_in(client, "Other-Password-42", username="other").status_code == 302


def test_an_administrator_unlocks_a_user_with_a_command(client, editor):
    _lock_out(client)
    call_command("axes_reset_username", "editor")
    assert _log_in(client, "Right-Password-42").status_code == 302


def test_an_administrator_unlocks_a_user_in_the_admin(client, editor, staff_client):
    from axes.models import AccessAttempt

    _lock_out(client)
    attempt = AccessAttempt.objects.get(username="editor")
    page = staff_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    staff_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert not AccessAttempt.objects.exists()
    assert _log_in(client, "Right-Password-42").status_code == 302


def test_behind_the_proxy_the_lockout_counts_the_address_the_proxy_saw(client, editor, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for forged in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{forged}, 192.0.2.1",
        )
    locked = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "Right-Password-42"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "Right-Password-42", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234", "editor-2024"])
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_editor_sessions_end_after_a_working_day(client, editor):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    _log_in(client, "Right-Password-42")
    assert client.session.get_expiry_age() == 8 * 60 * 60
