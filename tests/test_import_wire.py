import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.agency import wire
from articles.agency.importer import WireImporter
from articles.models import Article, ProvenanceRecord, Source
from tests.admin_forms import article_form_data, change_url, form_error_codes
from tests.factories import make_source
from tests.wire import CRI_WIRE_TEXT, database_state, run_command

pytestmark = pytest.mark.django_db

SEED = CRI_WIRE_TEXT.read_bytes()
FIXTURE = django_settings.BASE_DIR / "fixtures" / "cri_china_belarus.json"
CRI_URL = "https://german.cri.cn/2022/09/16/ARTIAlchho8Qe0TK9FobYULa220916.shtml"


@pytest.fixture
def cri():
    """Only the CRI source, as the fixture defines it: a database without articles."""
    with FIXTURE.open(encoding="utf-8") as fixture:
        first = next(serializers.deserialize("json", fixture))
    assert isinstance(first.object, Source)
    first.save()
    return first.object


@pytest.fixture
def seeded():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(source__slug="cri")


def import_wire(*args, **kwargs):
    return run_command("import_wire", *[str(arg) for arg in args], **kwargs)


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


def changed_seed(old="Sprung", new="Satz"):
    return SEED.replace(old.encode(), new.encode())


def fixture_article_fields():
    entries = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return next(e["fields"] for e in entries if e["model"] == "articles.article")


# The seed


def test_importing_the_seed_makes_a_draft_article_of_the_source(cri):
    status, out, _ = import_wire(CRI_WIRE_TEXT, "--source", "cri")
    assert status == 0
    assert "created 1, unchanged 0, updated 0, failed 0" in out
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.source == cri
    assert article.language == "de"
    assert article.byline == "China Radio International"
    assert article.published_at == datetime(2022, 9, 16, 1, 19, 33, tzinfo=UTC)
    assert not article.has_new_agency_text


def test_importing_the_seed_keeps_its_provenance(cri):
    before = timezone.now()
    import_wire(CRI_WIRE_TEXT, "--source", "cri")
    record = ProvenanceRecord.objects.get()
    assert record.article == Article.objects.get()
    assert record.source == cri
    assert record.version == 1
    assert record.received_text.encode("utf-8") == SEED
    assert record.sha256 == wire.digest(SEED.decode())
    assert before <= record.received_at <= timezone.now()
    assert record.file_name == str(CRI_WIRE_TEXT)
    assert record.copyright_notice == "© China Radio International.CRI. All Rights Reserved."
    assert record.address == "16A Shijingshan Road, Beijing, China"


def test_importing_into_a_database_without_articles_gives_the_fixtures_article(cri):
    import_wire(CRI_WIRE_TEXT, "--source", "cri")
    article, expected = Article.objects.get(), fixture_article_fields()
    assert article.title == expected["title"]
    assert article.body == expected["body"]
    assert article.published_at == datetime.fromisoformat(expected["published_at"])
    assert article.copyright_notice == expected["copyright_notice"]


def test_importing_the_seed_after_the_fixture_reports_unchanged_and_changes_nothing(seeded):
    before = database_state()
    status, out, _ = import_wire(CRI_WIRE_TEXT, "--source", "cri")
    assert status == 0
    assert f"unchanged: {CRI_WIRE_TEXT} (already received, article {seeded.slug})" in out
    assert "created 0, unchanged 1, updated 0, failed 0" in out
    assert database_state() == before


@pytest.mark.parametrize(
    "variant",
    [
        b"\xef\xbb\xbf" + SEED,
        SEED.replace(b"\n", b"\r\n"),
        SEED.replace(b"\n", b"   \n"),
        SEED.replace(b"\n\n", b"\n\n\n\n"),
        SEED + b"\n",
        b"\xef\xbb\xbf" + SEED.replace(b"\n", b" \r\n").replace(b"\r\n \r\n", b"\r\n\r\n\r\n"),
    ],
    ids=["byte-order mark", "CRLF", "trailing spaces", "blank lines", "final newline", "all"],
)
def test_variants_of_the_seed_are_recognised_as_unchanged(seeded, tmp_path, variant):
    before = database_state()
    status, out, _ = import_wire(write(tmp_path, "variant.txt", variant), "--source", "cri")
    assert status == 0
    assert "unchanged 1" in out
    assert database_state() == before


# Idempotency and new versions


def test_importing_the_same_text_twice_reports_unchanged_the_second_time(cri):
    import_wire(CRI_WIRE_TEXT, "--source", "cri")
    before = database_state()
    status, out, _ = import_wire(CRI_WIRE_TEXT, "--source", "cri")
    assert status == 0
    assert "created 0, unchanged 1" in out
    assert database_state() == before


