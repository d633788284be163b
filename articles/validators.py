"""Checks on what editors type, beyond what the model fields themselves enforce."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 control characters other than tab, line feed and carriage return, and the two
# non-characters XML forbids: pasted from a wire by accident, invisible on screen, and they
# would make feeds unreadable XML.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def validate_printable(value):
    found = _UNPRINTABLE.search(value or "")
    if found:
        raise ValidationError(
            _("Remove the invisible control character (U+%(code)s) from this text."),
            params={"code": f"{ord(found.group()):04X}"},
            code="control_character",
        )
