"""An article's own part of its page (partials/articles/_article.html) and what its head says
of it (_article_meta.html, with the structured data), drawn once per process for everything
they are drawn from.

Every reader of an article gets the same two parts for as long as the article as read (its
fields, its section, source, lead picture, tags and authors, its corrections), its body as
shown and the request's address, language and time zone are the same. They are kept by
exactly those values (caching.kept_article_parts()), so that an edit, a renamed tag, a picture
whose rights end or another host makes new parts, even where no purge was made: nothing that
is not among the values reaches the parts, and the parts read nothing the article's page did
not read before drawing them. A preview is drawn afresh.
"""

import datetime
import io
import pickle

from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.files import FieldFile
from django.urls import get_script_prefix, get_urlconf
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from articles.site import caching, partials
from articles.site.pictures import absolute
from articles.site.structured_data import as_json_ld, breadcrumbs, news_article


def drawn(own, request):
    """(head, article): _article_meta.html and _article.html drawn with `own`, what both read
    (article, is_preview, canonical_url, corrections, is_agency_text_unchanged, body_html,
    lead_image, site_name), and the structured data and social picture made from it."""
    if own["is_preview"]:
        return _draw(own, request)
    return caching.kept_article_parts(
        own["article"].pk, lambda: drawn_from(own), lambda: _draw(own, request)
    )


def drawn_from(own):
    """Everything the parts are drawn from, as bytes: `own` as read (each model instance's
    fields and annotations, with the objects read along with it), and the request's language,
    time zone, script prefix and URL configuration. canonical_url holds its scheme and host."""
    where = (get_language(), get_current_timezone_name(), get_script_prefix(), get_urlconf())
    written = io.BytesIO()
    _Reading(written, protocol=pickle.HIGHEST_PROTOCOL).dump((own, where))
    return written.getvalue()


class _Reading(pickle.Pickler):
    """Pickles what a page was drawn from, rather than what would make it again: equal bytes
    are equal values of the same types. Model instances and what Django keeps in them are
    written as their values alone, without copying them into new containers: objects made for
    nothing wake the garbage collector, which then walks the whole process."""

    def reducer_override(self, obj):
        if type(obj) is datetime.datetime:
            # Its moment as text, which holds its offset: pickled as Python pickles it, each
            # moment named its class and its time zone's, and cost five times as much.
            return _read, ("moment", obj.isoformat())
        if isinstance(obj, Model):  # its fields and annotations, and the objects read with it
            return _read, (obj._meta.label,), obj.__dict__
        if isinstance(obj, ModelState):
            return _read, ("read with it",), obj.fields_cache
        if isinstance(obj, QuerySet):  # prefetched: the rows read
            if obj._result_cache is None:
                raise ValueError("An article's parts are drawn from what was read: this was not.")
            return _read, ("rows",), obj._result_cache
        if isinstance(obj, FieldFile):
            return _read, ("file",), obj.name
        return NotImplemented


def _read(*_):
    """What _Reading writes for each thing Django made (one name for all: a class or function
    named in a pickle is looked up every time, which cost more than the values)."""


def _draw(own, request):
    article, url, lead_image = own["article"], own["canonical_url"], own["lead_image"]
    context = dict(own)
    context["json_ld"] = as_json_ld(news_article(article, request, url))
    context["breadcrumbs_json_ld"] = as_json_ld(breadcrumbs(article, request, url))
    if lead_image is not None:
        social = lead_image.rendition("social", "jpeg")
        size = lead_image.crop_size("social")
        context["social_image"] = {"url": absolute(request, social), "size": size}
    head = partials.drawn("articles/_article_meta.html", context)
    return head, partials.drawn("articles/_article.html", context)
