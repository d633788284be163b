"""Everything the site keeps for later, and the one rule of who may be served what was kept.

Readers share: what anonymous readers see is the same for all of them, so whole pages, the
counts of lists and directories and the ids of deep pages are kept for PUBLIC_PAGE_MAX_AGE
seconds in Django's cache. Editors do not: a request with a real, logged-in staff session is
answered afresh, so they see what they just published at once. A cookie alone proves nothing:
a made-up `sessionid` or `messages` cookie is a reader like any other.

A public page says which query parameters it reads (its view's `query_parameters`); everything
else a reader sends with it (`utm_*`, `fbclid`, a made-up cookie) is taken off the request
before the page is made, so the page, its key and its counts are the same whatever else came
along. Views that say nothing (the admin, the API) are left as they are: any credentials keep
their responses out of the cache.

Pages: a response is *shareable* when it answers a reader's GET, is a 200, sets no cookie (so it
carries no CSRF token) and its view said nothing about caching. Shareable responses get an ETag
and `Cache-Control: public, max-age, s-maxage` (only `private, max-age` when the reader chose a
language by cookie, which shared caches cannot see), and are kept in Django's cache for the
same time, keyed by URL and the reader's language. Everything else is left to its view; a
response for an editor that says nothing gets `private, no-store`.

Purging: each kept page carries surrogate keys naming what it shows (`article-<id>`,
`tag-<id>`, `source-<id>`, and `list` for every list, feed, directory and sitemap), also sent
as `Cache-Tag` and `Surrogate-Key` headers for a CDN. For each key the cache holds a
generation, a random token; a page is kept with the generations of its keys and served only
while they are unchanged. When something readers see changes (page_changes.py), its keys get
new generations: one write, seen at once by every process that shares the cache, and the
hook NEWSROOM_PURGE_HOOK is called with the keys to purge a CDN the same way. A page nobody
purges (a scheduled article's moment comes) still lives at most PUBLIC_PAGE_MAX_AGE seconds,
and the Age header makes browsers and CDNs count the time it already spent here. Every
purge also changes the generation of ANY, so while that one is unchanged a single read
vouches for all of a page's keys.

Each process also keeps the pages it served last, as they are (RecentPages): serving one again
then reads only the generations, not the whole page from the shared cache, and the same
generations decide whether it may still be served. So with the shared answers (counts, the
menu, a deep page's ids): kept by each process under the same generation, for the same
PUBLIC_PAGE_MAX_AGE from the moment they were computed.

Rendered text is kept by exactly what it shows, so an edit makes a new entry and nothing stale
can ever be served: Markdown bodies in Django's cache, teasers and an article's own part of
its page in each process.
"""

import collections
import copy
import functools
import hashlib
import json
import logging
import secrets
import threading
import time
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.http import HttpRequest, QueryDict
from django.http.response import ResponseHeaders
from django.template.loader import get_template
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language, get_language_from_request

from articles.models import Article, Image, Section, Source
from articles.models.images import rights_have_ended
from articles.site import partials

logger = logging.getLogger(__name__)


# Who asks ----------------------------------------------------------------------------------


def is_editor(request):
    """True for a real, logged-in staff member: only they get pages made for them (previews,
    what they just published) and fresh counts. The session is looked up only when its cookie
    is there, and once per request."""
    if request is None:
        return False
    if not hasattr(request, "_is_editor"):
        request._is_editor = _has_staff_session(request)
    return request._is_editor


def _has_staff_session(request):
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    probe = HttpRequest()
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user = auth.get_user(probe)
    except DatabaseError:
        # The database is away: whoever it is gets what readers get, which is kept.
        return False
    return user.is_active and user.is_staff


