"""The API's reading endpoints: articles as ninjs documents; tags, sources, sections, authors
and pictures."""

from django.urls import reverse
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.agency import ninjs
from articles.api import listing, openapi
from articles.api.auth import api_key
from articles.models import ApiKey, Article, Author, Image, Section, Source, Tag
from articles.models.querysets import fetch_document_parts
from articles.site.caching import cached_markdown
from articles.site.published_counts import (
    author_counts,
    section_counts,
    source_counts,
    tag_counts,
)
from articles.text import render_markdown


def rendered_html(text):
    """A body's HTML, kept as the article pages keep it: rendering costs most of a list."""
    return cached_markdown(text, render_markdown)


class ReadingView(APIView):
    """Answers that readers share, unless a key asked: a key's answers may hold more (the full
    text), so they are private to it, kept only to revalidate with their ETag."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if api_key(request) is not None and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def base_url(self):
        return self.request.build_absolute_uri("/")

    def document(self, article):
        if article.status != Article.Status.PUBLISHED:
            return ninjs.tombstone(article, base_url=self.base_url())
        key = api_key(self.request)
        full_text = article.may_share_full_text or (
            key is not None and key.has_scope(ApiKey.Scope.FULL_TEXT)
        )
        return ninjs.article_document(
            article, base_url=self.base_url(), full_text=full_text, render_html=rendered_html
        )


class ArticleList(ReadingView):
    @extend_schema(
        operation_id="articles_list",
        summary="Published articles, newest first, 20 a page",
        parameters=openapi.LIST_PARAMETERS,
        responses={200: OpenApiResponse(openapi.ARTICLE_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        wanted = listing.read_parameters(request.query_params)
        queryset, ordering, ascending = listing.articles(wanted)
        rows, cursor = listing.page(queryset, ordering, ascending, wanted.get("cursor"))
        next_url = None
        if cursor:
            query = request.GET.copy()
            query["cursor"] = cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response = Response({"items": [self.document(row) for row in rows], "next": next_url})
        if next_url:
            response["Link"] = f'<{next_url}>; rel="next"'
        return response


class ArticleDetail(ReadingView):
    @extend_schema(
        operation_id="articles_retrieve",
        summary="One published article",
        responses={200: OpenApiResponse(openapi.NINJS_DOCUMENT), **openapi.READ_ERRORS},
    )
    def get(self, request, pk):
        found = Article.objects.published().for_documents().filter(pk=pk)[:1]
        if not found:
            raise NotFound(f"No published article has the id {pk}.")
        return Response(self.document(fetch_document_parts(list(found))[0]))


def _entry(obj, count, request, filter_name):
    return {
        "slug": obj.slug,
        "name": obj.name,
        "article_count": count,
        "uri": request.build_absolute_uri(obj.get_absolute_url()),
        "articles": request.build_absolute_uri(
            f"{reverse('api:articles')}?{filter_name}={obj.slug}"
        ),
    }


def _tag(tag, count, request):
    return {**_entry(tag, count, request, "tag"), "kind": tag.kind}


def _source(source, count, request):
    return {
        **_entry(source, count, request, "source"),
        "short_name": source.short_name,
        "homepage_url": source.homepage_url,
        "language": source.language,
        "copyright_notice": source.copyright_notice,
        "usage_terms": source.usage_terms,
    }


class TagList(ReadingView):
    @extend_schema(
        operation_id="tags_list",
        summary="The tags that have published articles, by kind, with their number",
        responses={200: OpenApiResponse(openapi.TAG_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        counted = _counted(Tag.objects, dict(tag_counts(request=request)))  # by kind, name
        return Response({"items": [_tag(tag, n, request) for tag, n in counted]})


class TagDetail(ReadingView):
    @extend_schema(
        operation_id="tags_retrieve",
        summary="A tag that has published articles",
        responses={200: OpenApiResponse(openapi.TAG), **openapi.READ_ERRORS},
    )
    def get(self, request, slug):
        # Counted afresh: the shared counts of the list may be a minute old, and a tag that
        # just got its first published article must be found.
        tag = Tag.objects.filter(slug=slug).first()
        count = Article.objects.published().tagged(slug).count() if tag else 0
        if not count:
            raise NotFound(f"No tag with published articles has the slug {slug!r}.")
        return Response(_tag(tag, count, request))


class SourceList(ReadingView):
    @extend_schema(
        operation_id="sources_list",
        summary="The sources that have published articles, by name, with their number",
        responses={200: OpenApiResponse(openapi.SOURCE_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        counted = _counted(Source.objects, dict(source_counts(request=request)))  # by name
        return Response({"items": [_source(s, n, request) for s, n in counted]})


class SourceDetail(ReadingView):
    @extend_schema(
        operation_id="sources_retrieve",
        summary="A source that has published articles",
        responses={200: OpenApiResponse(openapi.SOURCE), **openapi.READ_ERRORS},
    )
    def get(self, request, slug):
        source = Source.objects.filter(slug=slug).first()
        count = Article.objects.published().from_source(slug).count() if source else 0
        if not count:
            raise NotFound(f"No source with published articles has the slug {slug!r}.")
        return Response(_source(source, count, request))


def _section(section, count, request):
    return {
        **_entry(section, count, request, "section"),
        "description": section.description,
        "position": section.position,
    }


def _author(author, count, request):
    photo = author.shown_photo
    return {
        **_entry(author, count, request, "author"),
        "role": author.role,
        "bio": author.bio,
        "links": author.link_list,
        "photo": ninjs.picture(photo, request.build_absolute_uri("/")) if photo else None,
    }


def _counted(objects, counts):
    """[(object, count)] in the counts' order ({id: count}); one deleted since it was counted
    is left out."""
    found = {obj.pk: obj for obj in objects.filter(pk__in=counts)}
    return [(found[pk], n) for pk, n in counts.items() if pk in found]


class SectionList(ReadingView):
    @extend_schema(
        operation_id="sections_list",
        summary="The sections that have published articles, in menu order, with their number",
        responses={200: OpenApiResponse(openapi.SECTION_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        counted = _counted(Section.objects, dict(section_counts(request=request)))
        return Response({"items": [_section(s, n, request) for s, n in counted]})


class SectionDetail(ReadingView):
    @extend_schema(
        operation_id="sections_retrieve",
        summary="A section that has published articles",
        responses={200: OpenApiResponse(openapi.SECTION), **openapi.READ_ERRORS},
    )
    def get(self, request, slug):
        section = Section.objects.filter(slug=slug).first()
        count = Article.objects.published().in_section(slug).count() if section else 0
        if not count:
            raise NotFound(f"No section with published articles has the slug {slug!r}.")
        return Response(_section(section, count, request))


class AuthorList(ReadingView):
    @extend_schema(
        operation_id="authors_list",
        summary="The authors who have published articles, by name, with their number",
        responses={200: OpenApiResponse(openapi.AUTHOR_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        authors = Author.objects.select_related("photo__source")
        counted = _counted(authors, dict(author_counts(request=request)))
        return Response({"items": [_author(a, n, request) for a, n in counted]})


class AuthorDetail(ReadingView):
    @extend_schema(
        operation_id="authors_retrieve",
        summary="An author who has published articles",
        responses={200: OpenApiResponse(openapi.AUTHOR), **openapi.READ_ERRORS},
    )
    def get(self, request, slug):
        author = Author.objects.select_related("photo__source").filter(slug=slug).first()
        count = Article.objects.published().by_author(slug).count() if author else 0
        if not count:
            raise NotFound(f"No author with published articles has the slug {slug!r}.")
        return Response(_author(author, count, request))


PICTURES_PER_PAGE = 50


class ImageList(ReadingView):
    @extend_schema(
        operation_id="images_list",
        summary="The pictures readers see, newest first, 50 a page",
        parameters=[openapi.BEFORE_PARAMETER],
        responses={200: OpenApiResponse(openapi.PICTURE_LIST), **openapi.READ_ERRORS},
    )
    def get(self, request):
        before = listing.read_before(request.query_params)
        pictures = Image.objects.shown_to_readers().select_related("source").order_by("-pk")
        if before is not None:
            pictures = pictures.filter(pk__lt=before)
        pictures = list(pictures[: PICTURES_PER_PAGE + 1])
        next_url = None
        if len(pictures) > PICTURES_PER_PAGE:
            pictures = pictures[:PICTURES_PER_PAGE]
            next_url = request.build_absolute_uri(f"{request.path}?before={pictures[-1].pk}")
        base_url = request.build_absolute_uri("/")
        items = [ninjs.picture(picture, base_url) for picture in pictures]
        response = Response({"items": items, "next": next_url})
        if next_url:
            response["Link"] = f'<{next_url}>; rel="next"'
        return response


class ImageDetail(ReadingView):
    @extend_schema(
        operation_id="images_retrieve",
        summary="A picture readers see",
        responses={200: OpenApiResponse(openapi.PICTURE), **openapi.READ_ERRORS},
    )
    def get(self, request, pk):
        picture = Image.objects.shown_to_readers().select_related("source").filter(pk=pk).first()
        if picture is None:
            raise NotFound(f"No picture readers see has the id {pk}.")
        return Response(ninjs.picture(picture, request.build_absolute_uri("/")))
