"""What the OpenAPI description says the API answers, as JSON schemas. The articles are IPTC
ninjs 3.1 documents; the official schema (JSON Schema 2020-12, which OpenAPI 3.0 cannot hold)
is what the tests validate them against; here they are described as far as OpenAPI allows."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """API keys as OpenAPI's bearer scheme; without one, the API answers anonymously."""

    target_class = "articles.api.auth.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "an API key"}


def _strings(*names):
    return {name: {"type": "string"} for name in names}


def _list_of(properties, required=()):
    return {
        "type": "array",
        "items": {"type": "object", "properties": properties, "required": list(required)},
    }


_TEXT_PARTS = _strings("role", "contentType", "value")

NINJS_DOCUMENT = {
    "type": "object",
    "description": "An article (or, in updated_since lists, a withdrawal with pubStatus "
    "'canceled') as an IPTC ninjs 3.1 document; see the README's API section.",
    "required": ["uri", "type", "version", "versionCreated", "pubStatus"],
    "properties": {
        **_strings("uri", "version", "language", "slugline", "by", "copyrightHolder"),
        **_strings("copyrightNotice", "usageTerms"),
        "type": {"type": "string", "enum": ["text"]},
        "representationType": {"type": "string", "enum": ["full", "partial"]},
        "pubStatus": {"type": "string", "enum": ["usable", "canceled"]},
        "firstCreated": {"type": "string", "format": "date-time"},
        "versionCreated": {"type": "string", "format": "date-time"},
        "standard": {"type": "object", "properties": _strings("name", "version", "schema")},
        "headlines": _list_of(_TEXT_PARTS, ["value"]),
        "descriptions": _list_of(_TEXT_PARTS, ["value"]),
        "bodies": _list_of(
            {**_TEXT_PARTS, "charCount": {"type": "integer"}, "wordCount": {"type": "integer"}},
            ["value"],
        ),
        "subjects": _list_of(_strings("name", "rel", "uri", "literal")),
        "infoSources": _list_of(_strings("name", "role", "uri", "literal")),
        "altIds": _list_of(_strings("role", "value")),
        "trustIndicators": _list_of(_strings("role", "title", "href")),
        "associations": {"type": "array", "items": {"type": "object"}},
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}},
}

ARTICLE_LIST = {
    "type": "object",
    "required": ["items", "next"],
    "properties": {
        "items": {"type": "array", "items": NINJS_DOCUMENT},
        "next": {"type": "string", "nullable": True, "description": "the next page, or null"},
    },
}

_DIRECTORY_ENTRY = {
    "type": "object",
    "required": ["slug", "name", "article_count", "uri", "articles"],
    "properties": {
        **_strings("slug", "name", "uri", "articles"),
        "article_count": {"type": "integer"},
    },
}
TAG = {
    **_DIRECTORY_ENTRY,
    "properties": {**_DIRECTORY_ENTRY["properties"], "kind": {"type": "string"}},
}
SOURCE = {
    **_DIRECTORY_ENTRY,
    "properties": {
        **_DIRECTORY_ENTRY["properties"],
        **_strings("short_name", "homepage_url", "language", "copyright_notice", "usage_terms"),
    },
}
SECTION = {
    **_DIRECTORY_ENTRY,
    "properties": {
        **_DIRECTORY_ENTRY["properties"],
        "description": {"type": "string"},
        "position": {"type": "integer"},
    },
}
PICTURE = {
    "type": "object",
    "description": "A picture as a ninjs 3.1 association of type 'picture': its alt text as "
    "name, caption, credit (by), usage terms and renditions.",
    "required": ["name", "uri", "type", "altIds", "renditions"],
    "properties": {
        **_strings("name", "uri", "by", "usageTerms"),
        "type": {"type": "string", "enum": ["picture"]},
        "altIds": _list_of(_strings("role", "value")),
        "descriptions": _list_of(_TEXT_PARTS, ["value"]),
        "renditions": _list_of(
            {
                **_strings("name", "href", "contentType"),
                **{n: {"type": "integer"} for n in ("width", "height", "sizeInBytes")},
            },
            ["href"],
        ),
    },
}
AUTHOR = {
    **_DIRECTORY_ENTRY,
    "properties": {
        **_DIRECTORY_ENTRY["properties"],
        **_strings("role", "bio"),
        "links": {"type": "array", "items": {"type": "string"}},
        "photo": {**PICTURE, "nullable": True},
    },
}
TAG_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": TAG}},
}
SOURCE_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": SOURCE}},
}

SECTION_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": SECTION}},
}
AUTHOR_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": AUTHOR}},
}
PICTURE_LIST = {
    "type": "object",
    "required": ["items", "next"],
    "properties": {
        "items": {"type": "array", "items": PICTURE},
        "next": {"type": "string", "nullable": True, "description": "the next page, or null"},
    },
}

PUSH_RESULT = {
    "type": "object",
    "required": ["result", "id"],
    "properties": {
        "result": {"type": "string", "enum": ["created", "unchanged", "updated"]},
        "id": {"type": "integer"},
        "version": {"type": "integer", "nullable": True},
    },
}
PUSH_FAILURE = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "line": {"type": "integer", "nullable": True},
        "reason": {"type": "string"},
    },
}


def errors(*statuses):
    return {status: OpenApiResponse(ERROR, description="what went wrong") for status in statuses}


READ_ERRORS = errors(400, 401, 404, 429)

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,200}$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"


def _slug(name, description):
    return OpenApiParameter(
        name, {"type": "string", "pattern": SLUG_PATTERN}, description=description
    )


def _moment(name, description):
    return OpenApiParameter(
        name,
        {"type": "string", "format": "date-time"},
        description=f"{description}; an ISO 8601 date and time (without a zone, in the "
        "site's), or a date for its midnight",
    )


LIST_PARAMETERS = [
    _slug("section", "a section's slug"),
    _slug("tag", "a tag's slug"),
    _slug("source", "a source's slug"),
    _slug("author", "an author's slug"),
    OpenApiParameter(
        "language",
        {"type": "string", "pattern": LANGUAGE_PATTERN},
        description="BCP 47 code, e.g. de",
    ),
    _moment("published_since", "published at or after it"),
    _moment(
        "updated_since",
        "changed at or after it, withdrawals included as tombstones, oldest change first",
    ),
    OpenApiParameter(
        "cursor",
        {"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"},
        description="where the next page starts: take it from a list's next link",
    ),
]

BEFORE_PARAMETER = OpenApiParameter(
    "before",
    int,
    description="only pictures with a smaller id: the `next` link of the page before",
    required=False,
)
