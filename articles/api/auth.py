"""API keys: `Authorization: Bearer <key>`. No key is fine (anonymous access); a key that is
wrong or revoked is refused, so a partner learns at once that theirs no longer works."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

from articles.models import ApiKey

SCHEME = "Bearer"


def bearer_secret(request):
    """The secret of an `Authorization: Bearer …` header; None without a header; ValueError
    for a header of another shape."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != SCHEME.lower() or not secret.strip():
        raise ValueError(f"the Authorization header must read '{SCHEME} <key>'")
    return secret.strip()


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        try:
            secret = bearer_secret(request)
        except ValueError as error:
            raise exceptions.AuthenticationFailed(str(error).capitalize() + ".") from None
        if secret is None:
            return None
        key = ApiKey.objects.matching(secret)
        if key is None:
            raise exceptions.AuthenticationFailed("This API key is unknown or was revoked.")
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return f'{SCHEME} realm="api"'


def api_key(request):
    """The caller's ApiKey, or None for anonymous access."""
    return request.auth if isinstance(request.auth, ApiKey) else None