def carries_credentials(request):
    """A session, flash messages or an Authorization header, real or not."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


# What a page reads ---------------------------------------------------------------------------


def reads_query_parameters(*names):
    """Declares, for a function view, the query parameters it reads (class-based views and
    feeds say it with a `query_parameters` attribute)."""

    def declare(view):
        @functools.wraps(view)
        def page(*args, **kwargs):
            return view(*args, **kwargs)

        page.query_parameters = names
        return page

    return declare


def query_parameters_read(request):
    """The query parameters the requested page reads, or None when its view does not say
    (then every parameter may matter)."""
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "query_parameters", None)


def forget_what_the_page_does_not_read(request):
    """Takes off a reader's request to a public page what the page does not read: unknown
    query parameters and the cookies and header of sessions the reader does not have. False,
    and the request untouched, when the page does not say what it reads."""
    names = query_parameters_read(request)
    if names is None:
        return False
    if request.META.get("QUERY_STRING"):
        kept = QueryDict(mutable=True)
        for name in names:
            if name in request.GET:
                kept.setlist(name, request.GET.getlist(name))
        kept._mutable = False
        request.GET = kept
        request.META["QUERY_STRING"] = kept.urlencode()
    for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name):
        request.COOKIES.pop(name, None)
    request.META.pop("HTTP_AUTHORIZATION", None)
    return True


# Counts and other shared answers ---------------------------------------------------------------


def shared(key, compute, *, request):
    """compute()'s answer, shared by readers through the cache as long as the pages that show
    it, and made afresh once a change to what readers see purges the lists; computed afresh
    for an editor (editors must see what they just published at once). `request` is None where
    no one in particular asks (sitemaps)."""
    if is_editor(request):
        return compute()
    # Asked again within a request (the menu, by the view and by the page's header), the
    # answer already given: each asking of the cache is a file read.
    answers = _answers_given(request)
    if key not in answers:
        answers[key] = _shared_answer(_shared_name(key, answers), compute)
    return answers[key]


def _shared_name(key, answers):
    """The name of the shared answer `key` under the lists' generation, read once a request."""
    if LIST not in answers:
        answers[LIST] = _generations([LIST])[LIST]
    return f"shared:{key}:{answers[LIST]}"


# The shared answers this process read last, as RecentPages keeps pages: reading one back from
# the shared cache (a file read, then unpickling the menu's sections or a directory's counts)
# cost a list page a twentieth of its time. Readers share them: nobody changes one.
SHARED_ANSWERS_KEPT = 2000
_recent_answers = collections.OrderedDict()  # name -> (answer, the moment it was computed)
_recent_answers_lock = threading.Lock()


def _shared_answer(name, compute):
    """compute()'s answer under `name`: kept in the shared cache with the moment it was
    computed, and by this process too, for PUBLIC_PAGE_MAX_AGE seconds from that moment."""
    with _recent_answers_lock:
        found = _recent_answers.get(name)
        if found is not None:
            _recent_answers.move_to_end(name)
    if found is None or time.time() - found[1] >= settings.PUBLIC_PAGE_MAX_AGE:
        found = cache.get(name)
        if found is None:
            found = (compute(), time.time())
            cache.set(name, found, settings.PUBLIC_PAGE_MAX_AGE)
        with _recent_answers_lock:
            _recent_answers[name] = found
            if len(_recent_answers) > SHARED_ANSWERS_KEPT:
                _recent_answers.popitem(last=False)
    return found[0]


def _answers_given(request):
    """The shared answers given so far in this request (a new dict where no one asks)."""
    if request is None:
        return {}
    if not hasattr(request, "shared_answers"):
        request.shared_answers = {}
    return request.shared_answers


def menu_sections(request):
    """The sections with published articles, in menu order, for the site's header."""
    return shared("menu:sections", lambda: list(Section.objects.with_published()), request=request)


