"""The wire-text format on its own: no database, bytes and strings in, values out."""

import hashlib
from datetime import datetime

import pytest

from articles.agency import wire
from tests.wire import CRI_WIRE_TEXT, cri_title_and_paragraphs

SEED = CRI_WIRE_TEXT.read_bytes()
SEED_TEXT = SEED.decode("utf-8")


def variants_of_the_seed():
    """The seed as other systems might deliver it: same words, different bytes."""
    lines = SEED_TEXT.split("\n")
    return {
        "byte-order mark": b"\xef\xbb\xbf" + SEED,
        "CRLF": SEED.replace(b"\n", b"\r\n"),
        "old Mac CR": SEED.replace(b"\n", b"\r"),
        "trailing spaces": "\n".join(line + " \t " for line in lines).encode(),
        "several blank lines": SEED.replace(b"\n\n", b"\n\n\n\n"),
        "blank lines around": b"\n\n" + SEED + b"\n\n\n",
        "final newline": SEED + b"\n",
        "all at once": b"\xef\xbb\xbf" + SEED.replace(b"\n", b"  \r\n").replace(b"\n ", b"\n\r\n"),
    }


def test_the_seed_has_no_final_newline_to_begin_with():
    assert not SEED.endswith(b"\n")


def test_parse_reads_the_seed():
    parsed = wire.parse(wire.decode(SEED))
    title, paragraphs = cri_title_and_paragraphs()
    assert parsed.title == title
    assert parsed.paragraphs == tuple(paragraphs)
    assert parsed.body == "\n\n".join(paragraphs)
    assert parsed.dateline == datetime(2022, 9, 16, 9, 19, 33)
    assert parsed.dateline_line == 5
    assert parsed.copyright_notice == "© China Radio International.CRI. All Rights Reserved."
    assert parsed.address == "16A Shijingshan Road, Beijing, China"
    assert parsed.url == ""


def test_page_chrome_before_the_title_is_left_out():
    parsed = wire.parse(wire.decode(SEED))
    assert "Baidu" not in parsed.title
    assert "Baidu" not in parsed.body


@pytest.mark.parametrize("name", list(variants_of_the_seed()))
def test_variants_of_the_seed_parse_and_digest_alike(name):
    raw = variants_of_the_seed()[name]
    text = wire.decode(raw)
    assert wire.parse(text) == wire.parse(SEED_TEXT)
    assert wire.digest(text) == wire.digest(SEED_TEXT)


def test_decode_keeps_the_text_exactly_as_received():
    raw = b"\xef\xbb\xbf" + SEED.replace(b"\n", b"\r\n")
    assert wire.decode(raw).encode("utf-8") == raw


def test_digest_changes_with_a_single_word():
    assert wire.digest(SEED_TEXT) != wire.digest(SEED_TEXT.replace("Sprung", "Satz"))


def test_digest_is_the_sha256_of_the_normalised_text():
    assert wire.normalise("\ufeffA  \r\n\r\n\r\nB") == "A\n\nB\n"
    assert wire.digest("\ufeffA  \r\n\r\n\r\nB") == hashlib.sha256(b"A\n\nB\n").hexdigest()


def test_a_url_line_gives_the_original_and_stays_out_of_the_text():
    text = SEED_TEXT + "\n\nURL: https://german.cri.cn/a.shtml\n"
    parsed = wire.parse(text)
    assert parsed.url == "https://german.cri.cn/a.shtml"
    assert parsed.address == "16A Shijingshan Road, Beijing, China"
    assert "URL" not in parsed.body


def test_title_and_dateline_may_share_a_block():
    parsed = wire.parse("Chrome\n\nThe title\n01.02.2023 04:05:06\nFirst.\n\nSecond.")
    assert parsed.title == "The title"
    assert parsed.paragraphs == ("First.", "Second.")
    assert parsed.copyright_notice == ""


