"""The labels of the editors' forms as the history of changes keeps them.

Django's admin records which fields a save changed by their labels in English ("Body"), and
translates each label only when the history is shown. A label is the capitalised form of its
field's verbose name, which is a message of its own ("body"): each label needs its own entry
in the catalogues, and makemessages keeps only those it finds in the code, hence this list.
A test checks that every label of every form is translated. Nothing imports this module:
makemessages reads it.
"""

from django.utils.translation import gettext_noop

LABELS = (
    # Articles
    gettext_noop("Kicker"),
    gettext_noop("Title"),
    gettext_noop("Slug"),
    gettext_noop("Summary"),
    gettext_noop("Body"),
    gettext_noop("Status"),
    gettext_noop("Published at"),
    gettext_noop("Byline"),
    gettext_noop("Lead image"),
    gettext_noop("Lead image caption"),
    gettext_noop("Original URL"),
    gettext_noop("Copyright notice"),
    # Sections, sources, tags, API keys
    gettext_noop("Name"),
    gettext_noop("Description"),
    gettext_noop("Position"),
    gettext_noop("Articles on the front page"),
    gettext_noop("Short name"),
    gettext_noop("Homepage"),
    gettext_noop("Time zone"),
    gettext_noop("Address"),
    gettext_noop("Full text allowed in feeds"),
    gettext_noop("Kind"),
    # Authors
    gettext_noop("Role"),
    gettext_noop("Photo"),
    gettext_noop("Bio"),
    gettext_noop("Links"),
    gettext_noop("User account"),
    # The front page's slots
    gettext_noop("Article"),
    gettext_noop("Until"),
    # Pictures
    gettext_noop("Focal point, across"),
    gettext_noop("Focal point, down"),
    gettext_noop("Caption"),
)
