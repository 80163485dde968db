"""Grow the data the way a year of use does: more versions, comments, action rows,
members and agenda versions. The benchmark (``make bench``) measures every page before
and after growing; the query-budget tests grow from 3 to 30 of each.

Everything goes through the portal's own services, except comments, which are
created in bulk (placing one sends mail, which is not what is measured here).
"""

import random
import re
from itertools import cycle

from django.utils import timezone

from agenda.demo_content import DEMO_CONTRIBUTIONS
from agenda.governance.compiling import agenda_compile, compile_content
from agenda.governance.machine import GovernanceStep
from agenda.governance.services import agenda_step
from agenda.models import (
    AgendaVersion,
    Comment,
    Contribution,
    Edition,
    ProgressUpdate,
    TrackedAction,
)
from agenda.review.services import take_review_step
from agenda.services import (
    ContributionContent,
    ProposalInput,
    content_of,
    contribution_save,
    proposal_add,
    proposal_reject,
)
from agenda.texts import passages
from partners.models import Organisation, SystemProvision
from teams.models import Membership, Team
from teams.services import membership_set
from tests import factories
from tests.agenda_helpers import approve_everything, complete_content


def _writer(contribution: Contribution):
    membership = contribution.team.memberships.filter(role=Membership.Role.WRITER).first()
    if membership is not None:
        return membership.user
    return factories.team_user(Membership.Role.WRITER, number=contribution.team.number)


def add_versions(contribution: Contribution, count: int) -> Contribution:
    """``count`` saves of the chapter by one of its writers (a history record each)."""
    writer = _writer(contribution)
    if contribution.state != Contribution.State.CONCEPT:
        take_review_step(obj=contribution, user=factories.coordinator(), step="reopen")
        contribution.refresh_from_db()
    content = content_of(contribution) if not contribution.is_empty() else complete_content()
    for step in range(count):
        content = ContributionContent(
            **content.__dict__ | {"ambition": content.ambition + f"<p>Aanvulling {step}.</p>"}
        )
        contribution = contribution_save(
            contribution=contribution,
            user=writer,
            content=content,
            base_revision=contribution.revision,
            note=f"Aanvulling {step}",
        )
    return contribution


def add_comments(contribution: Contribution, count: int) -> None:
    """``count`` comments by the team's people, spread over the chapter's aspects;
    every third one resolved by a writer."""
    writer = _writer(contribution)
    people = [m.user for m in contribution.team.memberships.select_related("user")] or [writer]
    authors, aspects = cycle(people), cycle(n for n, _label in contribution.aspect_choices())
    comments = Comment.objects.bulk_create(
        Comment(
            contribution=contribution,
            aspect=next(aspects),
            author=next(authors),
            body=f"Reactie {i}",
        )
        for i in range(count)
    )
    Comment.objects.filter(pk__in=[c.pk for c in comments[::3]]).update(
        resolved_at=contribution.updated_at, resolved_by=writer
    )


def add_proposals(contribution: Contribution, count: int) -> None:
    """``count`` proposals by the team's people on the chapter's first words; every third
    one rejected by a writer."""
    writer = _writer(contribution)
    people = [m.user for m in contribution.team.memberships.select_related("user")] or [writer]
    first_words = " ".join(passages.plain_text(contribution.context).split()[:3])
    authors = cycle(people)
    for i in range(count):
        proposal = proposal_add(
            contribution=contribution,
            user=next(authors),
            data=ProposalInput(
                text_name="context",
                exact=first_words,
                kind="replace",
                text=f"Voorstel {i}",
                reason=f"Reden {i}",
            ),
        )
        if i % 3 == 0:
            proposal_reject(proposal=proposal, user=writer, reason="Past niet.")


def add_action_rows(contribution: Contribution, count: int) -> Contribution:
    """``count`` more rows in the chapter's annual programme, in one save."""
    content = content_of(contribution)
    rows = [
        {
            "activity": f"Actie {len(content.actions) + i + 1}",
            "lead": "partner:KB",
            "quarters": ["Q1", "Q3"],
            "result": "Een resultaat",
        }
        for i in range(count)
    ]
    content = ContributionContent(**content.__dict__ | {"actions": content.actions + rows})
    return contribution_save(
        contribution=contribution,
        user=_writer(contribution),
        content=content,
        base_revision=contribution.revision,
    )


def add_members(team: Team, count: int) -> None:
    """``count`` members of ``team``, each of their own library."""
    start = team.memberships.count()
    for i in range(start, start + count):
        organisation, _created = Organisation.objects.get_or_create(
            name=f"Bibliotheek {team.number}-{i}", defaults={"kind": Organisation.Kind.LIBRARY}
        )
        user = factories.UserFactory(username=f"lid-{team.number}-{i}", organisation=organisation)
        membership_set(team=team, user=user, role=Membership.Role.MEMBER)


def add_agenda_versions(count: int, *, number: int = 1) -> None:
    """``count`` compiled agenda versions, each made a definitive concept (so that the
    partners read them too): chapter ``number`` is changed and approved before each."""
    coordinator = factories.coordinator()
    edition = Edition.objects.current()
    if placeholders := compile_content(edition).placeholders:
        # A definitive concept has no placeholders (the demo's version 0.1 has some).
        approve_everything(coordinator, numbers=[team.number for team in placeholders])
    contribution = factories.contribution(number)
    for _step in range(count):
        contribution = add_versions(contribution, 1)
        writer = _writer(contribution)
        take_review_step(obj=contribution, user=writer, step="submit")
        take_review_step(obj=contribution, user=coordinator, step="approve")
        contribution.refresh_from_db()
        _compile_definitive(edition, coordinator)


