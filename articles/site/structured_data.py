"""What search engines and social sites read from an article page: schema.org JSON-LD."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from articles.site.pictures import structured_images

# json_script's escapes: no "</script>", "<!--" or "&" can leave the JSON inside the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def news_article(article, request):
    """The schema.org NewsArticle describing `article`, as a dict ready for JSON."""
    url = request.build_absolute_uri(article.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
    }
    source = article.source
    if article.byline:
        author = {"@type": "Person", "name": article.byline}
    elif source:
        author = {"@type": "Organization", "name": source.name}
    else:
        author = publisher
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "inLanguage": article.language,
        "author": author,
        "publisher": publisher,
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if source:
        agency = {"@type": "Organization", "name": source.name}
        if source.homepage_url:
            agency["url"] = source.homepage_url
        data["copyrightHolder"] = agency
        data["creditText"] = source.label
        data["sourceOrganization"] = agency
    else:
        data["copyrightHolder"] = publisher
        data["creditText"] = article.byline or settings.SITE_NAME
    lead_image = article.shown_lead_image
    if lead_image is not None:
        data["image"] = structured_images(lead_image, request)
    if article.original_url:
        data["isBasedOn"] = article.original_url
    if article.effective_copyright_notice:
        data["copyrightNotice"] = article.effective_copyright_notice
    return data


def as_json_ld(data):
    """JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 (<, >, & escaped for a script)
