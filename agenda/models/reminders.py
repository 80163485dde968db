from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agenda.models.agenda_versions import AgendaVersion
from agenda.models.editions import Milestone


class Reminder(models.Model):
    """A reminder e-mail sent to one person, ``days_before`` days (at most) before a
    deadline: a milestone's date, or the end of a ``quarter`` of a ratified ``version``
    whose tracked actions wait for an update. The unique row is what keeps
    ``send_reminders`` from sending the same reminder twice, however often it runs."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("ratified version"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "user", "days_before"], name="one_reminder_per_threshold"
            ),
            models.UniqueConstraint(
                fields=["version", "quarter", "user", "days_before"],
                condition=Q(quarter__isnull=False),
                name="one_quarter_reminder_per_threshold",
            ),
            models.CheckConstraint(
                condition=Q(milestone__isnull=False, version__isnull=True, quarter__isnull=True)
                | Q(milestone__isnull=True, version__isnull=False, quarter__isnull=False),
                name="reminder_for_a_milestone_or_a_quarter",
            ),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        deadline = self.milestone or f"{self.version} Q{self.quarter}"
        return f"{deadline} → {self.user} ({self.days_before})"