def _compile_definitive(edition: Edition, coordinator) -> AgendaVersion:
    """A new agenda version, taken to the definitive concept (the partners read it)."""
    version = agenda_compile(edition=edition, user=coordinator)
    for step in (GovernanceStep.TO_FEEDBACK, GovernanceStep.TO_DEFINITIVE):
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def grow(count: int, *, number: int = 1) -> None:
    """``count`` more of everything that grows with use, around chapter ``number``."""
    add_agenda_versions(count, number=number)
    contribution = factories.contribution(number)
    add_members(contribution.team, count)
    contribution = add_versions(contribution, count)  # a concept again: the editor opens
    add_comments(contribution, count)
    add_proposals(contribution, count)
    add_action_rows(contribution, count)


def long_text(words: int, *, seed: int = 0) -> str:
    """Rich text of about ``words`` words, as a long chapter reads: headings, paragraphs
    and lists, made of the demo chapters' words in a seeded order, so that no two
    paragraphs are the same (a diff finds as little repetition as in real text)."""
    texts = [
        html
        for content in DEMO_CONTRIBUTIONS.values()
        for html in (content["context"], content["ambition"], content["programme_intro"])
    ]
    vocabulary = re.sub(r"<[^>]+>", " ", " ".join(texts)).split()
    chance = random.Random(seed)
    parts, written = [], 0
    while written < words:
        if len(parts) % 12 == 0:
            heading = " ".join(chance.choices(vocabulary, k=4))
            parts.append(f"<h3>{heading}</h3>")
        if len(parts) % 5 == 4:
            items = [" ".join(chance.choices(vocabulary, k=12)) for _ in range(4)]
            parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            written += 48
        else:
            sentence = chance.choices(vocabulary, k=80)
            sentence[10] = f"<strong>{sentence[10]}</strong>"
            parts.append(f"<p>{' '.join(sentence)}.</p>")
            written += 80
    return "".join(parts)


def long_content(words: int, *, seed: int = 0) -> ContributionContent:
    """A chapter of about ``words`` words over its aspects (a third context, a quarter
    ambition, a quarter the provisions, the rest the programme) and ten action rows."""
    share = {"context": 12, "ambition": 9, "provision": 3, "programme": 6}  # of 36, 3 provisions
    return ContributionContent(
        context=long_text(words * share["context"] // 36, seed=seed),
        ambition=long_text(words * share["ambition"] // 36, seed=seed + 1),
        provision_texts={
            code: long_text(words * share["provision"] // 36, seed=seed + 2 + i)
            for i, code in enumerate(SystemProvision.objects.values_list("code", flat=True))
        },
        programme_intro=long_text(words * share["programme"] // 36, seed=seed + 5),
        actions=[
            {
                "activity": f"Actie {i + 1}: " + long_text(20, seed=seed + 10 + i)[:200],
                "lead": "partner:KB",
                "quarters": ["Q1", "Q3"],
                "result": "Een resultaat dat in een zin past.",
            }
            for i in range(10)
        ],
    )


def add_long_chapters(words: dict[int, int]) -> AgendaVersion:
    """Chapter ``n`` rewritten to about ``words[n]`` words (``long_content``) by its
    writer, submitted and approved; then compiled into a definitive concept."""
    coordinator = factories.coordinator()
    for number, count in words.items():
        contribution = factories.contribution(number)
        writer = _writer(contribution)
        if contribution.state != Contribution.State.CONCEPT:
            take_review_step(obj=contribution, user=coordinator, step="reopen")
            contribution.refresh_from_db()
        contribution = contribution_save(
            contribution=contribution,
            user=writer,
            content=long_content(count, seed=number * 100),
            base_revision=contribution.revision,
            note="Uitgeschreven",
        )
        take_review_step(obj=contribution, user=writer, step="submit")
        take_review_step(obj=contribution, user=coordinator, step="approve")
    return _compile_definitive(Edition.objects.current(), coordinator)


def grow_tracked_actions(version, *, per_team: int, updates: int) -> None:
    """Bring every team of the ratified ``version`` to ``per_team`` tracked actions with
    ``updates`` progress updates each (written in bulk: the count is what matters)."""
    author = _writer(factories.contribution(1))
    first = {action.team_id: action for action in TrackedAction.objects.filter(version=version)}
    extra = []
    for action in first.values():
        have = TrackedAction.objects.filter(version=version, team_id=action.team_id).count()
        for row in range(have, per_team):
            clone = TrackedAction(
                **{
                    field.attname: getattr(action, field.attname)
                    for field in TrackedAction._meta.concrete_fields
                    if field.attname not in ("id", "row", "last_update_id")
                },
                row=row,
            )
            clone.status = ["running", "delayed", "done", "dropped", "not_started"][row % 5]
            extra.append(clone)
    TrackedAction.objects.bulk_create(extra)
    actions = list(TrackedAction.objects.filter(version=version))
    now = timezone.now()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, author=author, created_at=now, text=f"Stand {n}.")
        for action in actions
        for n in range(updates - action.updates.count())
    )
    for action in actions:
        action.last_update = action.updates.first()
    TrackedAction.objects.bulk_update(actions, ["last_update"])
