"""Settings for the newsroom: one file, varied by the environment (see README.md)."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105 (debug only)

# The publication's name, wherever the site, its feeds and the admin speak of themselves.
SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "").strip() or "Newsroom"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    "axes",
    # The content API (articles/api/): Django REST framework, drf-spectacular's OpenAPI
    # description, and Swagger UI from our static files (the sidecar).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    # manage.py generate_articles: the synthetic archive of benchmarks and demos.
    "bench.archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so that static files carry the policy too.
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of the rest: answers 304 for pages served from the cache, too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Counts every API request against its rate limit, those the page cache answers too.
    "articles.api.middleware.ApiEdgeMiddleware",
    "articles.site.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a POST to a feed is a wrong method, not a forged form.
    "articles.site.methods.ReadOnlyPublicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "newsroom.middleware.RefuseNulInAdminQueryMiddleware",
    # Last, as django-axes asks: it answers the login attempts of a locked-out user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# With no "loaders" given, Django caches compiled templates (the cached loader).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site_name",
                "articles.site.context_processors.sections",
            ],
        },
    },
    # The readers' pages and the partials they draw many times (a list's teasers, their
    # pictures): Jinja2, drawn as the templates above draw but in a fraction of the time
    # (articles/site/page_templates.py). Found after the templates above, by their own names.
    {
        "BACKEND": "articles.site.page_templates.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "pages", BASE_DIR / "partials"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.site.page_templates.environment",
            "context_processors": [
                "django.template.context_processors.i18n",
                "articles.site.context_processors.site_name",
                "articles.site.context_processors.sections",
            ],
        },
    },
]


def for_page_queries(database):
    """On PostgreSQL, queries planned for a page's few milliseconds. No JIT compiling: a
    page's small subqueries can pass the cost threshold that starts it (related articles at
    a million: 29 ms compiling, 7 running). No parallel workers: they pay their start for one
    query while other readers wait for the cores, and with them the planner walks the whole
    publication order for a tag's newest twenty (43 ms at a million rather than 5). Statements
    prepared to be planned once (articles/models/prepared.py) are planned once: left to
    choose, PostgreSQL plans again, on every run, one whose plan for any value it estimates
    costlier than plans made for each (a big tag's list, whose walk of the publication order
    it cannot tell is short)."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault(
            "options",
            "-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan",
        )
        # Django's backend, checking a kept connection without a round trip while it is
        # quiet (newsroom/postgresql/base.py).
        database["ENGINE"] = "newsroom.postgresql"
    return database


DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. Two editors saving at once must queue, not fail:
    # IMMEDIATE takes the write lock when a transaction begins (a transaction that read first
    # could not upgrade its lock later without risking a deadlock, which SQLite answers with
    # "database is locked" at once), and the busy timeout waits that long for it, in seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
