import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.agency import wire
from articles.models import Article, Source, Tag
from articles.text import (
    make_slug,
    render_markdown,
    unique_slug,
    validate_printable,
    validate_visible,
    web_url,
    xml_text,
)
from tests.admin_forms import article_form_data
from tests.factories import make_article, make_source
from tests.wire import run_command

# Slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Straße", "strasse"),
        ("Ökostrom", "oekostrom"),
        ("Über", "ueber"),
        ("Café", "cafe"),
        ("ÄRGER IM ÖL", "aerger-im-oel"),
        ("GROẞE Pläne", "grosse-plaene"),
        ("Kraków, São Paulo!", "krakow-sao-paulo"),
        ("  Xi Jinping:  Rede in Samarkand ", "xi-jinping-rede-in-samarkand"),
    ],
)
def test_a_slug_spells_german_letters_the_german_way_and_folds_other_accents(text, slug):
    assert make_slug(text) == slug


def test_an_umlaut_typed_as_a_letter_and_a_combining_mark_is_transliterated_too():
    assert make_slug("O\u0308kostrom") == "oekostrom"


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Москва", "moskva"), ("Лукашенко", "lukashenko"), ("Αθήνα", "athina"), ("Łódź", "lodz")],
)
def test_cyrillic_and_greek_letters_are_transliterated(text, slug):
    assert make_slug(text) == slug


@pytest.mark.parametrize("text", ["上海", "北京", "القاهرة", "!!!"])
def test_a_text_no_table_writes_gets_a_short_hash_of_itself_not_a_guessable_slug(text):
    slug = make_slug(text)
    assert re.fullmatch(r"[0-9a-f]{8}", slug)
    assert make_slug(text) == slug
    assert make_slug(text + "x") != slug


def test_letters_no_table_writes_add_the_hash_to_what_can_be_written():
    assert re.fullmatch(r"xi-jinping-[0-9a-f]{8}", make_slug("Xi Jinping 习近平"))
    assert make_slug("Xi Jinping 习近平") != make_slug("Xi Jinping 胡锦涛")


def test_a_hashed_slug_is_cut_to_its_length_keeping_the_hash():
    slug = make_slug("Straße der Einheit 上海", max_length=16)
    assert re.fullmatch(r"strasse-[0-9a-f]{8}", slug)


def test_an_empty_text_gives_no_slug():
    assert make_slug("") == ""
    assert make_slug("   ") == ""


def test_a_slug_is_cut_at_its_length_without_a_trailing_hyphen():
    assert make_slug("Straße der Einheit", max_length=12) == "strasse-der"


@pytest.mark.django_db
def test_unique_slug_is_the_plain_slug_while_it_is_free():
    assert unique_slug(Article, "Ökostrom für alle", 200) == "oekostrom-fuer-alle"


@pytest.mark.django_db
def test_unique_slug_numbers_from_two_when_the_slug_is_taken():
    make_article(slug="oekostrom")
    make_article(slug="oekostrom-2")
    assert unique_slug(Article, "Ökostrom", 200) == "oekostrom-3"


@pytest.mark.django_db
def test_unique_slug_ignores_slugs_that_merely_start_alike():
    make_article(slug="oekostrom-fuer-alle")
    assert unique_slug(Article, "Ökostrom", 200) == "oekostrom"


@pytest.mark.django_db
def test_unique_slug_shortens_a_long_slug_to_make_room_for_its_number():
    long_title = "Wüste " * 60
    first = unique_slug(Article, long_title, 200)
    make_article(slug=first)
    for _ in range(10):
        make_article(slug=unique_slug(Article, long_title, 200))
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 11
    assert max(len(slug) for slug in slugs) <= 200
    assert f"{first[:197].rstrip('-')}-11" in slugs


@pytest.mark.django_db
def test_unique_slug_looks_only_at_the_queryset_it_is_given():
    article = make_article(slug="oekostrom")
    others = Article.objects.exclude(pk=article.pk)
    assert unique_slug(others, "Ökostrom", 200) == "oekostrom"


@pytest.mark.django_db
def test_unique_slug_uses_the_fallback_for_an_empty_text():
    make_article(slug="agency-text")
    assert unique_slug(Article, "", 200, fallback="agency-text") == "agency-text-2"


@pytest.mark.django_db
def test_a_tag_and_an_imported_article_make_the_same_slug_of_the_same_words(tmp_path):
    source = make_source(slug="nna", timezone="Europe/Berlin")
    title = "Straße nach Ökostrom"
    text = f"{title}\n\n16.09.2022 09:19:33\n\nEin Absatz.\n"
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")

    status, _out, err = run_command("import_wire", str(tmp_path / "text.txt"), "--source", "nna")

    assert status == 0, err
    assert Article.objects.get(source=source).slug == "strasse-nach-oekostrom"
    assert Tag.objects.create(name=title).slug == "strasse-nach-oekostrom"


