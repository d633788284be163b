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
        menu=_menu(context),
    )


def _menu(context):
    """The menu's sections as (name, address), read once for all the fragments of a page."""
    found = context.render_context.get(_menu)
    if found is None:
        sections = context.get("menu_sections", ())
        found = tuple((section.name, section.get_absolute_url()) for section in sections)
        context.render_context[_menu] = found
    return found
