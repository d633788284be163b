"""What a picture says about itself in IPTC, XMP and EXIF: credit, copyright and caption, to
fill in the library's form. None of it reaches readers: renditions carry no metadata."""

import html
import re

from PIL import IptcImagePlugin

# EXIF tags (TIFF numbering).
_EXIF_DESCRIPTION = 0x010E
_EXIF_ARTIST = 0x013B
_EXIF_COPYRIGHT = 0x8298
# IPTC IIM records: (2, 120) caption, (2, 110) credit, (2, 80) by-line, (2, 116) copyright.
_IPTC = {"caption": (2, 120), "credit": (2, 110), "byline": (2, 80), "copyright": (2, 116)}


def _iptc(picture):
    try:
        found = IptcImagePlugin.getiptcinfo(picture) or {}
    except (SyntaxError, ValueError, OSError):
        return {}
    fields = {}
    for name, key in _IPTC.items():
        value = found.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, bytes):
            fields[name] = value.decode("utf-8", "replace")
    return fields


def _xmp_value(xmp, name):
    """An XMP property, as an element (alone or in an rdf:Alt/Seq list) or an attribute.
    Read by pattern rather than by an XML parser: the packet comes from strangers."""
    for pattern in (
        rf"<{name}[^>]*>\s*(?:<rdf:(?:Alt|Seq|Bag)>\s*)?(?:<rdf:li[^>]*>)?([^<]+)<",
        rf'{name}="([^"]+)"',
    ):
        found = re.search(pattern, xmp)
        if found and found.group(1).strip():
            return html.unescape(found.group(1).strip())
    return None


def _xmp(picture):
    packet = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp") or b""
    if isinstance(packet, bytes):
        packet = packet.decode("utf-8", "replace")
    if not packet:
        return {}
    fields = {
        "caption": _xmp_value(packet, "dc:description"),
        "credit": _xmp_value(packet, "photoshop:Credit"),
        "byline": _xmp_value(packet, "dc:creator"),
        "copyright": _xmp_value(packet, "dc:rights"),
    }
    return {name: value for name, value in fields.items() if value}


def _exif(picture):
    exif = picture.getexif()
    fields = {
        "caption": exif.get(_EXIF_DESCRIPTION),
        "byline": exif.get(_EXIF_ARTIST),
        "copyright": exif.get(_EXIF_COPYRIGHT),
    }
    return {
        name: value.strip("\x00 ")
        for name, value in fields.items()
        if isinstance(value, str) and value.strip("\x00 ")
    }


def _printable(text):
    return "".join(char for char in text if char.isprintable()).strip()


def described(picture):
    """{"caption", "credit"} as the picture's metadata gives them (IPTC first, then XMP, then
    EXIF); empty strings where it says nothing."""
    found = {}
    for reader in (_exif, _xmp, _iptc):  # later readers win
        found.update(reader(picture))
    credit = found.get("credit") or found.get("byline") or found.get("copyright") or ""
    if found.get("copyright") and found["copyright"] not in credit:
        credit = f"{credit} / {found['copyright']}" if credit else found["copyright"]
    return {
        "caption": _printable(found.get("caption", ""))[:2000],
        "credit": _printable(credit)[:200],
    }
