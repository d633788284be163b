"""reverse() for the links every list page writes dozens of times, remembered per process.

reverse() walks the URL configuration on every call, which made up most of the cost of a
list page's twenty teasers. Its answer depends only on the name, the arguments, the script
prefix and the URL configuration, so it is kept under exactly those.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=20_000)
def _reverse(script_prefix, urlconf, name, kwargs):
    return reverse(name, kwargs=dict(kwargs))


def cached_reverse(name, **kwargs):
    return _reverse(get_script_prefix(), get_urlconf(), name, tuple(sorted(kwargs.items())))
