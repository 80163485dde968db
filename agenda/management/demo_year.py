"""The demo's year of tracked actions: an earlier edition, ratified through its whole
governance by the demo's own people, whose actions the network follows while the current
edition is being written (``AgendaVersion.objects.followed``), with a year of progress
updates by the teams' writers and the lead partners' representatives.

Like the demo's timeline (``seed_demo._timeline_around_today``), its programme year is
moved to today's, so that the quarter pages, the late list, *Voor u* and the reminders
show a year under way: the first quarters' actions done, delayed or late, this quarter's
waiting for an update."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from agenda.demo_content import THEMES, chapter_about
from agenda.governance.compiling import agenda_compile
from agenda.governance.machine import GovernanceStep
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_response_record,
)
from agenda.models import (
    ActionStatus,
    AgendaVersion,
    Contribution,
    Edition,
    NetworkText,
    ProgressUpdate,
    TrackedAction,
)
from agenda.review.machine import ReviewStep
from agenda.review.services import take_review_step
from agenda.services import ContributionContent, contribution_save, network_text_save
from agenda.tracking.rules import update_posters
from agenda.tracking.services import update_post
from partners.models import Partner
from teams.models import Team

SLUG = "netwerkagenda-2018-2020-demo"
# The themes of the teams whose chapters the current edition's demo leaves to write.
EARLIER_THEMES = THEMES | {
    1: ("leesbevordering", "een Taalhuis en de Bibliotheek op school in elke gemeente"),
    5: ("het personeel", "een landelijk opleidingsaanbod"),
    7: ("de samenwerking in het netwerk", "één gedeelde netwerkagenda"),
}
NETWORK_TEXTS = {
    "motto": "<p>Samen sterker voor iedereen</p>",
    "manifesto": "<p>De bibliotheek is er voor iedereen die wil lezen, leren en meedoen.</p>",
}
# The governance's steps forward, in their order (a board's rejection is not one).
GOVERNANCE = [step for step in GovernanceStep if step != GovernanceStep.REJECT]
# What the year brought, per action: (quarter of the update, status, percentage, text,
# public). One of these stories per action, in turn; an update after today is left out.
STORIES = [
    [
        (1, ActionStatus.RUNNING, 30, "Startbijeenkomst gehouden; de werkgroep is compleet.", True),
        (2, ActionStatus.RUNNING, 70, "Eerste resultaten besproken in het netwerkoverleg.", False),
        (3, ActionStatus.DONE, None, "Afgerond; het verslag staat op de portal.", True),
    ],
    [
        (1, ActionStatus.RUNNING, None, "Plan van aanpak vastgesteld.", True),
        (
            2,
            ActionStatus.DELAYED,
            35,
            "Vertraagd: de aanbesteding duurt langer dan gedacht.",
            False,
        ),
    ],
    [
        (2, ActionStatus.RUNNING, 20, "Gestart met drie bibliotheken in de proef.", True),
        (3, ActionStatus.RUNNING, 60, "Halverwege; de ervaringen zijn positief.", False),
    ],
    [
        (1, ActionStatus.RUNNING, 10, "Verkenning begonnen.", False),
        (2, ActionStatus.DROPPED, None, "Vervallen: opgegaan in het landelijke programma.", True),
    ],
    [],  # not started: no update all year
]


def seed_year(coordinator, writers: dict[int, object], today: datetime.date) -> None:
    """The earlier edition with its ratified version and a year of updates, made once.
    ``writers``: the demo writer of every team, by team number."""
    if Edition.objects.filter(slug=SLUG).exists():
        return
    edition = Edition.objects.create(
        slug=SLUG,
        name="Netwerkagenda 2018-2020 (demo)",
        start_year=2018,
        end_year=2020,
        programme_year=today.year,
    )
    _approved_texts(edition, coordinator, writers)
    version = agenda_compile(edition=edition, user=coordinator)
    representatives = {p.code: _representative(p) for p in Partner.objects.all()}
    for step in GOVERNANCE:
        if step == GovernanceStep.ESTABLISH:
            for code, user in representatives.items():
                partner_response_record(
                    version=version,
                    user=user,
                    partner=user.partner,
                    verdict="agree",
                    text=f"Akkoord namens de achterban van {code}.",
                )
        if step == GovernanceStep.RATIFY:
            for code in ["VOB", "SPN", "KB"]:
                partner_decision_record(
                    version=version,
                    user=representatives[code],
                    partner=representatives[code].partner,
                    decision="approve",
                    note="Goedgekeurd door het bestuur.",
                )
        version = agenda_step(version=version, user=coordinator, step=step)
    _a_year_of_updates(version, today)


def _representative(partner):
    return get_user_model().objects.get(username=partner.code.lower())


def _approved_texts(edition, coordinator, writers):
    """Every chapter and the network texts written by the demo's writers and approved."""
    for number, writer in sorted(writers.items()):
        contribution = Contribution.objects.create(
            edition=edition, team=Team.objects.get(number=number)
        )
        contribution_save(
            contribution=contribution,
            user=writer,
            content=ContributionContent(**chapter_about(*EARLIER_THEMES[number])),
            base_revision=contribution.revision,
            note="Eerste opzet (demodata)",
        )
        take_review_step(obj=contribution, user=writer, step=ReviewStep.SUBMIT)
        take_review_step(obj=contribution, user=coordinator, step=ReviewStep.APPROVE)
    writer = writers[7]
    for kind, body in NETWORK_TEXTS.items():
        text = NetworkText.objects.create(edition=edition, kind=kind)
        network_text_save(text=text, user=writer, body=body, base_revision=text.revision)
        take_review_step(obj=text, user=writer, step=ReviewStep.SUBMIT)
        take_review_step(obj=text, user=coordinator, step=ReviewStep.APPROVE)


def _a_year_of_updates(version: AgendaVersion, today: datetime.date) -> None:
    """Each action's story (``STORIES``, in turn) from its first planned quarter on,
    posted by someone who may post it (the team's writer or the lead partner's
    representative, in turn) and dated in its quarter."""
    actions = TrackedAction.objects.filter(version=version).select_related("edition", "team")
    for index, action in enumerate(actions.order_by("team__number", "row")):
        posters = list(update_posters(action).order_by("username"))
        author = posters[index % len(posters)]
        shift = (action.quarter_numbers or [1])[0] - 1
        for quarter, status, percentage, text, public in STORIES[index % len(STORIES)]:
            quarter += shift
            if quarter > 4:
                break
            day = datetime.date(today.year, quarter * 3 - 2, 1) + datetime.timedelta(
                days=20 + action.team.number
            )
            if day > today:
                break
            update = update_post(
                action=action,
                user=author,
                text=text,
                status=status,
                percentage=percentage,
                public=public,
            )
            when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
