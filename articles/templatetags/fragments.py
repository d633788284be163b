"""Parts of every page that are the same for every page of one language: kept per process."""

from django import template

from articles.site.caching import rendered_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment(context, name):
    return rendered_fragment(
        name,
        language=context.get("LANGUAGE_CODE"),
        site_name=context.get("site_name"),
        menu=tuple(
            (section.name, section.get_absolute_url())
            for section in context.get("menu_sections", ())
        ),
    )