def test_a_changed_text_for_the_same_url_becomes_a_new_version_and_flags_the_article(
    seeded, tmp_path
):
    seeded.body = seeded.body.replace("Samarkand", "Samarkand (Usbekistan)")
    seeded.save()
    changed = write(tmp_path, "second.txt", changed_seed())
    status, out, _ = import_wire(changed, "--source", "cri", "--url", CRI_URL)
    assert status == 0
    assert "created 0, unchanged 0, updated 1, failed 0" in out
    assert f"updated: {changed} → {seeded.slug}" in out
    article = Article.objects.get()
    assert article.has_new_agency_text
    assert article.body == seeded.body  # the editors' work stays
    assert article.status == Article.Status.PUBLISHED
    versions = list(article.provenance_records.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].received_text.encode() == SEED
    assert versions[1].received_text.encode() == changed_seed()
    assert versions[1].original_url == CRI_URL


def test_an_editor_with_the_article_open_is_told_when_a_new_agency_text_came_in(
    staff_client, seeded, tmp_path
):
    opened = article_form_data(seeded, body=seeded.body + "\n\nNachtrag.")
    import_wire(write(tmp_path, "new.txt", changed_seed()), "--source", "cri", "--url", CRI_URL)
    response = staff_client.post(change_url(seeded), opened)
    assert response.status_code == 200
    assert "stale" in form_error_codes(response)
    article = Article.objects.get()
    assert article.has_new_agency_text
    assert "Nachtrag" not in article.body


def test_a_url_line_in_the_text_finds_the_article_like_url_does(seeded, tmp_path):
    text = changed_seed() + f"\n\nURL: {CRI_URL}\n".encode()
    status, out, _ = import_wire(write(tmp_path, "a.txt", text), "--source", "cri")
    assert "updated 1" in out
    assert Article.objects.get().provenance_records.count() == 2


def test_the_old_text_coming_again_after_a_new_version_is_unchanged(seeded, tmp_path):
    import_wire(write(tmp_path, "new.txt", changed_seed()), "--source", "cri", "--url", CRI_URL)
    before = database_state()
    _, out, _ = import_wire(CRI_WIRE_TEXT, "--source", "cri", "--url", CRI_URL)
    assert "unchanged 1" in out
    assert database_state() == before


def test_a_different_text_without_a_url_becomes_a_second_article_with_its_own_slug(cri, tmp_path):
    import_wire(CRI_WIRE_TEXT, "--source", "cri")
    import_wire(write(tmp_path, "other.txt", changed_seed()), "--source", "cri")
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 2
    assert slugs[1] == f"{slugs[0]}-2"


# Options


def test_tags_publish_and_url_options_shape_the_new_article(cri):
    status, _, _ = import_wire(
        CRI_WIRE_TEXT, "--source", "cri", "--url", CRI_URL, "--tag", "Belarus", "--tag", "SCO",
        "--publish",
    )  # fmt: skip
    assert status == 0
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published
    assert article.original_url == CRI_URL
    assert sorted(article.tags.names()) == ["Belarus", "SCO"]


def test_url_and_a_different_url_line_are_refused(cri, tmp_path):
    text = SEED + b"\n\nURL: https://german.cri.cn/other.shtml"
    status, _, err = import_wire(
        write(tmp_path, "a.txt", text), "--source", "cri", "--url", CRI_URL
    )
    assert status == 1
    assert "--url names" in err
    assert not Article.objects.exists()


def test_url_for_several_texts_is_refused_before_anything_is_read(cri, tmp_path):
    other = write(tmp_path, "b.txt", changed_seed())
    status, _, err = import_wire(CRI_WIRE_TEXT, other, "--source", "cri", "--url", CRI_URL)
    assert status == 1
    assert "single text" in err
    assert not Article.objects.exists()


def test_publishing_from_a_source_whose_rights_expired_is_refused(cri):
    cri.rights_expire_at = timezone.now() - timedelta(days=1)
    cri.save()
    status, _, err = import_wire(CRI_WIRE_TEXT, "--source", "cri", "--publish")
    assert status == 1
    assert "rights to republish texts from CRI expired" in err
    assert not Article.objects.exists()


