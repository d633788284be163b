"""Articles as IPTC ninjs 3.1 documents, and ninjs documents that agencies send as wire texts.

ninjs is the news industry's JSON: what an agency hands a newsroom, and what we hand partners.
The root of a ninjs 3 document takes no properties of its own, so what only we know goes where
the standard provides for it:

- the agency, with the original's address, in `infoSources` (role "originator");
- the SHA-256 of each text as the agency sent it in `altIds` (role "received-sha256");
- whether ours is the agency's text unchanged or edited in `trustIndicators`;
- corrections, clarifications and updates in `associations` (rel the kind);
- our own id in `altIds` (role "id").

The document builder reads what the querysets fetched (tags, corrections and provenance
records prefetched) and asks the database nothing itself. The authors are `people` (rel
"author") and make the `by` line; the section is a subject (rel "section"); the lead image,
while its rights hold, is the first association (rel "leadimage", type "picture") with its
renditions.
"""

import json
import re
import zoneinfo
from datetime import UTC

from django.conf import settings
from django.utils.dateparse import parse_datetime

from articles.agency import wire
from articles.agency.provenance import reads_as
from articles.pictures.renditions import FALLBACK, MODERN, public_url
from articles.text import render_markdown

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
# Our own vocabulary for what ninjs leaves to the provider, as URNs: stable names, not pages.
TRUST_UNCHANGED = "urn:newsroom:trust:agency-text-unchanged"
TRUST_EDITED = "urn:newsroom:trust:agency-text-edited"
ROLE_RECEIVED_SHA256 = "received-sha256"
ROLE_ID = "id"


def _time(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _absolute(base_url, path):
    return base_url.rstrip("/") + path


def article_document(article, *, base_url, full_text, render_html=render_markdown):
    """The article as a ninjs 3.1 document. `full_text` False leaves the bodies out (the
    summary stays), as when the source's agreement keeps the text to our own pages.
    `render_html` makes the body's HTML (the site passes one that keeps what it rendered)."""
    document = {
        "uri": _absolute(base_url, article.get_absolute_url()),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationType": "full" if full_text else "partial",
        "version": str(article.version),
        "firstCreated": _time(article.published_at),
        "versionCreated": _time(article.updated_at),
        "pubStatus": "usable",
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.title}],
        "altIds": [{"role": ROLE_ID, "value": str(article.pk)}],
    }
    if article.summary:
        document["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.summary}
        ]
    if full_text:
        document["bodies"] = _bodies(article.body, render_html)
    people = [_person(author, base_url) for author in article.byline_authors]
    if people:
        document["people"] = people
        document["by"] = ", ".join(person["name"] for person in people)
    elif article.byline:
        document["by"] = article.byline
    subjects = [_section(article.section, base_url)] if article.section_id else []
    subjects += [_subject(tag, base_url) for tag in article.tags.all()]
    if subjects:
        document["subjects"] = subjects
    _add_rights(document, article)
    _add_provenance(document, article)
    associations = [
        _correction(correction, document["uri"]) for correction in _corrections(article)
    ]
    picture = article.shown_lead_image
    if picture is not None:
        associations.insert(0, _picture(picture, article, base_url))
    if associations:
        document["associations"] = associations
    return document


def tombstone(article, *, base_url):
    """What a partner keeping a copy needs to know of a withdrawn article: which, and when."""
    return {
        "uri": _absolute(base_url, article.get_absolute_url()),
        "type": "text",
        "version": str(article.version),
        "versionCreated": _time(article.updated_at),
        "pubStatus": "canceled",
        "altIds": [{"role": ROLE_ID, "value": str(article.pk)}],
    }


def _bodies(text, render_html):
    plain = text.strip()
    counts = {"charCount": len(plain), "wordCount": len(plain.split())}
    return [
        {"role": "main", "contentType": "text/html", "value": render_html(text), **counts},
        {"role": "main", "contentType": "text/plain", "value": plain, **counts},
    ]


def _corrections(article):
    # Read only where fetch_document_parts() found some: the flag spares the others a query.
    return article.corrections.all() if getattr(article, "has_corrections", True) else []


def _received_texts(article):
    return article.provenance_records.all() if getattr(article, "has_provenance", True) else []


def _person(author, base_url):
    return {
        "name": author.name,
        "rel": "author",
        "uri": _absolute(base_url, author.get_absolute_url()),
        "literal": author.slug,
    }


def _section(section, base_url):
    return {
        "name": section.name,
        "rel": "section",
        "uri": _absolute(base_url, section.get_absolute_url()),
        "literal": section.slug,
    }


def _picture(image, article, base_url):
    """The lead image, with the article's caption for it."""
    return picture(image, base_url, rel="leadimage", caption=article.lead_caption)


def picture(image, base_url, *, rel=None, caption=None):
    """A picture as a ninjs association: its description, credit and renditions (16:9 around
    its focal point, in both formats, and the 1200x630 one for social sites). The caption is
    the picture's own unless one is given."""
    wide_width, wide_height = image.crop_size("wide")
    renditions = [
        _rendition(f"wide-{entry[0]}-{kind}", entry, kind, (wide_width, wide_height), base_url)
        for kind in (FALLBACK, MODERN)
        for entry in image.renditions_of("wide", kind)
    ]
    social = image.rendition("social", FALLBACK)
    if social:
        size = image.crop_size("social")
        renditions.append(_rendition("social", social, FALLBACK, size, base_url))
    association = {"name": image.alt_text}
    if rel:
        association["rel"] = rel
    association.update(
        {
            "uri": renditions[0]["href"] if renditions else f"urn:newsroom:image:{image.pk}",
            "type": "picture",
            "altIds": [{"role": ROLE_ID, "value": str(image.pk)}],
            "renditions": renditions,
        }
    )
    caption = image.caption if caption is None else caption
    if caption:
        association["descriptions"] = [
            {"role": "caption", "contentType": "text/plain", "value": caption}
        ]
    if image.credit:
        association["by"] = image.credit
    if image.usage_terms:
        association["usageTerms"] = image.usage_terms
    return association


