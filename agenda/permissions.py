"""The one place that answers "may this user do X in the agenda?".

Team rights come from ``teams.permissions`` (django-guardian object permissions);
these rules combine them with the agenda's own facts: a text's review state, a
comment's author, an agenda version's governance state and the partner a user
represents. Each rule is one function; where pages, mail or reminders need the people
or objects it admits, its queryset twin stands beside it (``is_writer`` and
``writers_of``, ``can_edit`` and ``editable_by``, ``can_represent`` and
``representatives``, ``can_view_agenda_version`` and ``agenda_versions_visible_to``,
``can_post_update`` and ``actions_updatable_by``).
Views, services, sockets, reminders and notifications ask these and never re-derive a
rule; templates get the answers as booleans. What a machine's state allows, whoever
asks (a step that needs every response first), is the machine's own
(``review.machine``, ``governance.machine``).

A page that asks several questions about one team reads the user's rights on it once
(``teams.permissions.team_perms``) and passes them as ``perms``; without ``perms`` a
rule reads them itself.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from agenda.governance.machine import PARTNER_STATES, PROPOSAL_STATES, TRANSITIONS, Actor
from agenda.models import AgendaVersion, Contribution, Reviewed, TrackedAction
from agenda.review.machine import TRANSITIONS as REVIEW_TRANSITIONS
from agenda.review.machine import Actor as ReviewActor
from agenda.review.machine import ReviewStep
from partners.models import Partner
from teams.permissions import (
    TeamPerm,
    holders,
    is_coordinator,
    remembered,
    roles,
    team_ids_with,
    team_perms,
    teams_held,
)


def _perms(user, team, perms: set[str] | None) -> set[str]:
    return team_perms(user, team) if perms is None else perms


# Contributions and network texts: both have a ``team`` and a review ``state``.


def is_writer(user, obj, *, perms: set[str] | None = None) -> bool:
    """The owning team's writers write a contribution or a network text."""
    return TeamPerm.WRITE in _perms(user, obj.team, perms)


def writers_of(*teams):
    """The people ``is_writer`` admits for texts of ``teams``: whoever holds the team's
    write right, through their membership or given directly (one query)."""
    return holders(TeamPerm.WRITE, teams)


def written_by(user):
    """The contributions ``is_writer`` admits ``user`` to (of every edition), as a
    queryset: the chapters of the teams they write for."""
    return Contribution.objects.filter(team__in=team_ids_with(user, TeamPerm.WRITE))


def can_edit(user, obj, *, perms: set[str] | None = None) -> bool:
    """Writers edit while it is a concept; a submitted or approved text changes only
    after a return or a reopen."""
    return obj.state == Reviewed.State.CONCEPT and is_writer(user, obj, perms=perms)


def editable_by(user):
    """The contributions ``can_edit`` admits ``user`` to, read afresh from the database
    when evaluated: a co-editing socket stores an update only while this holds."""
    return Contribution.objects.filter(
        state=Reviewed.State.CONCEPT, team__in=teams_held(user, TeamPerm.WRITE)
    )


def _holds_actor(user, obj, actor: str, perms) -> bool:
    if actor == ReviewActor.WRITERS:
        return is_writer(user, obj, perms=perms)
    return can_review(user)


def can_take_review_step(user, obj, step: str, *, perms: set[str] | None = None) -> bool:
    """True when the review ``step`` is open from the object's state to this user's role
    (four eyes aside: ``review_refusal``)."""
    transition = REVIEW_TRANSITIONS.get((obj.state, step))
    return transition is not None and _holds_actor(user, obj, transition.actor, perms)


def review_refusal(user, obj, step: str) -> str | None:
    """Why ``user`` may not take ``step`` now although their role allows it, or None.

    Four eyes: nobody approves a version they wrote or submitted (coordinators who are
    also writers included).
    """
    if step == ReviewStep.APPROVE and user.pk in obj.authors_since_last_approval():
        return _(
            "You wrote or submitted this version, so another coordinator approves it (four eyes)."
        )
    return None


def review_steps_for(user, obj, *, perms: set[str] | None = None) -> list[ReviewStep]:
    """The review steps ``user`` may take on ``obj`` now, in the machine's order."""
    perms = _perms(user, obj.team, perms)
    return [
        ReviewStep(step)
        for step in ReviewStep.values
        if can_take_review_step(user, obj, step, perms=perms)
    ]


