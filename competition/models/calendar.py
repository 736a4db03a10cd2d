from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayOverride(models.Model):
    """An office-entered day that is (or is not) a working day, overriding the holiday calendar.

    Used for the State Council's notice of a year the calendar library does not know yet, or a local change.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'✓' if self.is_working_day else '✗'}"
