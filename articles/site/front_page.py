"""The front page's curated parts: the lead and top stories, then a block per section.

Editors fill the slots (FrontPageSlot) and set how many articles each section's block shows
(Section.front_page_count); with no slot and no block, the front page is the plain list of the
latest articles. Every part is read through published(), so a story that is withdrawn,
unpublished or loses its rights leaves the page at once.
"""

from articles.models import Article
from articles.models.teaser_rows import TeaserRows
from articles.site.caching import menu_sections, shared


def chosen(request):
    """(the sections with a block, [(id, is curated, slot position, section id)]): which
    articles the curated parts show, the slots' and each block's newest, chosen once per
    cache period, like the counts of lists and the ids of deep pages, and again after any
    change readers see."""
    sections = [section for section in menu_sections(request) if section.front_page_count]
    wanted = {section.pk: section.front_page_count for section in sections}
    key = "front-page:chosen:" + ",".join(f"{pk}-{count}" for pk, count in wanted.items())
    return sections, shared(key, lambda: _choose(wanted), request=request)


def chosen_ids(chosen_parts):
    """The ids of the articles chosen(): what the list reads along with its first page."""
    return [pk for pk, *_ in chosen_parts[1]]


def curated_parts(chosen_parts, rows=None):
    """The lead, the top stories and the section blocks ([(section, teaser rows)]) of
    chosen(); none at all when nothing is curated. Their rows are read afresh each time,
    through published(): `rows` ({id: teaser row}) where the list read them along with its
    first page (TeaserRows.read_along()), else in a query of their own."""
    sections, chosen_articles = chosen_parts
    if not chosen_articles:
        return {}
    if rows is None:
        rows = {row["pk"]: row for row in TeaserRows().with_ids(chosen_ids(chosen_parts))}
    curated, blocks = [], {section.pk: [] for section in sections}
    for pk, is_curated, _position, section_id in chosen_articles:
        if pk not in rows:  # withdrawn, unpublished or out of rights since it was chosen
            continue
        if is_curated:
            curated.append(rows[pk])
        elif section_id in blocks:
            blocks[section_id].append(rows[pk])
    return {
        "lead": curated[0] if curated else None,
        "top_stories": curated[1:],
        "section_blocks": [
            (s, blocks[s.pk][: s.front_page_count]) for s in sections if blocks[s.pk]
        ],
    }


def _choose(wanted):
    """[(id, is curated, slot position, section id)]: the curated stories in their slots'
    order, then each block's articles, newest first."""
    shown = Article.objects.published().on_front_page(wanted)
    chosen = list(shown.values_list("pk", "is_curated", "slot_position", "section_id"))
    curated = sorted((c for c in chosen if c[1]), key=lambda c: (c[2], c[0]))
    return curated + [c for c in chosen if not c[1]]