def test_a_directory_gives_its_txt_files_in_name_order(cri, tmp_path):
    write(tmp_path, "b.txt", changed_seed())
    write(tmp_path, "a.txt", SEED)
    write(tmp_path, "notes.md", b"not a wire text")
    status, out, _ = import_wire(tmp_path, "--source", "cri")
    assert status == 0
    created = [line for line in out.splitlines() if line.startswith("created: ")]
    assert [line.split()[1] for line in created] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    ]
    assert Article.objects.count() == 2


def test_standard_input_is_read_for_a_dash(cri):
    status, out, _ = import_wire("-", "--source", "cri", stdin=SEED)
    assert status == 0
    assert "created 1" in out
    assert ProvenanceRecord.objects.get().file_name == "<stdin>"


def test_dry_run_reports_what_would_happen_and_writes_nothing(seeded, tmp_path):
    new_version = write(tmp_path, "a.txt", changed_seed() + f"\n\nURL: {CRI_URL}".encode())
    new_text = write(tmp_path, "b.txt", changed_seed("Xi Jinping", "Xi"))
    again = write(tmp_path, "c.txt", changed_seed("Xi Jinping", "Xi"))
    before = database_state()
    status, out, _ = import_wire(
        CRI_WIRE_TEXT, new_version, new_text, again, "--source", "cri", "--dry-run"
    )
    assert status == 0
    assert f"would update: {new_version} (article {seeded.slug})" in out
    assert f"would create: {new_text} (a new article)" in out
    assert f"unchanged: {again}" in out
    assert "Dry run, nothing written: created 1, unchanged 2, updated 1, failed 0" in out
    assert database_state() == before


# Bad input: a clear error naming the file and line; nothing written


