"""reverse() for the links every list page writes dozens of times, remembered per process.

reverse() walks the URL configuration on every call, which made up most of the cost of a
list page's twenty teasers. Its answer depends only on the name, the arguments, the script
prefix and the URL configuration, so it is kept under exactly those.

Addresses that end in a slug are kept once for all their slugs (SlugPaths): a sitemap page
names ten thousand articles, which one entry per slug would push everything else out for.
"""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter

# What the slug converter matches: nothing in it needs quoting in a path.
SLUG = re.compile(SlugConverter.regex)
# Stands for the slug while an address is reversed once for all slugs.
SLUG_MARKER = "slug-marker"


@functools.lru_cache(maxsize=20_000)
def _reverse(script_prefix, urlconf, name, kwargs):
    return reverse(name, kwargs=dict(kwargs))


def cached_reverse(name, **kwargs):
    return _reverse(get_script_prefix(), get_urlconf(), name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=20_000)
def _around_slug(script_prefix, urlconf, name, kwargs):
    """The address before and after its slug."""
    head, _, tail = reverse(name, kwargs={**dict(kwargs), "slug": SLUG_MARKER}).rpartition(
        SLUG_MARKER
    )
    return head, tail


class SlugPaths:
    """reverse(name, kwargs={**arguments, "slug": slug}) for the many slugs of one page: the
    script prefix and URL configuration read once, the address around the slug reversed once
    per other arguments (around()), and each slug spliced in (splice())."""

    def __init__(self, name):
        self.name = name
        self.where = (get_script_prefix(), get_urlconf())

    def __call__(self, slug, **arguments):
        return self.splice(self.around(arguments), slug, arguments)

    def around(self, arguments):
        """The address for these arguments, before and after its slug."""
        return _around_slug(*self.where, self.name, tuple(sorted(arguments.items())))

    def splice(self, around, slug, arguments):
        if not SLUG.fullmatch(slug):
            # Not an address of this site: reverse() says so (NoReverseMatch), as it always did.
            return reverse(self.name, kwargs={**arguments, "slug": slug})
        return f"{around[0]}{slug}{around[1]}"


@receiver(setting_changed, dispatch_uid="articles.url_configuration_changed")
def _forget_addresses(*, setting, **kwargs):
    # The key holds the thread's URL configuration, but not the setting it defaults to.
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
        _around_slug.cache_clear()
