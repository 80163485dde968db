"""Bring an edition to a compilable state through the real services."""

from agenda.models import Contribution, Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.services import ContributionContent, contribution_save, network_text_save
from teams.models import Team
from tests import factories

CHAPTER_TEXT = "<p>Hoofdstuk van team {n}: de bibliotheek werkt samen aan {name}.</p>"


def complete_content(number: int = 1, context: str | None = None) -> ContributionContent:
    """Every aspect filled and one action: ready to submit."""
    return ContributionContent(
        context=context or CHAPTER_TEXT.format(n=number, name=f"opgave {number}"),
        ambition="<p>Ambitie: iedereen doet mee.</p>",
        provision_texts={
            "BIB": "<p>Lokaal</p>",
            "POI": "<p>Provinciaal</p>",
            "KB": "<p>Landelijk</p>",
        },
        programme_intro="<p>Jaarprogramma.</p>",
        actions=[
            {
                "activity": f"Actie {number}",
                "lead": "partner:KB",
                "quarters": ["Q1"],
                "result": "Klaar",
            }
        ],
    )


def fill(contribution: Contribution, writer, **content) -> Contribution:
    """Save a complete draft (``content`` overrides single aspects)."""
    base = complete_content(contribution.team.number)
    return contribution_save(
        contribution=contribution,
        user=writer,
        content=ContributionContent(**(base.__dict__ | content)),
        base_revision=Contribution.objects.get(pk=contribution.pk).revision,
    )


def approve_chapter(number: int, coordinator, *, text: str | None = None) -> Contribution:
    writer = factories.team_user("writer", number=number)
    contribution = factories.contribution(number)
    name = contribution.team.name
    fill(contribution, writer, context=text or CHAPTER_TEXT.format(n=number, name=name))
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="approve")
    contribution.refresh_from_db()
    return contribution


def approve_network_texts(coordinator):
    writer = factories.team_user("writer", number=7)
    bodies = {"motto": "<p>Samen sterker</p>", "manifesto": "<p>Wij geloven in lezen.</p>"}
    for kind, body in bodies.items():
        text = NetworkText.objects.get(edition=Edition.objects.current(), kind=kind)
        network_text_save(text=text, user=writer, body=body, base_revision=text.revision)
        take_review_step(obj=text, user=writer, step="submit")
        take_review_step(obj=text, user=coordinator, step="approve")


def approve_everything(coordinator, numbers=range(1, 13)):
    approve_network_texts(coordinator)
    return [approve_chapter(n, coordinator) for n in numbers]


def open_next_edition() -> Edition:
    """The coordinators open Netwerkagenda 2024-2027 after 2021-2023 (an admin task:
    editions are data), with a concept chapter per team."""
    Edition.objects.update(is_current=False)
    edition = Edition.objects.create(
        name="Netwerkagenda 2024-2027",
        slug="netwerkagenda-2024-2027",
        start_year=2024,
        end_year=2027,
        programme_year=2024,
        is_current=True,
    )
    Contribution.objects.bulk_create(
        Contribution(edition=edition, team=team) for team in Team.objects.all()
    )
    return edition
