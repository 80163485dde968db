"""A personal link for someone without an account to record one partner's answer on one
agenda version: the constituency's response, or the board's decision (DESIGN.md §3)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.agenda_versions import AgendaVersion
from partners.models import Partner


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256. The token is 32 random bytes
    (``secrets.token_urlsafe``), so a plain hash suffices; the token itself is only in
    the e-mail."""
    return hashlib.sha256(token.encode()).hexdigest()


class AnswerInvitation(models.Model):
    """An invitation, by name and e-mail, to record ``kind`` for ``partner`` on ``version``.

    It works once, until ``valid_until``, unless withdrawn; whether it works now is a
    rule (``agenda.permissions.can_answer_by_link``).
    """

    class Kind(models.TextChoices):
        RESPONSE = "response", _("the response of the constituency")
        DECISION = "decision", _("the decision of the board")

    version = models.ForeignKey(
        AgendaVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT)
    kind = models.CharField(_("to record"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"))
    valid_until = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["version", "-created_at"]
        verbose_name = _("answer invitation")
        verbose_name_plural = _("answer invitations")

    def __str__(self):
        return f"{self.partner.code} {self.kind}: {self.name} <{self.email}>"

    @classmethod
    def kind_for(cls, version) -> str | None:
        """What partners answer on ``version`` in its state: the constituencies respond in
        consultation, the boards decide while it is with them; nothing otherwise."""
        return {
            AgendaVersion.State.CONSULTATION: cls.Kind.RESPONSE,
            AgendaVersion.State.DECISION: cls.Kind.DECISION,
        }.get(version.state)
