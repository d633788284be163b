"""What every template may speak of, whichever view rendered it."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.site.caching import menu_sections


def site_name(request):
    """The publication's name, for titles, the header and anything else that names the site."""
    return {"site_name": settings.SITE_NAME}


def sections(request):
    """The sections of the site's menu, read only by a page that shows the menu (the admin's
    pages do not), and shared through the cache like the pages themselves."""
    return {"menu_sections": SimpleLazyObject(lambda: menu_sections(request))}