def list_key(request, page_kwarg="page"):
    """One key per list: its path and the parameters it reads, whatever the page number."""
    names = query_parameters_read(request)
    query = sorted(
        (k, v) for k, v in request.GET.lists() if k != page_kwarg and (names is None or k in names)
    )
    digest = hashlib.md5(f"{request.path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"article-count:{digest}"


# Surrogate keys and their generations ----------------------------------------------------------

LIST = "list"
# Changes with every purge: a page made while one happened is not kept.
ANY = "any"
GENERATION_PREFIX = "generation"


def article_key(pk):
    return f"article-{pk}"


def tag_key(pk):
    return f"tag-{pk}"


def source_key(pk):
    return f"source-{pk}"


def section_key(pk):
    return f"section-{pk}"


def author_key(pk):
    return f"author-{pk}"


def picture_key(pk):
    return f"picture-{pk}"


def article_page_keys(article, body_picture_ids):
    """What an article's page shows: the article, its source, its section, its tags
    (prefetched), its authors (which the page reads anyway) and its pictures: the lead
    picture and those its body places (`body_picture_ids`, found in rendering it)."""
    keys = [article_key(article.pk)]
    if article.source_id:
        keys.append(source_key(article.source_id))
    if article.section_id:
        keys.append(section_key(article.section_id))
    keys += [tag_key(tag.pk) for tag in article.tags.all()]
    keys += [author_key(author.pk) for author in article.byline_authors]
    pictures = {article.lead_image_id, *body_picture_ids} - {None}
    keys += [picture_key(pk) for pk in sorted(pictures)]
    return keys


def set_surrogate_keys(response, keys):
    """Names what a page shows; a page that names nothing counts as a list."""
    response.surrogate_keys = frozenset(keys)
    return response


def surrogate_keys(response):
    return getattr(response, "surrogate_keys", None) or frozenset([LIST])


def send_surrogate_keys(response, keys):
    """The keys in the headers CDNs purge by (Cloudflare's Cache-Tag, Fastly's Surrogate-Key)."""
    response["Cache-Tag"] = ",".join(sorted(keys))
    response["Surrogate-Key"] = " ".join(sorted(keys))


def _generations(keys):
    """The current generation of each key, made when it has none yet."""
    names = {f"{GENERATION_PREFIX}:{key}": key for key in keys}
    found = cache.get_many(names)
    for name in names.keys() - found.keys():
        cache.add(name, secrets.token_hex(8), timeout=None)
    if len(found) < len(names):
        found = cache.get_many(names)
    return {names[name]: token for name, token in found.items()}


def _still_current(generations):
    """Whether a page kept with these generations (its keys' and ANY's) may still be served.
    While no purge has happened since it was kept, one read says so; after one, its own keys
    decide, and the page is then kept with the new ANY, for this process."""
    now = _generations([ANY])[ANY]
    if generations.get(ANY) == now:
        return True
    own = {key: token for key, token in generations.items() if key != ANY}
    if _generations(own) != own:
        return False
    # ANY was read before the keys, and a purge writes it after them (purge()): no purge this
    # page missed can hide behind it.
    generations[ANY] = now
    return True


def purge(keys):
    """Readers get the pages with these keys afresh from now on, in every process that shares
    the cache."""
    any_key = f"{GENERATION_PREFIX}:{ANY}"
    # ANY first, so that keys purged by a write that fails halfway are still noticed; then
    # again with the keys in one write (one command on Redis), last among them, so that a
    # page made meanwhile and stored with a key's new generation never carries an old ANY.
    cache.set(any_key, secrets.token_hex(8), timeout=None)
    tokens = {f"{GENERATION_PREFIX}:{key}": secrets.token_hex(8) for key in set(keys)}
    tokens[any_key] = secrets.token_hex(8)
    cache.set_many(tokens, timeout=None)


def pages_changed(keys):
    """Something readers see changed: the pages with these keys are purged now, and again once
    the change is committed (a reader may have been given the old state in between), when the
    purge hook (NEWSROOM_PURGE_HOOK, say a CDN's purge) is told the keys."""
    keys = sorted(set(keys))
    _purge_or_log(keys)
    transaction.on_commit(functools.partial(_after_commit, keys), robust=True)


def _after_commit(keys):
    _purge_or_log(keys)
    if not settings.PURGE_HOOK:
        return
    try:
        import_string(settings.PURGE_HOOK)(keys)
    except Exception:  # a CDN that fails to answer must not undo the editor's change
        logger.exception("The purge hook %s failed for %s", settings.PURGE_HOOK, keys)


def _purge_or_log(keys):
    # A cache that cannot be reached must not cost the editor the change: its pages then
    # expire within PUBLIC_PAGE_MAX_AGE like any other.
    try:
        purge(keys)
    except Exception:
        logger.exception("Could not purge the pages of %s", keys)


# Pages ------------------------------------------------------------------------------------------


def is_shareable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cache-Control" not in response
    )