for_page_queries(DATABASES["default"])
# Reads may go to replicas: DATABASE_REPLICA_URLS lists them, comma separated.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = for_page_queries(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
# The front page's queries prepared on the PostgreSQL server, planned once per connection
# (articles/models/prepared.py); off behind a connection pooler that cannot keep them.
DATABASE_PREPARED_STATEMENTS = env_flag("DATABASE_PREPARED_STATEMENTS", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Pictures. Readers get renditions from the default storage (MEDIA_ROOT, at /media/); the
# originals, with their metadata, are kept in "originals", which nothing serves.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
ORIGINALS_ROOT = Path(os.environ.get("NEWSROOM_ORIGINALS_ROOT", BASE_DIR / "originals"))
STORAGES["originals"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": ORIGINALS_ROOT, "base_url": None},
}
# Several app servers share one object store (S3 or compatible) instead of a disk.
S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "").strip()
MEDIA_PUBLIC_ORIGIN = ""
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
        "access_key": os.environ.get("NEWSROOM_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("NEWSROOM_S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    _public_url = os.environ.get("NEWSROOM_S3_PUBLIC_URL", "").strip().rstrip("/")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            # Renditions are public, their addresses permanent.
            "default_acl": "public-read",
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            **(
                {
                    "custom_domain": _public_url.split("://", 1)[-1],
                    "url_protocol": _public_url.split("://", 1)[0] + ":",
                }
                if _public_url
                else {}
            ),
        },
    }
    STORAGES["originals"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("NEWSROOM_S3_ORIGINALS_BUCKET") or S3_BUCKET,
            "location": "originals",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    MEDIA_PUBLIC_ORIGIN = (
        _public_url or _s3["endpoint_url"] or f"https://{S3_BUCKET}.s3.amazonaws.com"
    )

# Transport security. Debug off means production: HTTPS only, with defaults that pass
# `manage.py check --deploy`. Each can be turned off from the environment, e.g. for a
# server that is only ever reached on a private network.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers check health over plain HTTP, from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
# Behind a reverse proxy that terminates TLS, the app sees plain HTTP; the proxy says what the
# reader used in X-Forwarded-Proto, and its address last in X-Forwarded-For. Trust these only
# when a proxy sets them (and overwrites what the reader sent), hence opt-in.
if env_flag("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Headers on every response (Django's defaults, spelled out because tests rely on them).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts only from our own origin or carrying the response's nonce (`request.csp_nonce`, for
# an inline block a template must have); never inline handlers or injected markup.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_PUBLIC_ORIGIN] if MEDIA_PUBLIC_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Only editors have sessions: they end after this long without a request. Every request
# renews the session, and an open article form asks the server every few seconds, so an
# editor at work is never logged out mid-sentence.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 8) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Mail to editors and reporters (articles/notifications.py). Without a mail server, mails are
# written to the console (the log), which is what `make run` shows.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10  # seconds; a slow mail server must not hold up an editor's save for long
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "") or "newsroom@localhost"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed attempts for one user name from
# one address, that pair is refused for an hour. See README.md for unlocking.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.client_address"
# Anonymous readers' pages: browsers, CDNs and our own page cache keep them this long, so
# a withdrawn article disappears, and a scheduled one appears, within this many seconds.
PUBLIC_PAGE_MAX_AGE = env_int("DJANGO_PUBLIC_MAX_AGE", 60)
PAGE_CACHE_ENABLED = env_flag("DJANGO_PAGE_CACHE", default=True)

# All the database statements of one search together may take this long (PostgreSQL); a search
# that would take longer is stopped, and the reader asked to narrow it.
SEARCH_TIME_LIMIT_MS = env_int("NEWSROOM_SEARCH_TIME_LIMIT_MS", 200)
if SEARCH_TIME_LIMIT_MS < 1:
    raise ImproperlyConfigured("NEWSROOM_SEARCH_TIME_LIMIT_MS must be at least 1.")

# One cache that every process shares, so that purging a page (an article withdrawn) reaches
# them all at once: Redis, shared by all app servers, when REDIS_URL is set; otherwise files in
# DJANGO_CACHE_DIR, shared by the processes of one server. The directory must be writable by
# the app and by nobody else (Django keeps pickles there and creates it with mode 0700).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR", "").strip() or BASE_DIR / "cache")


def _database_key(database):
    """A short name for which database this is: its engine, server and name."""
    where = "|".join(str(database.get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME"))
    return hashlib.sha256(where.encode()).hexdigest()[:12]


# What the cache keeps (pages, counts, the lists' generations) is one database's. Two sites on
# different databases that share a cache (one checkout run on SQLite, then on PostgreSQL;
# staging and production on one Redis) must not show each other's pages.
CACHE_KEY_PREFIX = f"newsroom-{_database_key(DATABASES['default'])}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.file_cache.FileCache",
            "LOCATION": str(CACHE_DIR),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Bounded, so that the directory stays small however many pages readers ask for.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Called with the surrogate keys of the pages a change made stale (after the change is
# committed), e.g. to purge a CDN by Cache-Tag or Surrogate-Key: a dotted path to a callable.
PURGE_HOOK = os.environ.get("NEWSROOM_PURGE_HOOK", "").strip()

# What a request may send. Readers send only addresses and the language switch's small form;
# editors' forms (an article's text, at most a few hundred kilobytes) stay far below these.
# Bodies beyond DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 400; uploaded files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file rather than memory; the proxy's
# client_max_body_size (README) caps every body before it reaches the app.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# A constant page at /bench/baseline, the floor the benchmark measures pages against.
BENCH_BASELINE = env_flag("DJANGO_BENCH_BASELINE")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# dumpdata's JSON keeps times to the microsecond, so that backups restore exactly.
SERIALIZATION_MODULES = {"json": "newsroom.precise_json"}

# Tags are matched case-insensitively, so "china" and "China" are one tag.
TAGGIT_CASE_INSENSITIVE = True
# Tag names typed in the admin are separated by commas alone: "Olaf Scholz" is one tag.
TAGGIT_TAGS_FROM_STRING = "articles.text.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "articles.text.string_from_tags"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The content API (articles/api/, README "API"): Django REST framework, its OpenAPI description
# by drf-spectacular, Swagger UI served from our static files (the sidecar package).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "articles.api.negotiation.AlwaysFirstRenderer",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} content API",
    "DESCRIPTION": "Published articles as IPTC ninjs 3.1 documents, their tags and sources; "
    "and the address where agencies push their texts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests a minute under /api/: per address without a key, per key with one.
API_RATE_ANONYMOUS = env_int("DJANGO_API_RATE_ANONYMOUS", 60)
API_RATE_PER_KEY = env_int("DJANGO_API_RATE_PER_KEY", 600)
# The caller's address, as the login lockout reads it (behind a proxy, the one it vouches for).
API_CLIENT_ADDRESS = AXES_CLIENT_IP_CALLABLE
