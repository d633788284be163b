"""The readers' pages and the partials drawn many times a page are Jinja2 templates that show
values as Django's templates show them, byte for byte."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.template.defaultfilters import date as date_filter
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy
from django.utils.translation.template import templatize
from jinja2 import TemplateSyntaxError

from articles.models import Section
from articles.site.page_templates import menu_links
from articles.site.partials import local_date, shown, teaser, url
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

VALUES = [
    'Xi\'s "visit" <to> Minsk & Moscow',
    mark_safe("<mark>kept</mark>"),
    gettext_lazy("Search"),
    None,
    "",
    0,
    1920,
    12345678,
    2.5,
    Decimal("1234.50"),
    True,
    date(2024, 3, 5),
    datetime(2024, 3, 5, 23, 30, tzinfo=UTC),
]


def django_shows(value):
    return Template("{{ value }}").render(Context({"value": value}))


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_is_shown_as_a_django_template_shows_it(language, value):
    with translation.override(language), timezone.override("Asia/Tokyo"):
        assert shown(value) == django_shows(value)


@pytest.mark.parametrize("value", [1920, 12345678, -3], ids=repr)
def test_numbers_are_grouped_where_the_settings_ask_for_it(settings, value):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("de"):
        assert shown(value) == django_shows(value)
        # Said in German whatever language an earlier test left active in this thread.
        assert shown(12345678) == "12.345.678"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("date_format", ["DATE_FORMAT", "DATETIME_FORMAT", "Y-m-d H:i"])
def test_dates_are_those_of_djangos_date_filter_in_the_display_zone(language, date_format):
    moment = datetime(2024, 3, 5, 23, 30, tzinfo=UTC)
    with translation.override(language), timezone.override("Asia/Tokyo"):
        django = Template(f'{{{{ moment|date:"{date_format}" }}}}').render(
            Context({"moment": moment})
        )
        assert local_date(moment, date_format) == django
    assert "6" in django  # the next day in Tokyo


# Every format character Django knows, escapes, and the formats of both languages.
EVERY_FORMAT = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    r"\T\o\d\a\y \i\s l, jS F Y; \\ b E N M n m d D L o W w y z t",
    "a A f g G h H i P s u",
    "c | e | I | O | r | T | U | Z",
    r"P \P j \j c",
    "",
]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Shanghai", "America/St_Johns"])
def test_moments_are_written_as_djangos_date_filter_writes_them(zone):
    moments = [
        datetime(2024, 3, 31, 0, 59, tzinfo=UTC),  # Berlin's clocks go forward at 1:00 UTC
        datetime(2024, 3, 31, 1, 0, tzinfo=UTC),
        datetime(2024, 10, 27, 0, 30, tzinfo=UTC),  # and back, 2:30 twice
        datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
        datetime(2024, 12, 31, 23, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 11, 0, tzinfo=UTC),
        datetime(2026, 6, 15, 12, 0, tzinfo=UTC),
        datetime(2026, 6, 15, 16, 0, tzinfo=UTC),
        datetime(1999, 2, 28, 22, 59, 59, tzinfo=UTC),
    ]
    with timezone.override(zone):
        for language in ("de", "en", "de"):
            with translation.override(language):
                for date_format in EVERY_FORMAT:
                    for moment in moments:
                        django = date_filter(template_localtime(moment), date_format)
                        assert local_date(moment, date_format) == django, (moment, date_format)
                        assert local_date(moment, date_format) == django


def test_a_format_given_as_a_lazy_translation_is_written_as_django_writes_it():
    moment = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    lazy = gettext_lazy("j. F Y, H:i")
    with translation.override("de"):
        assert local_date(moment, lazy) == date_filter(template_localtime(moment), lazy)


def test_a_day_is_written_in_the_language_asked_each_time():
    day = date(2024, 3, 1)
    for language, month in [("de", "März"), ("en", "March"), ("de", "März")]:
        with translation.override(language):
            for date_format in ("F", "DATE_FORMAT", "Y"):
                django = Template(f'{{{{ day|date:"{date_format}" }}}}').render(
                    Context({"day": day})
                )
                assert local_date(day, date_format) == django
            assert local_date(day, "F") == month


def test_a_teaser_escapes_as_django_does_and_marks_nothing_it_was_not_given():
    article = make_article(
        title="Xi's <b>visit</b>", kicker="A & B", summary='"Quoted"', source=make_source()
    )
    with translation.override("de"):
        html = teaser(article)
    assert "Xi&#x27;s &lt;b&gt;visit&lt;/b&gt;" in html
    assert '<span class="kicker">A &amp; B</span>' in html
    assert '<p class="summary">&quot;Quoted&quot;</p>' in html
    assert "{{" not in html and "None" not in html


TRANSLATED = [
    '{% translate "Corrections" %}',
    "{% translate 'Tags' %}",
    '{% translate "By" context "byline" %} Anna',
    '{% translate "100% sure, not in the catalogue" %}',
    "{% blocktranslate with source=label %}The text of {{ source }}, unchanged."
    "{% endblocktranslate %}",
    "{% blocktranslate with source=label %}{{ source }}: 100% not in the catalogue"
    "{% endblocktranslate %}",
    "{% blocktranslate %}{{ site_name }}: latest articles{% endblocktranslate %}",
    "{% blocktranslate with moment=when %}It is scheduled for {{ moment }}.{% endblocktranslate %}",
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", TRANSLATED)
def test_a_partials_translations_are_those_of_djangos_tags(language, text):
    values = {
        "label": 'Xi\'s "CRI" <&>',
        "site_name": "Zeitung & Co",
        "when": datetime(2024, 3, 5, 23, 30, tzinfo=UTC),
    }
    with translation.override(language), timezone.override("Asia/Tokyo"):
        django = Template("{% load i18n %}" + text).render(Context(values))
        assert engines["jinja2"].from_string(text).render(values) == django
    if language == "de" and "Corrections" in text:
        assert django == "Korrekturen"


PLURALS = [
    "{% blocktranslate count counter=n %}{{ counter }} article{% plural %}{{ counter }} articles"
    "{% endblocktranslate %}",
    "{% blocktranslate count counter=n %}{{ counter }} article found{% plural %}{{ counter }} "
    "articles found{% endblocktranslate %}",
    "{% blocktranslate with name=label count limit=n %}{{ name }}: {{ limit }} failed login "
    "attempt{% plural %}{{ name }}: {{ limit }} failed login attempts{% endblocktranslate %}",
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("n", [0, 1, 2, 1234])
@pytest.mark.parametrize("text", PLURALS)
def test_a_plural_is_djangos_for_every_count(language, n, text):
    values = {"n": n, "label": 'Xi\'s "CRI" <&>'}
    with translation.override(language):
        django = Template("{% load i18n %}" + text).render(Context(values))
        assert engines["jinja2"].from_string(text).render(values) == django
    if language == "de" and "found" in text:
        assert django == ("1 Artikel gefunden" if n == 1 else f"{n} Artikel gefunden")


def test_a_count_that_is_no_number_is_refused_with_its_name():
    text = "{% blocktranslate count counter=n %}one{% plural %}more{% endblocktranslate %}"
    with pytest.raises(TypeError, match="count counter must be a number"):
        engines["jinja2"].from_string(text).render({"n": "three"})


@pytest.mark.parametrize(
    "text",
    [
        "{% blocktranslate count n=3 %}one{% endblocktranslate %}",
        "{% blocktranslate trimmed %}one{% endblocktranslate %}",
        "{% blocktranslate %}one{% plural %}more{% endblocktranslate %}",
        "{% blocktranslate count a=1 b=2 %}one{% plural %}more{% endblocktranslate %}",
    ],
)
def test_a_blocktranslate_the_templates_cannot_show_is_refused_when_loaded(text):
    with pytest.raises(TemplateSyntaxError, match="blocktranslate|count"):
        engines["jinja2"].from_string(text)


def test_no_django_template_extends_the_pages_jinja2_frame():
    # base.html is a Jinja2 template (pages/): a Django template cannot extend it.
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        assert '"base.html"' not in path.read_text(encoding="utf-8"), path


def test_make_messages_finds_the_texts_of_the_pages_and_partials():
    found = "".join(
        templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for folder in ("pages", "partials")
        for path in (settings.BASE_DIR / folder).rglob("*.html")
    )
    for text in [
        "pgettext(u'byline', u'By')",
        "gettext(u'Corrections')",
        "gettext(u'The text of %(source)s, unchanged.')",
        "gettext(u'Off the site since %(moment)s: the rights of %(source)s expired.')",
        "gettext(u'Page %(number)s of %(total)s')",
        "ngettext(u'%(counter)s article', u'%(counter)s articles', count)",
        "ngettext(u'%(counter)s article found', u'%(counter)s articles found', count)",
    ]:
        assert text in found


def test_a_partials_addresses_are_those_of_djangos_url_tag():
    text = "{{ url('articles:index') }} {{ url('articles:tag_feed', slug='rosa-vogel') }}"
    django = Template(text.replace("{{ url(", "{% url ").replace(") }}", " %}").replace(", ", " "))
    assert engines["jinja2"].from_string(text).render({}) == django.render(Context({}))


def test_a_day_is_written_anew_when_the_format_settings_change(settings):
    day = date(2024, 3, 1)
    with translation.override(None):  # no language's formats: the settings' own
        assert local_date(day, "DATE_FORMAT") == "March 1, 2024"
        settings.DATE_FORMAT = "Y/m/d"
        assert local_date(day, "DATE_FORMAT") == "2024/03/01"


def test_a_template_finds_its_own_globals_before_the_environments_and_keeps_them_its_own():
    environment = engines["jinja2"].env
    source = "{{ url }} {{ archive_url is callable }}"
    template = environment.from_string(source, globals={"url": "own"})
    assert template.render() == "own True"
    template.globals["archive_url"] = "changed"
    assert template.render() == "own False"
    assert environment.from_string("{{ archive_url is callable }}").render() == "True"
    assert environment.globals["url"] is url


def test_the_menus_links_follow_a_sections_name_address_and_the_sites_prefix(settings):
    section = Section(name="Politik", slug="politik")
    assert menu_links([section]) == (("Politik", "/sections/politik/"),)
    section.name, section.slug = "Wirtschaft", "wirtschaft"
    assert menu_links([section]) == (("Wirtschaft", "/sections/wirtschaft/"),)
    set_script_prefix("/news/")
    try:
        assert menu_links([section]) == (("Wirtschaft", "/news/sections/wirtschaft/"),)
    finally:
        clear_script_prefix()
    assert menu_links([]) == ()
    settings.ROOT_URLCONF = "tests.test_paths"  # the site under /zeitung/
    assert menu_links([section]) == (("Wirtschaft", "/zeitung/sections/wirtschaft/"),)