# Slugs typed (or not) in the admin ----------------------------------------------------------


def _new_article(**changes):
    return article_form_data(Article(status=Article.Status.DRAFT, language="de"), **changes)


@pytest.mark.django_db
def test_an_admin_title_with_an_empty_slug_gets_its_slug_from_the_server(staff_client):
    data = _new_article(title="Ökostrom", slug="", body="Text.")
    response = staff_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get().slug == "oekostrom"


@pytest.mark.django_db
def test_a_duplicate_title_in_the_admin_gets_a_numbered_slug(staff_client):
    make_article(title="Ökostrom", slug="oekostrom")
    data = _new_article(title="Ökostrom", slug="", body="Text.")
    response = staff_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.filter(slug="oekostrom-2").exists()


@pytest.mark.django_db
def test_a_slug_typed_in_the_admin_is_kept_as_typed(staff_client):
    data = _new_article(title="Ökostrom", slug="strom", body="Text.")
    staff_client.post(reverse("admin:articles_article_add"), data)
    assert Article.objects.get().slug == "strom"


@pytest.mark.django_db
def test_an_article_whose_slug_is_emptied_keeps_its_own_slug_free_to_reuse(staff_client):
    article = make_article(title="Ökostrom", slug="oekostrom")
    data = article_form_data(article, slug="")
    response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "oekostrom"


@pytest.mark.django_db
def test_the_admin_offers_no_slug_filled_in_by_javascript(staff_client):
    url = reverse("admin:articles_article_add")
    page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-prepopulated-fields="[]"' in page
    assert "Leave empty to make it from the title." in page


@pytest.mark.django_db
def test_a_source_added_in_the_admin_gets_its_slug_from_the_short_name(staff_client):
    data = {"name": "Österreichische Presseagentur", "short_name": "ÖPA", "language": "de"}
    data["timezone"] = "Europe/Vienna"
    response = staff_client.post(reverse("admin:articles_source_add"), data)
    assert response.status_code == 302
    assert Source.objects.get().slug == "oepa"


@pytest.mark.django_db
def test_a_tag_added_in_the_admin_gets_its_slug_from_the_name(staff_client):
    data = {"name": "Übersee", "slug": "", "kind": "place"}
    response = staff_client.post(reverse("admin:articles_tag_add"), data)
    assert response.status_code == 302
    assert Tag.objects.get().slug == "uebersee"


# Printable text -----------------------------------------------------------------------------


def test_ordinary_text_with_newlines_tabs_and_accents_is_printable():
    validate_printable("Straße\tnach Peking.\r\n\nÜber 中文 und Emoji 🙂.")


@pytest.mark.parametrize(
    ("text", "named"),
    [("Bell\x07", "U+0007"), ("Tab\x0b", "U+000B"), ("Page\x0c", "U+000C"), ("\x85", "U+0085")],
)
def test_a_control_character_is_refused_with_its_code_named(text, named):
    with pytest.raises(ValidationError) as error:
        validate_printable(text)
    assert named in error.value.messages[0]


def test_the_wire_refuses_what_the_admin_refuses():
    with pytest.raises(wire.WireError) as error:
        wire.decode(b"Title\n\n16.09.2022 09:19:33\n\nA page\x0cbreak.")
    assert "U+000C" in error.value.message
    assert error.value.line == 5


@pytest.mark.django_db
def test_an_imported_tag_with_a_control_character_is_refused(tmp_path):
    make_source(slug="nna")
    path = tmp_path / "text.txt"
    path.write_text("Titel\n\n16.09.2022 09:19:33\n\nText.\n", encoding="utf-8")

    status, _out, err = run_command("import_wire", str(path), "--source", "nna", "--tag", "B\x07")

    assert status != 0
    assert "U+0007" in err
    assert not Article.objects.exists()


def test_every_text_field_of_articles_checks_with_the_one_rule():
    for name in ["title", "summary", "body", "byline", "copyright_notice"]:
        assert validate_printable in Article._meta.get_field(name).validators


# Visible text -------------------------------------------------------------------------------

