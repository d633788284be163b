"""A synthetic news archive for demos and benchmarks: plausible German and English articles.

Everything is drawn from one `random.Random`, so a seed gives the same archive every time.
Bodies are stitched from a pool of generated paragraphs, which keeps generation cheap enough
for archives of benchmark size while the text still reads (and searches) like news.
"""

import itertools
import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils.text import slugify

from articles.models import Article
from bench.archive.vocabulary import (
    FIRST_NAMES,
    LAST_NAMES,
    ORGANIZATIONS,
    PLACES,
    TEXTS,
    TOPIC_STEMS,
    TOPIC_SUFFIXES,
)

# A word that appears in about one article in five thousand: the "rare word" of benchmarks.
RARE_WORD = "Zwergflusspferd"
# A word in most German articles: the "common word" of benchmarks.
COMMON_WORD = "Regierung"
# Words that stand together in many German articles: the phrase searched for by benchmarks.
COMMON_PHRASE = "Regierung des Landes"

SOURCES = [
    # slug, name, short name, language, time zone
    ("nordwind", "Nordwind Nachrichtenagentur", "NNA", "de", "Europe/Berlin"),
    ("rheinpress", "Rhein Press Service", "RPS", "de", "Europe/Berlin"),
    ("alpenticker", "Alpenticker", "AT", "de", "Europe/Vienna"),
    ("baltic-wire", "Baltic Wire", "BW", "en", "Europe/Riga"),
    ("atlantic-newswire", "Atlantic Newswire", "ANW", "en", "America/New_York"),
    ("pacific-desk", "Pacific Desk", "PD", "en", "Asia/Singapore"),
]
# Share of articles that are our own reporting (no source).
OWN_REPORTING_SHARE = 0.3
DRAFT_SHARE = 0.05
SCHEDULED_SHARE = 0.01
ARCHIVE_YEARS = 10


@dataclass(frozen=True)
class TagSpec:
    name: str
    kind: str


def tag_specs():
    """About two thousand tag names of the four kinds, always the same ones."""
    persons = [f"{first} {last}" for first, last in itertools.product(FIRST_NAMES, LAST_NAMES)]
    topics = [f"{stem}{suffix}" for stem, suffix in itertools.product(TOPIC_STEMS, TOPIC_SUFFIXES)]
    specs = (
        [TagSpec(name, "place") for name in PLACES]
        + [TagSpec(name, "organization") for name in ORGANIZATIONS]
        + [TagSpec(name, "topic") for name in topics]
        + [TagSpec(name, "person") for name in persons]
    )
    return specs[:2000]


def reporters():
    """The newsroom's own reporters, named in the bylines of its own reporting."""
    names = itertools.product(FIRST_NAMES[:12], LAST_NAMES[:12])
    return [f"{first} {last}" for first, last in names]


def bylines(name):
    """The bylines that name a reporter, in each language of the archive."""
    return [text["byline"].format(name=name) for text in TEXTS.values()]