def in_one_piece(response):
    """Joins a body written in many pieces (a feed writes one per element) into one, which the
    server then sends in one go rather than in a thousand small writes."""
    if not response.streaming:
        response.content = response.content


KEY_PREFIX = "page"


def page_key(request):
    language = get_language_from_request(request)
    url = request.build_absolute_uri().encode()
    return f"{KEY_PREFIX}:{language}:{hashlib.md5(url, usedforsecurity=False).hexdigest()}"


# Reading a kept page back means decompressing and unpickling it, which for a large answer
# (a page of the API: 130 kB) costs more than everything else its request does.
RECENT_PAGES_BYTES = 16 * 1024 * 1024


def _page_size(key, entry):
    return len(entry[0].content)


class RecentPages:
    """The pages this process served last, by key, up to a number of bytes: the same entries
    as the shared cache holds, without reading them back from it. Whatever else a process
    keeps by recent use within a size counts its entries' size by size_of(key, entry)."""

    def __init__(self, budget, size_of=_page_size):
        self.budget = budget
        self.size_of = size_of
        self.entries = collections.OrderedDict()  # key -> (entry, size)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key, entry):
        size = self.size_of(key, entry)
        with self.lock:
            self._forget(key)
            if size > self.budget:
                return
            self.entries[key] = (entry, size)
            self.size += size
            while self.size > self.budget:
                self._forget(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _forget(self, key):
        found = self.entries.pop(key, None)
        if found is not None:
            self.size -= found[1]


def served_again(response):
    """A copy of a kept response to send, so that what one request adds to its headers never
    reaches the kept one. The body is shared: nothing changes it."""
    again = copy.copy(response)
    # The headers as they are: checked once already, when the page was made (ResponseHeaders
    # would check every value again, which costs a fifth of serving a kept page).
    again.headers = ResponseHeaders({})
    again.headers._store = dict(response.headers._store)
    return again


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentPages(RECENT_PAGES_BYTES)

    def __call__(self, request):
        if is_editor(request):
            return self.made_for_one(request)
        has_extras = request.META.get("QUERY_STRING") or carries_credentials(request)
        if (
            has_extras
            and not forget_what_the_page_does_not_read(request)
            and carries_credentials(request)
        ):
            # Not a public page (the admin, the API): credentials may matter there.
            return self.made_for_one(request)
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)

        # HEAD answers are never stored: they have no body to serve a later GET. Pages use
        # get and set rather than get_or_set: only a shareable response is stored, and one
        # served from the cache needs the moment it was stored, for its Age.
        use_cache = settings.PAGE_CACHE_ENABLED and request.method == "GET"
        key = page_key(request) if use_cache else None
        if key is not None:
            entry = self.recent.get(key)
            if entry is None or time.time() - entry[1] >= settings.PUBLIC_PAGE_MAX_AGE:
                entry = cache.get(key)
                if entry is not None:
                    self.recent.put(key, entry)
            if entry is not None:
                response, stored_at, generations = entry
                if _still_current(generations):
                    age = int(time.time() - stored_at)
                    return self.mark_public(request, served_again(response), age=age)
            before = _generations([ANY])[ANY]

        response = self.get_response(request)
        in_one_piece(response)
        if not is_shareable(response):
            return response
        set_etag(response)
        keys = surrogate_keys(response)
        send_surrogate_keys(response, keys)
        if key is not None:
            generations = _generations([*keys, ANY])
            if generations[ANY] == before:
                entry = (response, time.time(), generations)
                cache.set(key, entry, settings.PUBLIC_PAGE_MAX_AGE)
                self.recent.put(key, (served_again(response), *entry[1:]))
        return self.mark_public(request, response, age=0)

    def made_for_one(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def mark_public(self, request, response, age):
        max_age = settings.PUBLIC_PAGE_MAX_AGE
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, max_age=max_age)
        else:
            patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
        if age > 0:
            response["Age"] = str(min(age, max_age))
        return response


