"""Agency wire texts: reading them as received, and writing articles back in the same format.

A wire text, as CRI's German service delivers it, reads from top to bottom:

    Baidu                                     optional page chrome, ignored
    (blank line)
    The title                                 the block just above the dateline
    (blank line)
    16.09.2022 09:19:33                       DD.MM.YYYY HH:MM:SS, in the source's time zone
    (blank line)
    Paragraphs, separated by blank lines
    (blank line)
    © China Radio International. ...          the copyright notice: the first line with ©
    16A Shijingshan Road, Beijing, China      the agency's address: every line after it

A line `URL: https://...` anywhere gives the address of the original. The functions here are
pure: bytes and strings in, values out, so that the importer and the tests share one reading.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from articles.text import validate_printable, validate_visible

MAX_WIRE_BYTES = 1024 * 1024
# As long as the article's and the provenance record's fields may be (a test keeps them equal).
MAX_TITLE_LENGTH = 300
MAX_NOTICE_LENGTH = 300
MAX_URL_LENGTH = 500
DATELINE_FORMAT = "%d.%m.%Y %H:%M:%S"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Loose on purpose: anything shaped like a date is taken as the dateline, so that a wrong one
# ("31.02.2022", "16.09.22 9:19") is reported as wrong rather than read as the title.
_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}(?:[ T]+\d{1,2}:\d{1,2}(?::\d{1,2})?)?")
_DATELINE = re.compile(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}")
_URL_LINE = re.compile(r"URL:\s*(.*)")


class WireError(ValueError):
    """A wire text that cannot be read; `line` is 1-based, or None when no line is to blame."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class WireText:
    title: str
    dateline: datetime  # naive: wall-clock time in the source's time zone
    paragraphs: tuple[str, ...]
    copyright_notice: str = ""
    address: str = ""
    url: str = ""
    # Where the dateline stood, for errors found later; not part of what the text says.
    dateline_line: int | None = field(default=None, compare=False)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)


def decode(raw):
    """The text of `raw` bytes exactly as sent (a byte-order mark and CRs stay), or WireError."""
    if len(raw) > MAX_WIRE_BYTES:
        raise WireError(
            f"the file has more than {MAX_WIRE_BYTES:,} bytes (1 MB), the most a wire text may "
            "have; is it really a wire text?"
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise WireError("binary data (a NUL byte), not a text file", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.end].hex(" ")
        raise WireError(
            f"bytes that are not UTF-8 (0x{bad} at byte {error.start}); "
            "save the file as UTF-8 and import it again",
            line,
        ) from None
    # The same check as for what editors type: an imported article can be saved in the admin.
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        try:
            validate_printable(line)
        except ValidationError as error:
            raise WireError(
                f"control character U+{error.params['code']}: binary data, not a text file", number
            ) from None
    return text


def normalise(text):
    """The text with what does not matter taken out: the byte-order mark, CRs, spaces at line
    ends, repeated and surrounding blank lines. Two deliveries of one text normalise alike."""
    lines = [line.rstrip() for line in _LINE_BREAK.split(text.removeprefix("\ufeff"))]
    kept = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept) + "\n"


