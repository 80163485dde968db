"""The one place that answers "may this user do X in the agenda?".

Team rights come from ``teams.permissions`` (django-guardian object permissions);
these rules combine them with the agenda's own facts: a text's review state, a
comment's author, an agenda version's governance state and the partner a user
represents. Views and services ask these functions and never re-derive a rule;
templates get the answers as booleans.

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

from agenda.governance.machine import STEPS, Step
from agenda.models import AgendaVersion, PartnerDecision, Reviewed, deciding_partners
from agenda.review.machine import TRANSITIONS, WRITER, Action
from partners.models import Partner
from teams.permissions import TeamPerm, is_coordinator, remembered, roles, team_perms


def _perms(user, team, perms: set[str] | None) -> set[str]:
    return team_perms(user, team) if perms is None else perms


# Contributions and network texts: both have a ``team`` and a review ``state``.


def is_writer(user, obj, *, perms: set[str] | None = None) -> bool:
    """The owning team's writers write a contribution or a network text."""
    return TeamPerm.WRITE in _perms(user, obj.team, perms)


def can_edit(user, obj, *, perms: set[str] | None = None) -> bool:
    """Writers edit while it is a concept; a submitted or approved text changes only
    after a return or a reopen."""
    return obj.state == Reviewed.State.CONCEPT and is_writer(user, obj, perms=perms)


def holds_role(user, obj, role: str, *, perms: set[str] | None = None) -> bool:
    """Whether ``user`` has ``role`` (``workflow.WRITER`` or ``COORDINATOR``) on ``obj``."""
    if role == WRITER:
        return is_writer(user, obj, perms=perms)
    return is_coordinator(user)


def may(user, obj, action: str, *, perms: set[str] | None = None) -> bool:
    """True when ``action`` is allowed from the object's state for this user."""
    rule = TRANSITIONS.get((obj.state, action))
    return rule is not None and holds_role(user, obj, rule[1], perms=perms)


def refusal(user, obj, action: str) -> str | None:
    """Why ``user`` may not take ``action`` now although their role allows it, or None.

    Four eyes: nobody approves a version they wrote or submitted (coordinators who are
    also writers included).
    """
    if action == Action.APPROVE and user.pk in obj.authors_since_last_approval():
        return _(
            "You wrote or submitted this version, so another coordinator approves it (four eyes)."
        )
    return None


def available_actions(user, obj, *, perms: set[str] | None = None) -> list[Action]:
    perms = _perms(user, obj.team, perms)
    return [Action(action) for action in Action.values if may(user, obj, action, perms=perms)]


def check_review_step(user, obj, action: str, *, perms: set[str] | None = None) -> bool:
    """Whether ``user`` takes the step ``action`` on ``obj`` now.

    Raises Http404 for an unknown step and PermissionDenied when the object is in the
    step's state but the user's role does not take it. False means the state has moved
    on: the service refuses the step with a message that names the state it found.
    """
    if action not in Action.values:
        raise Http404
    if may(user, obj, action, perms=perms):
        return True
    if (obj.state, action) in TRANSITIONS:
        raise PermissionDenied(_("Your role does not allow this step."))
    return False


# Comments.


def can_resolve_comment(user, comment, *, perms: set[str] | None = None) -> bool:
    """The author, the team's writers and coordinators mark a comment as dealt with
    (and open it again); ``perms`` are the user's rights on the comment's team."""
    return (
        comment.author_id == user.pk
        or is_writer(user, comment.contribution, perms=perms)
        or is_coordinator(user)
    )


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


def representatives(partners=None):
    """The active people who act for one of ``partners`` (every partner when None): the
    object right ``represent_partner``, their own or through a group, as
    ``represented_partners`` reads it (never a global grant). One query."""
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


def can_represent(user, partner) -> bool:
    """Partner representatives act only for the partner they hold the object right on."""
    return any(represented.pk == partner.pk for represented in represented_partners(user))


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


def can_propose(user, contribution, *, perms: set[str] | None = None) -> bool:
    """Whoever may comment on a chapter proposes changes to it: its team's writers,
    members and read-alongs, and coordinators (``services.proposal_add``)."""
    return TeamPerm.COMMENT in _perms(user, contribution.team, perms)


PROPOSAL_VERSION_STATES = (AgendaVersion.State.FEEDBACK, AgendaVersion.State.CONSULTATION)


def can_propose_on_version(user, version) -> bool:
    """Readers of a version in *Feedback* or *Raadpleging* propose changes to its
    chapters (participants in both, partner representatives in consultation, the first
    state of the two they read); not on a superseded version."""
    return (
        version.state in PROPOSAL_VERSION_STATES
        and not version.is_superseded
        and can_view_agenda_version(user, version)
    )


def can_decide_proposal(user, contribution, *, perms: set[str] | None = None) -> bool:
    """The chapter's writers accept or reject proposals (accepting also needs a concept,
    as every edit: ``can_edit``)."""
    return is_writer(user, contribution, perms=perms)


