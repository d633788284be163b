"""The front page's curated slots: the lead story, then the top stories in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrontPageSlot(models.Model):
    # Not unique: editors reorder the slots in the list, where a swap of two positions is
    # saved row by row. Two slots at one position follow each other in the order they were made.
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("1 is the lead story; the others follow in order.")
    )
    article = models.OneToOneField(
        "Article",
        on_delete=models.CASCADE,
        related_name="front_page_slot",
        verbose_name=_("article"),
    )
    until = models.DateTimeField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("From this moment the story drops back into the normal order. Optional."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("front page slot")
        verbose_name_plural = _("front page")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="front_page_position_from_1"
            )
        ]

    def __str__(self):
        return f"{self.position}: {self.article}"