def digest(text):
    """SHA-256 (hex) of the normalised text: how a text is recognised when it comes again."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def parse(text):
    """Reads a decoded wire text into a WireText, or raises WireError naming the line."""
    lines, url = _lines_without_url(text)
    if not any(line for _, line in lines):
        raise WireError("the file is empty")

    dateline_at = next((i for i, (_, line) in enumerate(lines) if _DATE_LIKE.fullmatch(line)), None)
    if dateline_at is None:
        raise WireError("no dateline: a line of the form DD.MM.YYYY HH:MM:SS must follow the title")
    dateline_number, dateline_text = lines[dateline_at]
    dateline = _read_dateline(dateline_text, dateline_number)
    title = _title_above(lines, dateline_at, dateline_number)
    paragraphs, notice, address = _body_and_trailer(lines[dateline_at + 1 :], dateline_number)
    return WireText(
        title=title,
        dateline=dateline,
        paragraphs=paragraphs,
        copyright_notice=notice,
        address=address,
        url=url,
        dateline_line=dateline_number,
    )


def format_wire(wire):
    """Writes a WireText in the format `parse` reads; parse(format_wire(w)) gives w back."""
    for number, paragraph in enumerate(wire.paragraphs, start=1):
        for line in paragraph.split("\n"):
            if line.strip().startswith("©") or _URL_LINE.fullmatch(line.strip()):
                raise WireError(
                    f"paragraph {number} has a line starting with © or URL:, which the format "
                    "keeps for the copyright notice and the original's address"
                )
    blocks = [wire.title, format_dateline(wire.dateline), *wire.paragraphs]
    if wire.copyright_notice:
        blocks.append("\n".join(filter(None, [wire.copyright_notice, wire.address])))
    if wire.url:
        blocks.append(f"URL: {wire.url}")
    return "\n\n".join(blocks) + "\n"


def format_dateline(moment):
    """DD.MM.YYYY HH:MM:SS; the year with four digits even before 1000, which strftime drops."""
    return f"{moment.day:02}.{moment.month:02}.{moment.year:04} {moment:%H:%M:%S}"


def _lines_without_url(text):
    """(line number, stripped line) pairs, with the URL: line taken out and its address."""
    url, url_number, lines = "", None, []
    for number, line in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = line.strip()
        match = _URL_LINE.fullmatch(line)
        if match:
            found = match.group(1).strip()
            parts = urlsplit(found)
            if parts.scheme not in {"http", "https"} or not parts.netloc or " " in found:
                raise WireError(f"{found!r} after URL: is not an http or https address", number)
            if len(found) > MAX_URL_LENGTH:
                raise WireError(
                    f"the URL has {len(found)} characters, more than the {MAX_URL_LENGTH} allowed",
                    number,
                )
            if url and found != url:
                raise WireError(
                    f"a second URL: line, different from the one on line {url_number}", number
                )
            url, url_number, line = found, number, ""
        lines.append((number, line))
    return lines, url


def _read_dateline(text, number):
    if not _DATELINE.fullmatch(text):
        raise WireError(f"the dateline {text!r} is not of the form DD.MM.YYYY HH:MM:SS", number)
    try:
        return datetime.strptime(text, DATELINE_FORMAT)
    except ValueError:
        raise WireError(f"the dateline {text!r} is not a possible date and time", number) from None


def _title_above(lines, dateline_at, dateline_number):
    """The title: the lines of the block just above the dateline, joined into one line."""
    end = dateline_at
    while end > 0 and not lines[end - 1][1]:
        end -= 1
    start = end
    while start > 0 and lines[start - 1][1]:
        start -= 1
    if start == end:
        raise WireError("no title: the dateline must follow the title", dateline_number)
    # The same check as for a title typed in the admin; the body may keep such characters.
    for number, line in lines[start:end]:
        try:
            validate_visible(line)
        except ValidationError as error:
            raise WireError(f"in the title: {error.messages[0]}", number) from None
    title = " ".join(line for _, line in lines[start:end])
    if len(title) > MAX_TITLE_LENGTH:
        raise WireError(
            f"the title has {len(title)} characters, more than the {MAX_TITLE_LENGTH} allowed",
            lines[start][0],
        )
    return title


def _body_and_trailer(lines, dateline_number):
    """Paragraphs up to the first line starting with ©; that line and the rest are the trailer."""
    paragraphs, current, trailer = [], [], None
    for number, line in lines:
        if trailer is not None:
            if line:
                trailer.append(line)
        elif line.startswith("©"):
            if len(line) > MAX_NOTICE_LENGTH:
                raise WireError(
                    f"the copyright notice has {len(line)} characters, more than the "
                    f"{MAX_NOTICE_LENGTH} allowed",
                    number,
                )
            trailer = [line]
        elif line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    if not paragraphs:
        raise WireError("no text after the dateline", dateline_number)
    trailer = trailer or [""]
    return tuple(paragraphs), trailer[0], "\n".join(trailer[1:])
