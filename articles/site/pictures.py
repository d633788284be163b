"""Pictures as pages, feeds and search engines show them: the addresses of their renditions,
and the /media/ files themselves where no proxy or object store serves them."""

import mimetypes
import re
from typing import NamedTuple
from urllib.parse import unquote

from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.utils.safestring import mark_safe

from articles.models import Image
from articles.pictures.renditions import FALLBACK, PREFIX, public_url
from articles.site import partials
from articles.text import PICTURE_PLACE

# Renditions never change under their name (it holds a hash of the file).
IMMUTABLE = "public, max-age=31536000, immutable"
_RENDITION_PATH = re.compile(rf"{PREFIX}/(\d+)/[\w.-]+")


def url(entry):
    return public_url(entry)


def absolute(request, entry):
    return request.build_absolute_uri(url(entry)) if entry else ""


def structured_images(image, request):
    """The three ratios search engines ask for, as absolute addresses: 1:1, 4:3, 16:9."""
    entries = [
        image.rendition("square", FALLBACK),
        image.rendition("four-three", FALLBACK),
        image.rendition("wide", FALLBACK, 1280),
    ]
    return [absolute(request, entry) for entry in entries if entry]


BODY_SIZES = "(min-width: 42rem) 40rem, 100vw"


class ArticleBody(NamedTuple):
    html: str  # marked safe
    picture_ids: frozenset  # of the library's pictures placed in it, whether shown or not


def article_body(article):
    """An article's body for its page: its HTML, with the library's pictures in their places
    as figures (one query for all of them, none when the body has none). A picture whose
    rights expired leaves no trace, but is among the picture_ids: the page changes when its
    rights do."""
    rendered = article.rendered_body()
    ids = frozenset(int(found.group(1)) for found in PICTURE_PLACE.finditer(rendered))
    if not ids:
        return ArticleBody(mark_safe(rendered), ids)  # noqa: S308 (Markdown with raw HTML off)
    images = Image.objects.usable().select_related("source").in_bulk(ids)

    def figure(found):
        image = images.get(int(found.group(1)))
        if image is None or not image.renditions:
            return ""
        alt = unquote(found.group(2))
        return partials.figure(
            image, caption=image.caption, alt=alt, sizes=BODY_SIZES, loading="lazy"
        )

    html = mark_safe(PICTURE_PLACE.sub(figure, rendered))  # noqa: S308 (escaped by templates)
    return ArticleBody(html, ids)


def without_picture_places(html):
    """Rendered Markdown for feeds, which carry no pictures in the text."""
    return PICTURE_PLACE.sub("", html)


def serve_media(request, path):
    """A rendition from MEDIA_ROOT, for `make run` and servers without a proxy that serves
    them: kept for a year by browsers, and gone (404) once the picture's rights expire."""
    found = _RENDITION_PATH.fullmatch(path)
    if not found or ".." in path:
        raise Http404
    image = Image.objects.select_related("source").filter(pk=found.group(1)).first()
    if image is None or image.has_expired_rights:
        raise Http404
    storage = storages["default"]
    if not storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(storage.open(path, "rb"), content_type=content_type)
    response["Cache-Control"] = IMMUTABLE
    return response