def check_review_step(user, obj, step: str, *, perms: set[str] | None = None) -> bool:
    """Whether ``user`` takes the review ``step`` on ``obj`` now.

    Raises Http404 for an unknown step and PermissionDenied when the object is in the
    step's state but the user's role does not take it. False means the state has moved
    on: the service refuses the step with a message that names the state it found.
    """
    if step not in ReviewStep.values:
        raise Http404
    if can_take_review_step(user, obj, step, perms=perms):
        return True
    if (obj.state, step) in REVIEW_TRANSITIONS:
        raise PermissionDenied(_("Your role does not allow this step."))
    return False


# Comments and proposals.


def can_comment(user, contribution, *, perms: set[str] | None = None) -> bool:
    """The team's writers, members and read-alongs, and coordinators comment on a
    chapter (and propose changes to it)."""
    return TeamPerm.COMMENT in _perms(user, contribution.team, perms)


def can_resolve_comment(user, comment, *, perms: set[str] | None = None) -> bool:
    """The author, the team's writers and coordinators mark a comment's thread as dealt
    with (and open it again), on its opening ``comment``; ``perms``: the user's rights."""
    return (
        comment.author_id == user.pk
        or is_writer(user, comment.contribution, perms=perms)
        or is_coordinator(user)
    )


def can_propose(user, contribution, *, perms: set[str] | None = None) -> bool:
    """Whoever may comment on a chapter proposes changes to it."""
    return can_comment(user, contribution, perms=perms)


def can_propose_on_version(user, version) -> bool:
    """Readers of a version in *Feedback* or *Raadpleging* propose changes to its
    chapters (participants in both, partner representatives in consultation, the first
    state of the two they read); not on a superseded version."""
    return (
        version.state in PROPOSAL_STATES
        and not version.is_superseded
        and can_view_agenda_version(user, version)
    )


def can_decide_proposal(user, contribution, *, perms: set[str] | None = None) -> bool:
    """The chapter's writers decide on proposals: they decline one at any time."""
    return is_writer(user, contribution, perms=perms)


def can_accept_proposal(user, contribution, *, perms: set[str] | None = None) -> bool:
    """Accepting a proposal changes the text, so it also needs a concept (``can_edit``)."""
    return can_decide_proposal(user, contribution, perms=perms) and can_edit(
        user, contribution, perms=perms
    )


def can_review(user) -> bool:
    """Coordinators review submitted texts: they return or approve them (four eyes
    aside), and reopen approved ones (``review.machine``: the coordinators' steps)."""
    return is_coordinator(user)


def can_view_overview(user) -> bool:
    """The coordinators' overview of the twelve chapters."""
    return is_coordinator(user)


# Participants and partners.


def is_participant(user) -> bool:
    """Team members, read-alongs and coordinators: they read every agenda version and
    the network texts."""
    found = roles(user)
    return found.coordinator or found.member


def represented_partners(user) -> tuple[Partner, ...]:
    """The partners this user may act for: an object permission of their own, never a
    global grant and never superuser status (responses and decisions are the partner's).

    Read in one query per request (``teams.permissions.remembered``).
    """
    if not (user.is_authenticated and user.is_active):
        return ()
    return remembered(
        user,
        "represented partners",
        lambda: tuple(
            get_objects_for_user(
                user,
                "partners.represent_partner",
                klass=Partner,
                accept_global_perms=False,
                with_superuser=False,
            )
        ),
    )


def can_represent(user, partner) -> bool:
    """Partner representatives act only for the partner they hold the object right on."""
    return any(represented.pk == partner.pk for represented in represented_partners(user))


def representatives(partners=None):
    """The active people ``can_represent`` admits for one of ``partners`` (every partner
    when None): the object right ``represent_partner``, their own or through a group
    (never a global grant). One query."""
    right = Q(
        permission__codename="represent_partner", permission__content_type__app_label="partners"
    )
    own = get_user_obj_perms_model().objects.filter(right)
    by_group = get_group_obj_perms_model().objects.filter(right)
    if partners is not None:
        pks = [str(partner.pk) for partner in partners]
        own, by_group = own.filter(object_pk__in=pks), by_group.filter(object_pk__in=pks)
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=own.values("user_id")) | Q(groups__in=by_group.values("group_id")),
            is_active=True,
        )
        .distinct()
    )


def can_record_no_response(user) -> bool:
    """A coordinator records that a constituency did not respond, with the reason."""
    return is_coordinator(user)


def can_give_feedback(user, version) -> bool:
    """During *Feedback* whoever may read the version leaves feedback on its chapters
    (``services.feedback_add``: it lands as a comment on the chapter). Partners read
    versions from the definitive concept on, so these are the participants: writers,
    members and read-alongs of every team, and coordinators. Not on a superseded
    version: feedback goes to the newest."""
    return (
        version.state == AgendaVersion.State.FEEDBACK
        and not version.is_superseded
        and can_view_agenda_version(user, version)
    )