BAD_INPUTS = {
    "empty file": (b"", "the file is empty"),
    "only blank lines": (b"\r\n  \n\n", "the file is empty"),
    "no title": (SEED.replace(b"Baidu\n\n", b"").split(b"\n\n", 1)[1], "line 1: no title"),
    "no dateline": (SEED.replace(b"16.09.2022 09:19:33\n\n", b""), "no dateline"),
    "impossible dateline": (
        SEED.replace(b"16.09.2022", b"31.02.2022"),
        "line 5: the dateline '31.02.2022 09:19:33' is not a possible date and time",
    ),
    "malformed dateline": (SEED.replace(b"16.09.2022 09:19:33", b"16.9.22 9:19"), "line 5:"),
    "not UTF-8": (SEED.decode().encode("cp1252"), "line 3: bytes that are not UTF-8"),
    "binary data": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    "over 1 MB": (SEED + b"\n\n" + b"x" * wire.MAX_WIRE_BYTES, "more than 1,048,576 bytes"),
    "no text": (SEED.split(b"\n\nDer chinesische")[0], "line 5: no text after the dateline"),
    "a form feed": (SEED.replace(b"Der chinesische", b"Der\x0cchinesische"), "line 7: control"),
    "U+FFFE": (
        SEED.replace(b"Der chinesische", "Der\ufffechinesische".encode()),
        "line 7: control character U+FFFE",
    ),
    "U+FFFF": (
        SEED.replace(b"09:19:33\n\nDer", "09:19:33\n\n\uffffDer".encode()),
        "line 7: control character U+FFFF",
    ),
    "a bidi override in the title": (
        SEED.replace(b"Baidu\n\n", "Baidu\n\n\u202e".encode()),
        "line 3: in the title: Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    "a zero-width space in the title": (
        SEED.replace(b"Baidu\n\n", "Baidu\n\nX\u200b".encode()),
        "U+200B ZERO WIDTH SPACE",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_fails_naming_file_and_line_and_changes_nothing(seeded, tmp_path, kind):
    data, message = BAD_INPUTS[kind]
    path = write(tmp_path, "bad.txt", data)
    before = database_state()
    status, out, err = import_wire(path, "--source", "cri")
    assert status == 1
    assert f"failed: {path}" in err
    assert message in err
    assert "created 0, unchanged 0, updated 0, failed 1" in out
    assert "1 of 1 texts failed" in err
    assert database_state() == before


def test_a_dateline_the_clocks_skip_is_refused(tmp_path):
    make_source(slug="berlin", timezone="Europe/Berlin")
    text = b"Title\n\n27.03.2022 02:30:00\n\nText."
    status, _, err = import_wire(write(tmp_path, "dst.txt", text), "--source", "berlin")
    assert status == 1
    assert "line 3: the dateline 27.03.2022 02:30:00 does not exist in Europe/Berlin" in err
    assert not Article.objects.exists()


CALENDAR_ENDS = [
    ("Asia/Shanghai", "01.01.0001 00:00:00"),  # before the year 1 in UTC
    ("UTC", "01.01.0001 00:00:00"),  # the year 0 in a zone west of UTC
    ("America/Los_Angeles", "31.12.9999 23:59:59"),  # the year 10000 in UTC
    ("UTC", "31.12.9999 23:59:59"),  # the year 10000 in a zone east of UTC
]


@pytest.mark.parametrize(("zone", "dateline"), CALENDAR_ENDS)
def test_a_dateline_at_the_ends_of_the_calendar_fails_that_text_and_the_next_is_imported(
    tmp_path, zone, dateline
):
    make_source(slug="far", timezone=zone)
    bad = write(tmp_path, "1-bad.txt", f"Title\n\n{dateline}\n\nText.".encode())
    write(tmp_path, "2-good.txt", SEED)
    status, out, err = import_wire(tmp_path, "--source", "far")
    assert status == 1
    assert f"failed: {bad}, line 3: the dateline {dateline} in {zone}: Enter a date" in err
    assert "created 1, unchanged 0, updated 0, failed 1" in out
    assert Article.objects.count() == 1


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moment=st.one_of(
        st.datetimes(max_value=datetime(1, 1, 3)),
        st.datetimes(min_value=datetime(9999, 12, 29)),
        st.datetimes(),
    ),
    zone=st.sampled_from(["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Shanghai", "UTC"]),
)
def test_any_dateline_is_imported_or_refused_with_its_line_never_a_crash(moment, zone):
    source, _ = Source.objects.get_or_create(slug=zone.lower().replace("/", "-"), timezone=zone)
    importer = WireImporter(source, dry_run=True)
    dateline = f"{moment.day:02}.{moment.month:02}.{moment.year:04} {moment:%H:%M:%S}"
    text = f"Title\n\n{dateline}\n\nText.".encode()
    try:
        importer.receive(text)
    except wire.WireError as error:
        assert error.line == 3


def test_a_missing_file_fails_naming_it(seeded, tmp_path):
    before = database_state()
    status, _, err = import_wire(tmp_path / "nowhere.txt", "--source", "cri")
    assert status == 1
    assert f"failed: {tmp_path / 'nowhere.txt'}: no such file" in err
    assert database_state() == before


def test_an_unknown_source_is_refused_and_changes_nothing(seeded):
    before = database_state()
    status, _, err = import_wire(CRI_WIRE_TEXT, "--source", "xinhua")
    assert status == 1
    assert "Unknown source 'xinhua'. Known sources: cri." in err
    assert database_state() == before


def test_good_files_are_imported_beside_a_bad_one_and_the_exit_status_says_so(cri, tmp_path):
    write(tmp_path, "1-good.txt", SEED)
    write(tmp_path, "2-bad.txt", SEED.replace(b"16.09.2022", b"31.02.2022"))
    write(tmp_path, "3-good.txt", changed_seed())
    status, out, err = import_wire(tmp_path, "--source", "cri")
    assert status == 1
    assert "created 2, unchanged 0, updated 0, failed 1" in out
    assert f"failed: {tmp_path / '2-bad.txt'}, line 5:" in err
    assert Article.objects.count() == 2


def test_atomic_writes_nothing_when_any_file_fails(cri, tmp_path):
    write(tmp_path, "1-good.txt", SEED)
    write(tmp_path, "2-bad.txt", b"")
    before = database_state()
    status, _, err = import_wire(tmp_path, "--source", "cri", "--atomic")
    assert status == 1
    assert "Nothing was written (--atomic)" in err
    assert database_state() == before


def test_atomic_writes_everything_when_all_files_are_good(cri, tmp_path):
    write(tmp_path, "1.txt", SEED)
    write(tmp_path, "2.txt", changed_seed())
    status, _, _ = import_wire(tmp_path, "--source", "cri", "--atomic")
    assert status == 0
    assert Article.objects.count() == 2


# Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_progress_bar_for_several_files(cri, tmp_path):
    write(tmp_path, "1.txt", SEED)
    write(tmp_path, "2.txt", changed_seed())
    _, _, err = import_wire(tmp_path, "--source", "cri", stderr=Terminal())
    assert f"[{'.' * 30}] 0/2 1.txt" in err
    assert f"[{'#' * 15}{'.' * 15}] 1/2 2.txt" in err
    assert f"[{'#' * 30}] 2/2" in err


def test_no_progress_bar_when_not_on_a_terminal(cri, tmp_path):
    write(tmp_path, "1.txt", SEED)
    write(tmp_path, "2.txt", changed_seed())
    _, _, err = import_wire(tmp_path, "--source", "cri")
    assert "#" not in err
    assert "\r" not in err
