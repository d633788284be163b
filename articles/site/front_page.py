"""The front page's curated parts: the lead and top stories, then a block per section.

Editors fill the slots (FrontPageSlot) and set how many articles each section's block shows
(Section.front_page_count); with no slot and no block, the front page is the plain list of the
latest articles. Every part is read through published(), so a story that is withdrawn,
unpublished or loses its rights leaves the page at once.
"""

from articles.models import Article
from articles.models.teaser_rows import TeaserRows
from articles.site.caching import menu_sections, shared


def curated_parts(request):
    """The lead, the top stories and the section blocks ([(section, teaser rows)]); none at
    all when nothing is curated.

    Which articles they are (the slots' and each block's newest) is chosen once per cache
    period, like the counts of lists and the ids of deep pages, and again after any change
    readers see; their rows are read afresh each time, through published(), in one query."""
    sections = [section for section in menu_sections(request) if section.front_page_count]
    wanted = {section.pk: section.front_page_count for section in sections}
    key = "front-page:chosen:" + ",".join(f"{pk}-{count}" for pk, count in wanted.items())
    chosen = shared(key, lambda: _choose(wanted), request=request)
    if not chosen:
        return {}
    rows = {row["pk"]: row for row in TeaserRows().with_ids([pk for pk, *_ in chosen])}
    curated, blocks = [], {section.pk: [] for section in sections}
    for pk, is_curated, _position, section_id in chosen:
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