def open_for_responses(version) -> bool:
    """Constituencies' responses are recorded while the version is in consultation."""
    return version.state == AgendaVersion.State.CONSULTATION


def missing_responses(partners, responses) -> list:
    """The partners (of ``partners``) without a response in ``responses`` (partner ids,
    or a mapping keyed by them): a recorded "no response" counts as one."""
    return [p for p in partners if p.pk not in responses]


def establish_refusal(version, *, partners=None, responses=None) -> str | None:
    """Why the network council cannot establish ``version`` yet, or None.

    Consultation -> established needs a response from every partner's constituency,
    or a "no response" a coordinator recorded with its reason (DESIGN.md §3). The
    page shows this instead of the button and ``agenda_step`` refuses with it;
    ``partners`` and ``responses`` (partner ids) are read here when not given.
    """
    if partners is None:
        partners = list(Partner.objects.all())
    if responses is None:
        responses = set(version.responses.values_list("partner_id", flat=True))
    missing = missing_responses(partners, responses)
    if not missing:
        return None
    return _(
        "The network council establishes the agenda once every constituency has "
        "responded (or a coordinator recorded 'no response'); still missing: %(partners)s."
    ) % {"partners": ", ".join(p.code for p in missing)}


def step_refusal(
    version, step, *, chapters=None, partners=None, responses=None, decisions=None
) -> str | None:
    """Why a coordinator cannot take the governance ``step`` on ``version`` now, or None.

    The version page shows this instead of the step's button and ``agenda_step``
    refuses with it. What the page has read already is passed in: ``chapters`` (the
    version's), ``partners`` and ``responses`` (``establish_refusal``), ``decisions``
    (the version's, every round); the rest is read here.
    """
    if version.is_superseded:
        return _(
            "A newer version of the agenda replaced this one: take the next step on the "
            "newest version."
        )
    target = STEPS.get((version.state, step))
    if target == AgendaVersion.State.DEFINITIVE_CONCEPT:
        if chapters is None:
            chapters = version.chapters.select_related("team")
        if missing := [c.team.name for c in chapters if c.is_placeholder]:
            return _(
                "A definitive concept needs all twelve chapters; not yet approved: %(teams)s."
            ) % {"teams": ", ".join(missing)}
    if step == Step.ESTABLISH:
        return establish_refusal(version, partners=partners, responses=responses)
    if step == Step.RATIFY:
        return _ratify_refusal(version, decisions)
    return None


def _ratify_refusal(version, decisions) -> str | None:
    """Ratification needs every deciding board's approval in the current round, and an
    edition has one ratified agenda."""
    if decisions is None:
        decisions = version.decisions.select_related("partner")
    current = {d.partner.code: d.decision for d in decisions if d.round == version.decision_round}
    boards = [p.code for p in deciding_partners()]
    waiting = [code for code in boards if code not in current]
    if waiting or set(current.values()) != {PartnerDecision.Decision.APPROVE}:
        return _("Ratification needs the approval of %(boards)s; still waiting for: %(codes)s.") % {
            "boards": ", ".join(boards),
            "codes": ", ".join(waiting) or "-",
        }
    ratified = AgendaVersion.objects.filter(
        edition_id=version.edition_id, state=AgendaVersion.State.RATIFIED
    )
    if ratified.exists():
        return _("This edition already has a ratified agenda.")
    return None


def open_for_decision(version, partner, *, deciding, decided_codes) -> bool:
    """The board of ``partner`` (one of ``deciding``) still decides on ``version`` in
    this round: the version is with the boards and that board has not decided yet."""
    return (
        version.state == AgendaVersion.State.DECISION
        and partner in deciding
        and partner.code not in decided_codes
    )


# Agenda versions.

# Partner representatives read versions from the definitive concept on.
PARTNER_STATES = AgendaVersion.STATE_ORDER[
    AgendaVersion.STATE_ORDER.index(AgendaVersion.State.DEFINITIVE_CONCEPT) :
]


def agenda_visibility(user) -> tuple[list[str], bool]:
    """Which agenda versions ``user`` reads: the one rule of who sees which, as (the
    states they read, whether they also read superseded versions).

    Participants see every version, superseded ones included (marked *Vervangen*);
    partner representatives from the definitive concept on, without the versions a
    newer one replaced; the ratified version is for every logged-in user, and for
    anyone while ``PUBLIC_FINAL_AGENDA`` is set, and is never superseded.
    ``AgendaVersion.objects.visible_to`` filters by this rule and
    ``can_view_agenda_version`` applies it to one version.
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


def can_read_changes(user, old, new) -> bool:
    """The changes between two versions (``comparisons.redline``): for whoever reads the
    newer one and could read the older one by its state, even when a newer version has
    replaced it since (the boards compare with the version they were shown)."""
    return can_view_agenda_version(user, new) and old.state in visible_agenda_states(user)


def check_agenda_version(user, version) -> None:
    """Raise Http404 for a version the user may not see: they learn nothing of it."""
    if not can_view_agenda_version(user, version):
        raise Http404