INVISIBLE = {
    "\u202a": "U+202A LEFT-TO-RIGHT EMBEDDING",
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE",
    "\u2069": "U+2069 POP DIRECTIONAL ISOLATE",
    "\u200e": "U+200E LEFT-TO-RIGHT MARK",
    "\u200f": "U+200F RIGHT-TO-LEFT MARK",
    "\u061c": "U+061C ARABIC LETTER MARK",
    "\u200b": "U+200B ZERO WIDTH SPACE",
    "\u200c": "U+200C ZERO WIDTH NON-JOINER",
    "\u200d": "U+200D ZERO WIDTH JOINER",
    "\u2060": "U+2060 WORD JOINER",
    "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE",
    "\u00ad": "U+00AD SOFT HYPHEN",
    "\U000e0041": "U+E0041 TAG LATIN CAPITAL LETTER A",
    "\u3164": "U+3164 HANGUL FILLER",
}


@pytest.mark.parametrize("character", INVISIBLE)
def test_an_invisible_character_is_refused_in_a_name_with_its_name_given(character):
    with pytest.raises(ValidationError) as error:
        validate_visible(f"Poli{character}tik")
    assert INVISIBLE[character] in error.value.messages[0]


def test_every_invisible_character_of_a_name_is_named_once():
    with pytest.raises(ValidationError) as error:
        validate_visible("\u202eA\u200bB\u202e")
    message = error.value.messages[0]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE" in message
    assert message.count("U+202E") == 1


def test_names_in_every_script_and_with_emoji_are_visible():
    validate_visible("Straße, 中文, العربية, עברית, हिन्दी, Ελλάδα, Emoji 🙂 and ✈️ (U+FE0F)")


def test_names_titles_and_bylines_check_that_they_are_visible_and_bodies_do_not():
    named = [(Article, "title"), (Article, "byline"), (Tag, "name"), (Source, "name")]
    for model, field in named:
        assert validate_visible in model._meta.get_field(field).validators, (model, field)
    # A soft hyphen breaks a long German word; joiners spell emoji and Persian words.
    for field in ["summary", "body"]:
        assert validate_visible not in Article._meta.get_field(field).validators


@pytest.mark.django_db
def test_the_admin_refuses_a_title_with_a_right_to_left_override_naming_it(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _new_article(title="Harmless\u202etxt.exe", slug="harmless", body="Text."),
    )
    assert response.status_code == 200
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_body_keeps_its_soft_hyphens_and_joiners(staff_client):
    body = "Donau\u00addampf\u00adschiff 👩\u200d💻"
    response = staff_client.post(
        reverse("admin:articles_article_add"), _new_article(title="Titel", slug="titel", body=body)
    )
    assert response.status_code == 302
    assert Article.objects.get().body == body


@pytest.mark.django_db
def test_a_typed_tag_that_looks_like_another_is_refused(staff_client):
    Tag.objects.create(name="Politik")
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        _new_article(title="Titel", slug="titel", body="Text.", tags="Poli\u200btik"),
    )
    assert response.status_code == 200
    assert "U+200B ZERO WIDTH SPACE" in response.content.decode()
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_a_tag_added_in_the_admin_with_a_direction_mark_is_refused(staff_client):
    data = {"name": "\u200fPolitik", "slug": "", "kind": "topic"}
    response = staff_client.post(reverse("admin:articles_tag_add"), data)
    assert response.status_code == 200
    assert "U+200F RIGHT-TO-LEFT MARK" in response.content.decode()
    assert not Tag.objects.exists()


@pytest.mark.django_db
def test_an_imported_tag_with_an_invisible_character_is_refused(tmp_path):
    make_source(slug="nna")
    path = tmp_path / "text.txt"
    path.write_text("Titel\n\n16.09.2022 09:19:33\n\nText.\n", encoding="utf-8")

    status, _out, err = run_command(
        "import_wire", str(path), "--source", "nna", "--tag", "Poli\u2060tik"
    )

    assert status != 0
    assert "U+2060 WORD JOINER" in err
    assert not Article.objects.exists()


# Text for XML -------------------------------------------------------------------------------


def test_xml_text_drops_what_xml_cannot_carry_and_keeps_the_rest():
    kept = "Tab\t, lines\r\n, Straße 中文 🙂 \u0085 \ufffd \U0010fffd"
    assert xml_text("\x00\x08\x0b\x0c\x0e\x1f" + kept + "\ufffe\uffff\ud800\udfff") == kept


# Markdown and links -------------------------------------------------------------------------


def test_markdown_renders_emphasis_and_escapes_html():
    assert render_markdown("*Ja* <b>") == "<p><em>Ja</em> &lt;b&gt;</p>\n"


def test_markdown_of_nothing_is_nothing():
    assert render_markdown(None) == ""


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://german.cri.cn/a.shtml", "https://german.cri.cn/a.shtml"),
        (" HTTP://example.org ", "HTTP://example.org"),
        ("javascript:alert(1)", ""),
        (None, ""),
    ],
)
def test_only_web_addresses_are_kept_for_links(url, kept):
    assert web_url(url) == kept