def set_etag(response):
    """An ETag of the page's bytes by SHA-1, the hash Express takes for its ETags: the
    processor's own instructions for it hash the front page's 50 kB in 25 microseconds, where
    MD5 (Django's set_response_etag()) took 64. As there, an empty page has none."""
    if response.content:
        digest = hashlib.sha1(response.content, usedforsecurity=False).hexdigest()
        response.headers["ETag"] = quote_etag(digest)


# The header and footer of every page cost as much to draw as a list's twenty teasers, and
# are the same for every page of one language and one menu.
FRAGMENTS_KEPT = 64


@functools.lru_cache(maxsize=FRAGMENTS_KEPT)
def rendered_fragment(name, *, language, site_name, menu):
    """The partial `name` drawn from the key's values alone (menu: the sections' names and
    addresses), so that a renamed section or another language makes a new entry."""
    sections = [_MenuSection(name, url) for name, url in menu]
    context = {"LANGUAGE_CODE": language, "site_name": site_name, "menu_sections": sections}
    return get_template(name).render(context)


@functools.lru_cache(maxsize=FRAGMENTS_KEPT)
def rendered_unfilled_form(name, make_form, *, language, offers):
    """The partial `name` of the form make_form(offers) before anything is filled in: drawn
    from the key's values alone (offers: what the form offers to choose from, such as the
    sections' slugs and names), so that another choice or language makes a new entry."""
    return get_template(name).render({"form": make_form(offers)})


class _MenuSection:
    def __init__(self, name, url):
        self.name = name
        self.url = url

    def get_absolute_url(self):
        return self.url


# Rendering a long body costs more than the rest of its page; a short one costs less than
# asking the cache. The key is the hash of the text, so an edit makes a new entry.
MARKDOWN_CACHED_FROM_LENGTH = 1000
MARKDOWN_KEPT_SECONDS = 24 * 60 * 60


def cached_markdown(text, render):
    """render(text), kept in the cache for long texts."""
    if len(text) < MARKDOWN_CACHED_FROM_LENGTH:
        return render(text)
    key = "markdown:" + hashlib.sha256(text.encode()).hexdigest()
    return cache.get_or_set(key, lambda: render(text), MARKDOWN_KEPT_SECONDS)


# Including the teaser partial twenty times costs more than the rest of a list page. The same
# teasers appear on page after page (front page, archives, tags, sources), so each process
# keeps the most recent ones.
TEASERS_KEPT = 5000


def rendered_teasers(rows):
    """The teaser partials for teaser rows (ArticleQuerySet.teasers()), one after another,
    in the reader's language and time zone."""
    language, zone = get_language(), get_current_timezone_name()
    return mark_safe("\n".join(_teaser(row, language, zone) for row in rows))  # noqa: S308


def _teaser(row, language, zone):
    """A teaser row's partial: its picture only while its rights hold and it has renditions."""
    image_id = row["image_id"]
    if not row["image_wide"] or rights_have_ended(
        row["image_rights_expire_at"], row["image_source_rights_expire_at"]
    ):
        image_id = None
    return _rendered_teaser(
        row["kicker"],
        image_id,
        row["image_alt_text"] if image_id else None,
        row["image_wide"] if image_id else None,
        row["title"],
        row["slug"],
        row["summary"],
        row["language"],
        row["published_at"],
        row["source_name"],
        row["source_slug"],
        language,
        zone,
    )


