"""What every template may speak of, whichever view rendered it."""

from django.conf import settings


def site_name(request):
    """The publication's name, for titles, the header and anything else that names the site."""
    return {"site_name": settings.SITE_NAME}
