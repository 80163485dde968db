"""History records of a co-edited chapter, written from its live document."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_noop

from .. import aspects, live
from ..language import site_language, site_text
from ..models import Contribution, LiveUpdate
from .contributions import ContributionContent, content_of, contribution_save


def _editors(contribution, up_to: int) -> str:
    """The names of who edited the live document since its last history record."""
    ids = (
        contribution.live_updates.filter(recorded=False, pk__lte=up_to, author__isnull=False)
        .values_list("author", flat=True)
        .distinct()
    )
    people = get_user_model().objects.filter(pk__in=set(ids)).order_by("first_name", "last_name")
    with site_language():
        return str(get_text_list([str(person) for person in people], gettext("and")))


@transaction.atomic
def live_save(*, contribution: Contribution, user, actions=None, note: str = "") -> Contribution:
    """Write the live document as a history record ("Versie opslaan", submit, idle): its
    texts, sanitised as every save, and the action table as stored (or ``actions`` from
    the form). The note names everyone who edited since the last record. The same rules
    as a save (writer, concept); the updates it holds are marked as recorded.
    """
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    up_to = locked.live_updates.aggregate(last=Max("pk"))["last"] or 0
    texts = live.htmls(live.document(locked), live.text_names(locked))
    current = content_of(locked)
    fields = aspects.fields_of(current) | aspects.content_fields(
        [(text, texts[text.name]) for text in aspects.texts(locked.system_provisions)]
    )
    if actions is not None:
        fields["actions"] = actions
    editors = _editors(locked, up_to)
    note = note.strip() or site_text(gettext_noop("Version saved"))
    if editors:
        note = site_text(gettext_noop("%(note)s; edited by %(names)s"), note=note, names=editors)
    saved = contribution_save(
        contribution=locked,
        user=user,
        content=ContributionContent(**fields),
        base_revision=locked.revision,
        note=note,
        from_live=True,
    )
    live.mark_recorded(saved, up_to)
    return saved


def save_idle_drafts(now=None) -> int:
    """A history record for every chapter whose live document has edits not yet recorded
    and no edit for ``COEDIT_IDLE_MINUTES``, by its last editor. Returns how many."""
    now = now or timezone.now()
    quiet = now - timedelta(minutes=settings.COEDIT_IDLE_MINUTES)
    waiting = (
        LiveUpdate.objects.filter(recorded=False)
        .values("contribution")
        .annotate(last=Max("created_at"))
        .filter(last__lt=quiet)
    )
    saved = 0
    for row in waiting:
        contribution = Contribution.objects.get(pk=row["contribution"])
        last = contribution.live_updates.filter(recorded=False).order_by("-pk").first()
        if contribution.state != Contribution.State.CONCEPT or last.author is None:
            continue
        note = site_text(
            gettext_noop("Saved automatically after %(minutes)s minutes without edits"),
            minutes=settings.COEDIT_IDLE_MINUTES,
        )
        live_save(contribution=contribution, user=last.author, note=note)
        saved += 1
    return saved
