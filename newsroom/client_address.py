"""The reader's address, as the login lockout counts it."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind our reverse proxy the address that proxy saw.

    The proxy appends the address it was connected from to X-Forwarded-For, so the last entry
    is the one it vouches for; anything before it came from the client and may be forged.
    """
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded_for.strip():
        return forwarded_for.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