# Agenda versions.


def can_compile(user) -> bool:
    """Coordinators compile a new version of the agenda."""
    return is_coordinator(user)


def can_take_governance_step(user, step: str) -> bool:
    """The coordinators take every governance step but a board's rejection, which a
    board's decision takes (``can_represent``)."""
    actors = {t.actor for (_state, s), t in TRANSITIONS.items() if s == step}
    return actors == {Actor.COORDINATORS} and is_coordinator(user)


def can_retry_pdf(user) -> bool:
    """Coordinators have a failed or stuck PDF made again."""
    return is_coordinator(user)


def agenda_visibility(user) -> tuple[list[str], bool]:
    """Which agenda versions ``user`` reads: the one rule of who sees which, as (the
    states they read, whether they also read superseded versions).

    Participants see every version, superseded ones included (marked *Vervangen*);
    partner representatives from the definitive concept on, without the versions a
    newer one replaced; the ratified version is for every logged-in user, and for
    anyone while ``PUBLIC_FINAL_AGENDA`` is set, and is never superseded.
    ``can_view_agenda_version`` applies it to one version and
    ``agenda_versions_visible_to`` to a queryset.
    """
    if is_participant(user):
        return list(AgendaVersion.STATE_ORDER), True
    if represented_partners(user):
        return list(PARTNER_STATES), False
    if user.is_authenticated or settings.PUBLIC_FINAL_AGENDA:
        return [AgendaVersion.State.RATIFIED], False
    return [], False


def visible_agenda_states(user) -> list[str]:
    """The states of the agenda versions ``user`` reads (``agenda_visibility``)."""
    return agenda_visibility(user)[0]


def can_view_agenda_version(user, version) -> bool:
    states, superseded_too = agenda_visibility(user)
    return version.state in states and (superseded_too or not version.is_superseded)


def agenda_versions_visible_to(user, versions=None):
    """The agenda versions (of ``versions``, every version when None) that
    ``can_view_agenda_version`` admits ``user`` to, as a queryset."""
    states, superseded_too = agenda_visibility(user)
    versions = AgendaVersion.objects.all() if versions is None else versions
    return versions.in_states(states, superseded_too=superseded_too)


def can_check_document(user) -> bool:
    """The check page: for whoever reads some agenda version (it names only those)."""
    return bool(visible_agenda_states(user))


def can_read_changes(user, old, new) -> bool:
    """The changes between two versions (``selectors.comparisons.redline``): for whoever
    reads the newer one and could read the older one by its state, even when a newer
    version has replaced it since (the boards compare with the version they were shown)."""
    return can_view_agenda_version(user, new) and old.state in visible_agenda_states(user)


def check_agenda_version(user, version) -> None:
    """Raise Http404 for a version the user may not see: they learn nothing of it."""
    if not can_view_agenda_version(user, version):
        raise Http404


# Tracked actions: the action rows of a ratified version, followed through the year.


def can_follow_actions(user, version) -> bool:
    """The tracked actions of a ratified ``version``, with every progress update: for
    whoever reads the version (``can_view_agenda_version``) and takes part in the
    network, that is the participants and the partner representatives. A logged-in
    outsider reads the ratified agenda but not the network's own updates."""
    return (is_participant(user) or bool(represented_partners(user))) and (
        can_view_agenda_version(user, version)
    )


def tracked_actions_visible_to(user, actions=None):
    """The tracked actions (of ``actions``, every one when None) that
    ``can_follow_actions`` admits ``user`` to, as a queryset."""
    actions = TrackedAction.objects.all() if actions is None else actions
    if not (is_participant(user) or represented_partners(user)):
        return actions.none()
    return actions.filter(version__in=agenda_versions_visible_to(user))


def can_post_update(user, action, *, perms: set[str] | None = None) -> bool:
    """The writers of the action's team (``is_writer``) and the representatives of its
    lead partner (``can_represent``: the partner the row names, or the partner that
    represents the system provision it names) post progress updates on a tracked
    action; ``perms`` are the user's rights on the action's team."""
    if is_writer(user, action, perms=perms):
        return True
    return action.lead_partner_id is not None and any(
        partner.pk == action.lead_partner_id for partner in represented_partners(user)
    )


def actions_updatable_by(user):
    """The tracked actions ``can_post_update`` admits ``user`` to, as a queryset."""
    partners = [partner.pk for partner in represented_partners(user)]
    return TrackedAction.objects.filter(
        Q(team__in=team_ids_with(user, TeamPerm.WRITE)) | Q(lead_partner__in=partners)
    )
