import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ProvenanceRecord
from tests.factories import make_article, make_source
from tests.wire import CRI_WIRE_TEXT, run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def cri_article():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(source__slug="cri")


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_article_page_names_the_source_in_german(client, cri_article):
    text = page_text(client.get(cri_article.get_absolute_url()))
    assert "Quelle: CRI" in text
    assert "Text von CRI, unverändert übernommen." in text


def test_the_article_page_names_the_source_in_english(client, cri_article):
    response = client.get(cri_article.get_absolute_url(), headers={"accept-language": "en"})
    text = page_text(response)
    assert "Source: CRI" in text
    assert "The text of CRI, unchanged." in text


def test_the_article_page_links_the_original_and_shows_the_agencys_copyright(client, cri_article):
    page = client.get(cri_article.get_absolute_url()).content.decode()
    assert f'<a href="{cri_article.original_url}" rel="external">' in page
    assert "© China Radio International.CRI. All Rights Reserved." in page


def test_the_article_page_says_when_we_edited_the_agencys_text(client, cri_article):
    cri_article.body += "\n\nEin Absatz der Redaktion."
    cri_article.save()
    text = page_text(client.get(cri_article.get_absolute_url()))
    assert "Text von CRI, von unserer Redaktion bearbeitet." in text
    assert "unverändert" not in text


def test_agency_copy_typed_in_by_hand_claims_neither(client):
    article = make_article(source=make_source(short_name="DPA"))
    text = page_text(client.get(article.get_absolute_url()))
    assert "Quelle: DPA" in text
    assert "unverändert" not in text
    assert "bearbeitet" not in text


def test_own_reporting_names_no_source(client):
    article = make_article(source=None)
    assert "Quelle:" not in page_text(client.get(article.get_absolute_url()))


# The editors' side


def test_the_article_form_shows_no_change_against_the_agency_text(staff_client, cri_article):
    response = staff_client.get(
        reverse("admin:articles_article_change", args=[cri_article.pk]),
        headers={"accept-language": "en"},
    )
    page = response.content.decode()
    assert "Against version 1, received on" in page
    assert "0% of the words changed" in page
    assert "<del>" not in page
    record = ProvenanceRecord.objects.get()
    assert reverse("admin:articles_provenancerecord_change", args=[record.pk]) in page


def test_the_article_form_shows_the_words_we_changed_and_their_share(staff_client, cri_article):
    cri_article.body = cri_article.body.replace("historischen Sprung", "großen Schritt")
    cri_article.save()
    response = staff_client.get(
        reverse("admin:articles_article_change", args=[cri_article.pk]),
        headers={"accept-language": "en"},
    )
    page = response.content.decode()
    assert (
        "<del>„historischen</del><ins>„großen</ins> <del>Sprung“</del><ins>Schritt“</ins>" in page
    )
    # Two of the 264 words changed, on both sides: 1 - 2 * 262 / 528.
    assert "1% of the words changed" in page


def test_the_provenance_record_is_read_only_in_the_admin(staff_client, cri_article):
    record = ProvenanceRecord.objects.get()
    change_url = reverse("admin:articles_provenancerecord_change", args=[record.pk])
    page = staff_client.get(change_url).content.decode()
    assert 'name="_save"' not in page
    assert "Baidu" in page  # the text as received, page chrome and all
    assert staff_client.post(change_url, {"version": 9}).status_code == 403
    assert staff_client.get(reverse("admin:articles_provenancerecord_add")).status_code == 403
    delete_url = reverse("admin:articles_provenancerecord_delete", args=[record.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.version == 1


def test_editors_can_find_articles_whose_agency_text_changed(staff_client, cri_article):
    flagged = make_article(has_new_agency_text=True)
    response = staff_client.get(
        reverse("admin:articles_article_changelist"), {"has_new_agency_text__exact": "1"}
    )
    assert list(response.context["cl"].result_list) == [flagged]


def test_the_article_form_compares_with_the_agencys_latest_text(staff_client, cri_article):
    newer = CRI_WIRE_TEXT.read_text(encoding="utf-8").replace("Samarkand", "Usbekistan")
    run_command("import_wire", "-", "--source", "cri", "--url", cri_article.original_url,
                stdin=newer.encode())  # fmt: skip
    response = staff_client.get(
        reverse("admin:articles_article_change", args=[cri_article.pk]),
        headers={"accept-language": "en"},
    )
    page = response.content.decode()
    assert "Against version 2" in page
    assert "<del>Usbekistan</del><ins>Samarkand</ins>" in page
    assert response.context["adminform"].form.initial["has_new_agency_text"] is True