@functools.lru_cache(maxsize=TEASERS_KEPT)
def _rendered_teaser(
    kicker,
    image_id,
    alt_text,
    wide,
    title,
    slug,
    summary,
    language,
    published_at,
    source_name,
    source_slug,
    *_,
):
    """Rendered from an article made of the key's values alone: what the key leaves out cannot
    reach the teaser, so an edited article can never be served its old teaser."""
    source = _made_of(Source, id=None, name=source_name, slug=source_slug) if source_slug else None
    image = None
    if image_id is not None:
        renditions = {"wide": json.loads(wide)}
        image = _made_of(Image, id=image_id, alt_text=alt_text, renditions=renditions)
    article = _made_of(
        Article,
        id=None,  # as unsaved: a pk deferred would be read from the database
        kicker=kicker,
        title=title,
        slug=slug,
        summary=summary,
        language=language,
        published_at=published_at,
    )
    article.source = source
    return partials.teaser(article, image=image)


# The archive's index names every month of every year with its number of articles: drawing
# them cost the index four fifths of its time. A year's entry depends on its months' numbers,
# the language and where the site's addresses start, and each process keeps the ones drawn
# last: as many as a few languages' worth of a long archive's years.
ARCHIVE_YEARS_KEPT = 256


def rendered_archive_year(year):
    """The archive index's entry for `year` (ArchiveIndex's: its first day shown, its count
    and its months with theirs), in the reader's language."""
    months = tuple(year["months"])
    where = (get_script_prefix(), get_urlconf(), get_language())
    return _rendered_archive_year(*where, year["year"], year["count"], months)


@functools.lru_cache(maxsize=ARCHIVE_YEARS_KEPT)
def _rendered_archive_year(script_prefix, urlconf, language, day, count, months):
    """Drawn from the key's values alone, so that another number makes another entry."""
    year = {"year": day, "count": count, "months": months}
    return partials.drawn("articles/_archive_year.html", {"year": year})


def _made_of(model, **values):
    """An instance of `model` with these fields alone, the others deferred (as only() leaves
    them): Model(**values) would give each of an article's thirty other fields its default,
    a third of a teaser's drawing where the process has not drawn it before."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    if len(names) != len(values):
        raise TypeError(f"{model.__name__} has no field {sorted(set(values) - set(names))}")
    return model.from_db(None, names, [values[name] for name in names])


# An article's own part of its page and what its head says of it are a quarter of the page's
# instructions, and the same for every reader for as long as what they are drawn from is (the
# article as read, the request's address, language and zone: article_parts.py). Each process
# keeps the ones it drew last, up to this many characters, keys included. Working out what
# they were drawn from costs a quarter to a third of drawing them, so an article is kept from
# the second time in a while that the process shows it: the long tail of an archive, each
# article asked once, does not pay for keeping what nobody asks again.
ARTICLE_PARTS_KEPT_SIZE = 8_000_000
ARTICLES_SHOWN_REMEMBERED = 20_000
_article_parts = RecentPages(
    ARTICLE_PARTS_KEPT_SIZE, size_of=lambda key, parts: len(key) + sum(map(len, parts))
)
_articles_shown = collections.OrderedDict()  # article id -> None
_articles_shown_lock = threading.Lock()


def kept_article_parts(article_id, drawn_from, draw):
    """draw()'s answer (a tuple of strings), kept by this process under drawn_from() (bytes:
    everything the parts are drawn from, so that another value makes another entry) once the
    article `article_id` was shown before."""
    with _articles_shown_lock:
        shown_before = article_id in _articles_shown
        if shown_before:
            _articles_shown.move_to_end(article_id)
        else:
            _articles_shown[article_id] = None
            if len(_articles_shown) > ARTICLES_SHOWN_REMEMBERED:
                _articles_shown.popitem(last=False)
    if not shown_before:
        return draw()
    key = drawn_from()
    parts = _article_parts.get(key)
    if parts is None:
        parts = draw()
        _article_parts.put(key, parts)
    return parts


@receiver(setting_changed, dispatch_uid="articles.article_parts_settings_changed")
def _forget_article_parts(**kwargs):
    # The parts follow settings too (the site's name, date formats, where pictures are served):
    # constant in a server's process, changed by tests.
    _article_parts.clear()
    _rendered_archive_year.cache_clear()
    with _articles_shown_lock:
        _articles_shown.clear()
