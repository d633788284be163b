"""Pictures in templates: a <picture> of a library image, with its renditions."""

from django import template

from articles.site.pictures import picture_context

register = template.Library()


@register.inclusion_tag("articles/_picture.html")
def picture(image, sizes="100vw", loading="lazy", priority="", alt=""):
    context = picture_context(image, sizes=sizes)
    return {**context, "loading": loading, "priority": priority, "alt": alt}
