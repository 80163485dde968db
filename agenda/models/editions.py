"""Editions and their milestones: editions are data, so a new one needs no code."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The edition being worked on (one at most: a constraint)."""
        return self.filter(is_current=True).first()

    def before(self, edition):
        """The edition before ``edition``: the latest other one that started no later."""
        return (
            self.exclude(pk=edition.pk)
            .filter(start_year__lte=edition.start_year)
            .order_by("-start_year", "-pk")
            .first()
        )

    def current_or_404(self):
        """The current edition, or Http404 while none has been opened (a fresh install)."""
        edition = self.current()
        if edition is None:
            raise Http404(gettext("No edition has been opened yet."))
        return edition


class Edition(models.Model):
    """One Netwerkagenda (e.g. 2021-2023); editions are data, so a new one needs no code."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    programme_year = models.PositiveSmallIntegerField(_("programme year"))
    is_current = models.BooleanField(_("current edition"), default=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_edition",
                violation_error_message=_(
                    "Another edition is current: make that one not current first."
                ),
            )
        ]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self):
        return self.name


class AgendaState(models.TextChoices):
    """The states an edition's agenda versions go through (``AgendaVersion.State``; the
    governance machine moves them), which the edition's milestones end."""

    ROUGH = "rough", _("Rough version")
    FEEDBACK = "feedback", _("Feedback")
    DEFINITIVE_CONCEPT = "definitive_concept", _("Definitive concept")
    CONSULTATION = "consultation", _("Consultation of the constituencies")
    ESTABLISHED = "established", _("Established by the network council")
    DECISION = "decision", _("Decision by the boards")
    RATIFIED = "ratified", _("Ratified")


def agenda_states():
    """The agenda versions' states, as choices (migration 0011 names this function)."""
    return AgendaState.choices


class Milestone(models.Model):
    """A date on the edition's timeline (``portal`` shows them as "Tijdpad"): what happens
    by then, which agenda state it ends and whose deadline it is."""

    class Role(models.TextChoices):
        WRITERS = "writers", _("the teams' writers")
        COORDINATORS = "coordinators", _("the coordinators")
        PARTNERS = "partners", _("the partners' representatives")
        BOARDS = "boards", _("the boards of VOB, SPN and KB")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    period = models.CharField(
        _("period"), max_length=50, blank=True, help_text=_("As shown, e.g. 'Oct-Nov 2020'.")
    )
    title = models.CharField(_("title"), max_length=300)
    ends = models.CharField(
        _("deadline of"),
        max_length=30,
        choices=agenda_states,
        blank=True,
        help_text=_(
            "The agenda state that should be over by this date (its date is then the "
            "deadline shown to whoever acts in that state)."
        ),
    )

    role = models.CharField(
        _("who acts"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Whose deadline the date is."),
    )

    class Meta:
        ordering = ["edition", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "ends"],
                condition=~models.Q(ends=""),
                name="one_deadline_per_state",
                violation_error_message=_("Another milestone of this edition ends that state."),
            )
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.period or self.date}: {self.title}"