def _rendition(name, entry, image_format, size, base_url):
    """One file: [width, storage name, bytes] of a crop whose widest is `size`."""
    width, (full_width, full_height) = entry[0], size
    height = round(full_height * width / full_width) if full_width and full_height else None
    href = public_url(entry)
    rendition = {
        "name": name,
        "href": href if "://" in href else _absolute(base_url, href),
        "contentType": f"image/{image_format}",
        "width": width,
        "sizeInBytes": entry[2],
    }
    if height:
        rendition["height"] = height
    return rendition


def _subject(tag, base_url):
    return {
        "name": tag.name,
        "rel": tag.kind,
        "uri": _absolute(base_url, tag.get_absolute_url()),
        "literal": tag.slug,
    }


def _add_rights(document, article):
    source = article.source
    document["copyrightHolder"] = source.name if source else settings.SITE_NAME
    notice = article.effective_copyright_notice
    if notice:
        document["copyrightNotice"] = notice
    if source and source.usage_terms:
        document["usageTerms"] = source.usage_terms


def _add_provenance(document, article):
    source = article.source
    if source is None:
        return
    origin = {"name": source.name, "role": "originator", "literal": source.slug}
    if article.original_url:
        origin["uri"] = article.original_url
    document["infoSources"] = [origin]
    records = sorted(_received_texts(article), key=lambda record: record.version)
    document["altIds"] += [
        {"role": ROLE_RECEIVED_SHA256, "value": record.sha256} for record in records
    ]
    if records:
        unchanged = any(reads_as(record, article) for record in records)
        indicator = {
            "role": TRUST_UNCHANGED if unchanged else TRUST_EDITED,
            "title": (
                f"The text of {source.label}, unchanged."
                if unchanged
                else f"The text of {source.label}, edited by our newsroom."
            ),
        }
        if article.original_url:
            indicator["href"] = article.original_url
        document["trustIndicators"] = [indicator]


def _correction(correction, article_uri):
    return {
        "name": correction.get_kind_display(),
        "rel": correction.kind,
        "uri": f"{article_uri}#correction-{correction.pk}",
        "type": "text",
        "versionCreated": _time(correction.created_at),
        "bodies": [{"contentType": "text/plain", "value": correction.text}],
    }


# Receiving: a ninjs document pushed by an agency becomes the wire text it amounts to, and
# goes through the same importer as any wire text.


def wire_text_from(raw, source):
    """The wire text (str) a pushed ninjs document amounts to; wire.WireError naming what is
    missing or wrong (with the JSON's line where it cannot be read)."""
    try:
        document = json.loads(wire.decode(raw))
    except json.JSONDecodeError as error:
        raise wire.WireError(f"not JSON: {error.msg}", error.lineno) from None
    if not isinstance(document, dict):
        raise wire.WireError("a ninjs document is a JSON object")
    return wire.format_wire(
        wire.WireText(
            title=_headline(document),
            dateline=_dateline(document, source),
            paragraphs=_paragraphs(document),
            copyright_notice=_text(document, "copyrightNotice"),
            url=_original_url(document),
        )
    )


def _text(document, key):
    value = document.get(key, "")
    if not isinstance(value, str):
        raise wire.WireError(f"{key} must be a string")
    return value.strip()


def _values(document, key):
    items = document.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise wire.WireError(f"{key} must be a list of objects")
    return items


def _headline(document):
    headlines = _values(document, "headlines")
    main = [h for h in headlines if h.get("role") in (None, "main")] or headlines
    title = main[0].get("value") if main else None
    if not isinstance(title, str) or not title.strip():
        raise wire.WireError("no headline: headlines needs an object with a value")
    return " ".join(title.split())


def _dateline(document, source):
    given = document.get("firstCreated") or document.get("versionCreated")
    moment = parse_datetime(given) if isinstance(given, str) else None
    if moment is None:
        raise wire.WireError(
            "no dateline: firstCreated (or versionCreated) must be a date and time, "
            "e.g. 2022-09-16T01:19:33Z"
        )
    zone = zoneinfo.ZoneInfo(source.timezone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _paragraphs(document):
    bodies = _values(document, "bodies")
    plain = [b for b in bodies if b.get("contentType", "text/plain") == "text/plain"]
    text = plain[0].get("value") if plain else None
    if not isinstance(text, str) or not text.strip():
        raise wire.WireError("no text: bodies needs an object with contentType text/plain")
    paragraphs = re.split(r"\n\s*\n", wire.normalise(text).strip())
    return tuple(paragraph.strip() for paragraph in paragraphs if paragraph.strip())


def _original_url(document):
    for info in _values(document, "infoSources"):
        if info.get("role") in (None, "originator") and isinstance(info.get("uri"), str):
            return info["uri"]
    uri = document.get("uri")
    return uri if isinstance(uri, str) and uri.startswith(("http://", "https://")) else ""
