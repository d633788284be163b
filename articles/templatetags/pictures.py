"""Pictures in templates: a <picture> of a library image, with its renditions."""

from django import template

from articles.site import partials

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", priority="", alt=""):
    return partials.picture(image, sizes=sizes, loading=loading, priority=priority, alt=alt)
