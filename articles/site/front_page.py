"""The front page's curated parts: the lead and top stories, then a block per section.

Editors fill the slots (FrontPageSlot) and set how many articles each section's block shows
(Section.front_page_count); with no slot and no block, the front page is the plain list of the
latest articles. Every part is read through published(), so a story that is withdrawn,
unpublished or loses its rights leaves the page at once.
"""

from articles.models import Article
from articles.site.caching import menu_sections


def curated_parts(request):
    """The lead, the top stories and the section blocks ([(section, articles)]), in two
    queries: the curated stories, and the newest articles of every section with a block."""
    teasers = Article.objects.published().for_lists()
    curated = list(teasers.curated())
    shown = {article.pk for article in curated}
    blocks = []
    sections = [section for section in menu_sections(request) if section.front_page_count]
    if sections:
        wanted = {section.pk: section.front_page_count for section in sections}
        newest = teasers.newest_per_section(wanted).order_by("-published_at", "-id")
        by_section = {section.pk: [] for section in sections}
        for article in newest:
            if article.pk not in shown:  # a curated story is not shown twice
                by_section[article.section_id].append(article)
        blocks = [(section, by_section[section.pk]) for section in sections]
        blocks = [(section, articles) for section, articles in blocks if articles]
    return {
        "lead": curated[0] if curated else None,
        "top_stories": curated[1:],
        "section_blocks": blocks,
    }
