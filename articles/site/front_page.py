"""The front page's curated parts: the lead and top stories, then a block per section.

Editors fill the slots (FrontPageSlot) and set how many articles each section's block shows
(Section.front_page_count); with no slot and no block, the front page is the plain list of the
latest articles. Every part is read through published(), so a story that is withdrawn,
unpublished or loses its rights leaves the page at once.
"""

from articles.models import Article, FrontPageSlot
from articles.site.caching import menu_sections, shared


def curated_parts(request):
    """The lead, the top stories and the section blocks ([(section, teaser rows)]), all read
    in one query; none at all when nothing is curated (whether any slot exists is kept in the
    cache like the counts, so the plain front page costs what it always did)."""
    sections = [section for section in menu_sections(request) if section.front_page_count]
    has_slots = shared("front-page:has-slots", FrontPageSlot.objects.exists, request=request)
    if not sections and not has_slots:
        return {}
    wanted = {section.pk: section.front_page_count for section in sections}
    shown = (
        Article.objects.published()
        .on_front_page(wanted, with_curated=has_slots)
        .teasers("section_id", "is_curated", "slot_position")
    )
    curated, blocks = [], {section.pk: [] for section in sections}
    for row in shown:
        if row["is_curated"]:
            curated.append(row)
        elif row["section_id"] in blocks:
            blocks[row["section_id"]].append(row)
    curated.sort(key=lambda row: (row["slot_position"], row["pk"]))
    return {
        "lead": curated[0] if curated else None,
        "top_stories": curated[1:],
        "section_blocks": [
            (s, blocks[s.pk][: s.front_page_count]) for s in sections if blocks[s.pk]
        ],
    }
