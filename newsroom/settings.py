"""Settings for the newsroom: one file, varied by the environment (see README.md)."""

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
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of the rest: answers 304 for pages served from the cache, too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Counts every API request against its rate limit, those the page cache answers too.
    "articles.api.middleware.ApiEdgeMiddleware",
    "articles.site.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    ),
}
# Reads may go to replicas: DATABASE_REPLICA_URLS lists them, comma separated.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]

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
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Only editors have sessions: they end after a working day, and at the latest then.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 8) * 60 * 60

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

# One cache per process by default; Redis, shared by all app servers, when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Bounded, so that a worker's memory stays flat however many pages readers ask for.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

# A constant page at /bench/baseline, the floor the benchmark measures pages against.
BENCH_BASELINE = env_flag("DJANGO_BENCH_BASELINE")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# dumpdata's JSON keeps times to the microsecond, so that backups restore exactly.
SERIALIZATION_MODULES = {"json": "newsroom.precise_json"}

# Tags are matched case-insensitively, so "china" and "China" are one tag.
TAGGIT_CASE_INSENSITIVE = True

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
