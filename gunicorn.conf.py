"""gunicorn's settings for the newsroom, read from the project directory (gunicorn's default).

- The server does not announce itself: gunicorn always sends `Server: gunicorn`, and there is
  no setting to stop it, so the header is left out of every response here.
- X-Forwarded-Proto (and gunicorn's other secure-scheme headers) are trusted only from the
  proxy, and only when there is one: gunicorn trusts them from 127.0.0.1 by default, which
  would let anything on the machine pass a plain request off as HTTPS. With
  DJANGO_BEHIND_PROXY=1 they are trusted from FORWARDED_ALLOW_IPS (comma separated; by default
  127.0.0.1 and ::1, a proxy on the same machine); without it, from nobody.
"""

import os

from gunicorn.http import wsgi


def _is_on(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


if _is_on("DJANGO_BEHIND_PROXY"):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""

_default_headers = wsgi.Response.default_headers


def _headers_without_server(response):
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


wsgi.Response.default_headers = _headers_without_server
