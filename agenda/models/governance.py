"""What partners record on an agenda version: constituency responses and board decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.models.agenda_versions import AgendaVersion
from agenda.models.invitations import AnswerInvitation
from partners.models import Partner
from teams.models import Team


class RecordedForPartner(models.Model):
    """Something recorded for a partner on a version, with who and when: by one of the
    partner's representatives (``recorded_by``), or by someone without an account through
    a personal link (``invitation``, which names them; ``recorded_by`` is empty then).

    Subclasses add the ``version`` foreign key with their own related name.
    """

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    invitation = models.OneToOneField(
        AnswerInvitation,
        verbose_name=_("recorded through the personal link"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        abstract = True

    @property
    def recorder(self) -> str:
        """Who recorded it, as the version page and the colophon quote it."""
        if self.invitation_id is None:
            return str(self.recorded_by)
        return recorded_via_link(self.invitation)


def recorded_via_link(invitation) -> str:
    """ "namens VNG vastgelegd door <naam> (<e-mail>) via een persoonlijke link", in the
    active language."""
    return gettext(
        "recorded on behalf of %(partner)s by %(name)s (%(email)s) via a personal link"
    ) % {"partner": invitation.partner.code, "name": invitation.name, "email": invitation.email}


class PartnerResponse(RecordedForPartner):
    """A constituency's response to a version in consultation, one per partner.

    ``NO_RESPONSE`` is recorded by a coordinator (with the reason in ``text``) when a
    constituency does not respond; the partner's own response replaces it.
    """

    class Verdict(models.TextChoices):
        AGREE = "agree", _("Agreed")
        AGREE_WITH_REMARKS = "agree_with_remarks", _("Agreed with remarks")
        OBJECTION = "objection", _("Objection")
        NO_RESPONSE = "no_response", _("No response")

    version = models.ForeignKey(
        AgendaVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="responses"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    text = models.TextField(_("response of the constituency"), blank=True)

    class Meta:
        ordering = ["version", "partner__position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], name="one_response_per_partner")
        ]
        verbose_name = _("partner response")
        verbose_name_plural = _("partner responses")

    def __str__(self):
        return f"{self.partner.code}: {self.version}"


class PartnerDecision(RecordedForPartner):
    """A library-system board's decision (VOB, SPN, KB) on a version, per decision round."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    version = models.ForeignKey(
        AgendaVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField(_("decision round"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    teams = models.ManyToManyField(
        Team, verbose_name=_("chapters objected to"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "round", "partner__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "partner", "round"], name="one_decision_per_partner_round"
            )
        ]
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")

    def __str__(self):
        return f"{self.partner.code} {self.get_decision_display()}: {self.version}"


def deciding_partners():
    """The partners whose boards decide on a version: the library-system partners (VOB,
    SPN and KB in the seed data; DESIGN.md §3), read from the partner data."""
    return Partner.objects.filter(kind=Partner.Kind.LIBRARY_SYSTEM)
