"""The home page's task list: the user's own chapter first (and, for the team that owns
them, the motto and the manifesto), then the twelve chapters by kind, each with a tag
that says where it stands (``review.selectors.task_status``)."""

from agenda.models import Contribution, NetworkText
from agenda.review.selectors import TaskStatus, task_status, with_task_status
from teams.models import KIND_GROUPS
from teams.permissions import own_team_ids, readable_team_ids


def task_list(user, edition) -> dict:
    """The rows of the task list for ``user``: ``own_rows`` (their team's chapter and
    texts), ``groups`` (the twelve chapters by kind), ``own_chapters`` and
    ``can_export``. A constant number of queries."""
    contributions = list(
        with_task_status(
            Contribution.objects.for_edition(edition)
            .in_agenda_order()
            .without_text()
            .with_open_comments()
        )
    )
    readable = readable_team_ids(user)
    own = own_team_ids(user)
    rows = [_task(c, can_read=c.team_id in readable) for c in contributions]
    own_rows = [row for row in rows if row["obj"].team_id in own]
    if any(c.team.owns_network_texts for c in contributions if c.team_id in own):
        order = list(NetworkText.Kind.values)
        texts = with_task_status(
            NetworkText.objects.filter(edition=edition).select_related("updated_by")
        )
        own_rows += [
            _task(text, can_read=True) for text in sorted(texts, key=lambda t: order.index(t.kind))
        ]
    groups = [
        (label, [row for row in rows if row["obj"].team.kind == kind])
        for kind, label in KIND_GROUPS
    ]
    return {
        "own_rows": own_rows,
        "own_chapters": sum(row["obj"].team_id in own for row in rows),
        "groups": groups,
        "can_export": bool(readable),
    }


def _task(obj, *, can_read: bool) -> dict:
    """One line of the home page's task list: the chapter or network text, whether the
    user may open it, its status and, when it was returned, where the reason is."""
    status = task_status(obj)
    url = obj.get_absolute_url() if can_read else None
    reason_url = None
    if url and status == TaskStatus.RETURNED:
        reason_url = url + ("#reden" if isinstance(obj, Contribution) else "")
    if isinstance(obj, Contribution):
        key, title = f"chapter-{obj.pk}", f"{obj.team.number}. {obj.team.name}"
    else:
        key, title = f"text-{obj.kind}", obj.title
    return {
        "obj": obj,
        "key": key,
        "title": title,
        "can_read": can_read,
        "url": url,
        "status": status,
        "reason_url": reason_url,
    }