class ArchiveWriter:
    """Draws article field values; the caller decides how to store them."""

    def __init__(self, rng, now, tag_ids, sources, section_ids=()):
        self.rng = rng
        self.now = now
        self.sources = sources
        self.section_ids = list(section_ids)
        # Per language: the common paragraphs, then one rare paragraph per place.
        self.paragraphs = {lang: self._paragraph_pool(lang, 2000) for lang in TEXTS}
        self.first_rare = {lang: len(pool) for lang, pool in self.paragraphs.items()}
        for lang, pool in self.paragraphs.items():
            rare = TEXTS[lang]["rare"]
            pool.extend(rare.format(place=place.replace("-", " ")) for place in PLACES)
        # A long tail: the first tags of a shuffled list are drawn far more often (Zipf).
        tag_ids = list(tag_ids)
        rng.shuffle(tag_ids)
        self.tag_ids = tag_ids
        ranks = range(1, len(tag_ids) + 1)
        self.tag_weights = list(itertools.accumulate(1 / rank for rank in ranks))
        self.reporters = reporters()

    def _sentence(self, lang):
        text = TEXTS[lang]
        choice = self.rng.choice
        return text["sentence"].format(
            subject=choice(text["subjects"]),
            verb=choice(text["verbs"]),
            object=choice(text["objects"]),
            time=choice(text["times"]),
            place=choice(PLACES).replace("-", " "),
        )

    def _paragraph_pool(self, lang, size):
        pool = []
        for _ in range(size):
            sentences = [self._sentence(lang) for _ in range(self.rng.randint(3, 6))]
            sentences.append(self.rng.choice(TEXTS[lang]["closers"]))
            pool.append(" ".join(sentences))
        return pool

    def body_paragraphs(self, lang, size):
        """Numbers of the pool's paragraphs that make a body of about size characters."""
        rng, pool = self.rng, self.paragraphs[lang]
        common = self.first_rare[lang]
        numbers, length = [], 0
        while length < size:
            number = rng.randrange(common)
            numbers.append(number)
            length += len(pool[number]) + 2
        if rng.random() < 1 / 5000:
            rare = common + rng.randrange(len(pool) - common)
            numbers.insert(rng.randrange(len(numbers)), rare)
        return numbers

    def body_text(self, lang, numbers):
        pool = self.paragraphs[lang]
        return "\n\n".join(pool[number] for number in numbers)

    def tags(self):
        how_many = self.rng.randint(1, 6)
        chosen = self.rng.choices(self.tag_ids, cum_weights=self.tag_weights, k=how_many)
        return list(dict.fromkeys(chosen))

    def article(self, number):
        """The field values of one article (by attribute name, with the numbers of its body's
        paragraphs in place of the body) and its tag ids."""
        rng = self.rng
        source = None if rng.random() < OWN_REPORTING_SHARE else rng.choice(self.sources)
        own_language = "de" if rng.random() < 0.75 else "en"
        lang = source.language if source is not None else own_language
        text = TEXTS[lang]
        place = rng.choice(PLACES).replace("-", " ")
        title = text["title"].format(
            place=place,
            subject=rng.choice(text["subjects"]),
            verb=rng.choice(text["verbs"]),
            object=rng.choice(text["objects"]),
        )
        slug = f"{slugify(title)[:80].rstrip('-')}-{number}"

        roll = rng.random()
        if roll < DRAFT_SHARE:
            status = Article.Status.DRAFT if roll < DRAFT_SHARE * 0.7 else Article.Status.REVIEW
            published_at = None
            created_at = self.now - timedelta(days=rng.random() * 60)
        elif roll < DRAFT_SHARE + SCHEDULED_SHARE:
            status = Article.Status.PUBLISHED
            published_at = self.now + timedelta(minutes=rng.randint(5, 30 * 24 * 60))
            created_at = self.now - timedelta(hours=rng.random() * 72)
        else:
            status = Article.Status.PUBLISHED
            published_at = self.now - timedelta(seconds=rng.random() * ARCHIVE_YEARS * 365 * 86400)
            created_at = published_at - timedelta(minutes=rng.randint(5, 600))
        updated_at = (published_at or created_at) if rng.random() < 0.9 else self.now

        if source is None:
            byline = text["byline"].format(name=rng.choice(self.reporters))
            original_url = ""
        else:
            byline = source.short_name
            original_url = f"{source.homepage_url}{slug}"
        fields = {
            "title": title,
            "slug": slug,
            "summary": self._sentence(lang),
            "body_paragraphs": self.body_paragraphs(lang, rng.randint(2000, 10000)),
            "language": lang,
            "status": status,
            "published_at": published_at,
            "created_at": created_at,
            "updated_at": updated_at,
            "source_id": source.pk if source else None,
            "section_id": self.section(number),
            "byline": byline,
            "original_url": original_url,
            "copyright_notice": "",
        }
        return fields, self.tags()

    def section(self, number):
        """Four articles in five have a section, taken in turn (no draw: the rest of the archive
        stays what the same seed always made)."""
        if not self.section_ids or number % 5 == 0:
            return None
        return self.section_ids[number % len(self.section_ids)]


# The sections of the synthetic archive (name, slug, articles in their front page block).
SECTIONS = [
    ("Politik", "politik", 4),
    ("Wirtschaft", "wirtschaft", 4),
    ("Kultur", "kultur", 3),
    ("Wissenschaft", "wissenschaft", 3),
]
# How many of the newest articles the front page's slots hold: the lead and four top stories.
CURATED = 5


def new_rng(seed):
    return random.Random(seed)  # noqa: S311 (synthetic text, not secrets)
