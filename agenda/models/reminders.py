from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.editions import Milestone


class Reminder(models.Model):
    """A reminder e-mail sent to one person, ``days_before`` days (at most) before a
    milestone's date: the unique row is what keeps ``send_reminders`` from sending the
    same reminder twice, however often it runs."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "user", "days_before"], name="one_reminder_per_threshold"
            )
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.milestone} → {self.user} ({self.days_before})"
