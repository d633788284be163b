"""The readers' pages as Jinja2 templates (pages/), with the partials (partials/): drawn in
about half the time Django's template language takes, and drawn as Django draws its
templates, byte for byte (partials.environment()), so that a page is the same whichever
engine draws it. The admin, the mails, the feeds' and sitemaps' XML and the fragments every
page shares (templates/site/, kept made per process) stay Django templates.

What a page's template calls, beyond the partials' own helpers, is here: the fragments, the
teasers, the pager's addresses and the few of Django's filters and tags the pages use.
"""

import functools
import itertools

import jinja2
from django.conf import settings
from django.template.backends import jinja2 as django_jinja2
from django.template.defaultfilters import truncatechars
from django.template.defaulttags import GroupedResult
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, get_urlconf

from articles.models import Section
from articles.site import partials
from articles.site.caching import rendered_archive_year, rendered_fragment, rendered_teasers
from articles.templatetags.article_text import markdown


def environment(**options):
    env = partials.environment(**options)
    env.globals.update(
        fragment=fragment,
        menu_links=menu_links,
        teasers=rendered_teasers,
        archive_year=rendered_archive_year,
        article_teaser=partials.teaser,
        page_url=page_url,
        regroup=regroup,
        static=static,
    )
    env.filters.update(markdown=markdown, truncatechars=truncatechars)
    return env


@jinja2.pass_context
def fragment(context, name, menu):
    """The fragment `name` (templates/site/) for the page's language, site name and menu
    (menu_links())."""
    return rendered_fragment(
        name, language=context.get("LANGUAGE_CODE"), site_name=context.get("site_name"), menu=menu
    )


def menu_links(sections):
    """The menu's sections as (name, address), read once for all the fragments of a page,
    and their addresses reversed once per process for the same sections."""
    named = tuple((section.name, section.slug) for section in sections or ())
    # Outside a request no URL configuration is set, and ROOT_URLCONF is the one reverse() takes.
    return _menu_links(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF), named)


@functools.lru_cache(maxsize=64)
def _menu_links(script_prefix, urlconf, sections):
    # The addresses depend on the script prefix and URL configuration, as reverse()'s do.
    return tuple((name, Section(slug=slug).get_absolute_url()) for name, slug in sections)


@jinja2.pass_context
def page_url(context, number):
    """The current address with only its page number changed, so search filters survive
    paging."""
    query = context["request"].GET
    if all(name == "page" for name in query):
        # Most lists' addresses: copying the query (a deep copy) cost a list 20 microseconds.
        return f"?page={number}"
    query = query.copy()
    query["page"] = number
    return "?" + query.urlencode()


def regroup(items, attribute):
    """As Django's regroup tag: the runs of consecutive items with the same `attribute`
    (called if it is a method), in their order, each with its grouper and list."""

    def key(item):
        value = getattr(item, attribute)
        return value() if callable(value) else value

    return [GroupedResult(grouper, list(run)) for grouper, run in itertools.groupby(items, key)]


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 engine whose templates say when they are drawn, as Django's own do,
    so that tests read a page's context (the test client listens; otherwise nobody does)."""

    def get_template(self, template_name):
        found = super().get_template(template_name)
        return Template(found.template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)


class Template(django_jinja2.Template):
    def __init__(self, template, backend):
        super().__init__(template, backend)
        self.name = template.name

    def render(self, context=None, request=None):
        """As Django's Jinja2 templates draw, saying so first with the whole context, as
        Django's own templates say it in tests (before the partials they draw say theirs)."""
        context = {} if context is None else context
        if request is not None:
            context["request"] = request
            context["csrf_input"] = django_jinja2.csrf_input_lazy(request)
            context["csrf_token"] = django_jinja2.csrf_token_lazy(request)
            for context_processor in self.backend.template_context_processors:
                context.update(context_processor(request))
        template_rendered.send(sender=self, template=self, context=context)
        return super().render(context)