def test_a_copyright_line_ends_the_body_even_without_a_blank_line():
    parsed = wire.parse("T\n\n01.02.2023 04:05:06\n\nText.\n© Agency\nStreet 1\n\nCity")
    assert parsed.paragraphs == ("Text.",)
    assert parsed.copyright_notice == "© Agency"
    assert parsed.address == "Street 1\nCity"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "the file is empty", None),
        (" \n\n\t\n", "the file is empty", None),
        ("16.09.2022 09:19:33\n\nText.", "no title", 1),
        ("Title\n\nText without a dateline.", "no dateline", None),
        ("Title\n\n31.02.2022 09:19:33\n\nText.", "not a possible date", 3),
        ("Title\n\n16.09.2022 25:19:33\n\nText.", "not a possible date", 3),
        ("Title\n\n16.09.22 09:19\n\nText.", "not of the form DD.MM.YYYY HH:MM:SS", 3),
        ("Title\n\n16.09.2022 09:19:33\n\n© Agency", "no text after the dateline", 3),
        ("URL: javascript:alert(1)\nTitle\n\n16.09.2022 09:19:33\n\nText.", "not an http", 1),
        (
            "URL: https://a.example/\nT\n\n16.09.2022 09:19:33\n\nText.\nURL: https://b.example/",
            "a second URL: line",
            7,
        ),
        ("T" * 301 + "\n\n16.09.2022 09:19:33\n\nText.", "more than the 300", 1),
        ("T\n\n16.09.2022 09:19:33\n\nText.\n\n©" + "x" * 300, "more than the 300", 7),
        ("URL: https://a.example/" + "x" * 500 + "\nT\n\n16.09.2022 09:19:33\n\nText.", "500", 1),
    ],
)
def test_parse_names_what_is_wrong_and_where(text, message, line):
    with pytest.raises(wire.WireError) as error:
        wire.parse(text)
    assert message in error.value.message
    assert error.value.line == line


def test_decode_refuses_bytes_that_are_not_utf8_and_names_the_line():
    with pytest.raises(wire.WireError) as error:
        wire.decode(SEED_TEXT.encode("cp1252"))
    assert "not UTF-8" in error.value.message
    assert error.value.line == 3


def test_decode_refuses_binary_data():
    with pytest.raises(wire.WireError) as error:
        wire.decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary data" in error.value.message


def test_decode_refuses_control_characters():
    with pytest.raises(wire.WireError) as error:
        wire.decode(b"Title\n\n16.09.2022 09:19:33\n\nA bell \x07 rings.")
    assert "U+0007" in error.value.message
    assert error.value.line == 5


def test_decode_accepts_one_megabyte_and_refuses_a_byte_more():
    head = b"Title\n\n16.09.2022 09:19:33\n\n"
    largest = head + b"y" * (wire.MAX_WIRE_BYTES - len(head))
    assert wire.parse(wire.decode(largest)).title == "Title"
    with pytest.raises(wire.WireError) as error:
        wire.decode(largest + b"y")
    assert "1 MB" in error.value.message


def test_format_then_parse_gives_the_same_wire_text():
    parsed = wire.parse(SEED_TEXT + "\nURL: https://german.cri.cn/a.shtml")
    assert wire.parse(wire.format_wire(parsed)) == parsed


def test_format_writes_the_seed_layout_without_its_page_chrome():
    written = wire.format_wire(wire.parse(SEED_TEXT))
    assert written == SEED_TEXT.removeprefix("Baidu\n\n") + "\n"


def test_format_refuses_a_paragraph_that_would_read_back_as_the_copyright_notice():
    parsed = wire.parse("T\n\n01.02.2023 04:05:06\n\nText.")
    tricky = wire.WireText(parsed.title, parsed.dateline, ("Text.\n© Someone else",))
    with pytest.raises(wire.WireError):
        wire.format_wire(tricky)


def test_the_formats_limits_are_those_of_the_fields_that_store_it():
    from articles.models import Article, ProvenanceRecord

    def longest(model, name):
        return model._meta.get_field(name).max_length

    assert longest(Article, "title") == wire.MAX_TITLE_LENGTH
    assert longest(Article, "copyright_notice") == wire.MAX_NOTICE_LENGTH
    assert longest(ProvenanceRecord, "copyright_notice") == wire.MAX_NOTICE_LENGTH
    assert longest(Article, "original_url") == wire.MAX_URL_LENGTH
    assert longest(ProvenanceRecord, "original_url") == wire.MAX_URL_LENGTH
