"""The admin names the publication (NEWSROOM_SITE_NAME) in its header and titles."""

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext


def site_name():
    return settings.SITE_NAME


def administration_title():
    return gettext("%(site_name)s administration") % {"site_name": settings.SITE_NAME}


# Lazy, so that each page reads the setting and the reader's language when it is drawn.
admin.site.site_header = lazy(site_name, str)()
admin.site.site_title = lazy(site_name, str)()
admin.site.index_title = lazy(administration_title, str)()
