"""What changed between two versions: of a chapter (two history records) and of the
agenda (two agenda versions).

History records never change, so a comparison is cached by the pair of history ids
and their dates (an id alone may come back after a restore) and the language of its
labels; the cache may be per process.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from . import aspects, diff
from .models import AgendaVersion, labelled_actions

CACHE_SECONDS = 24 * 60 * 60


def compare_records(old, new) -> dict:
    """The differences between two history records of one chapter: ``aspects`` (per
    rich-text aspect: label, rendered word diff, changed) and ``actions_diff``."""

    def compare():
        return {
            "aspects": compare_aspects(old.instance, new.instance),
            "actions_diff": diff.diff_actions(
                labelled_actions(old.actions), labelled_actions(new.actions)
            ),
            "actions_heading": aspects.TABLE.table_label,
        }

    key = ":".join(["compare", *_identity(old), *_identity(new), get_language() or ""])
    return cache.get_or_set(key, compare, CACHE_SECONDS)


def compare_aspects(old, new) -> list[dict]:
    """Per rich-text aspect: its label, the rendered word diff and whether it changed."""
    old_texts = {name: html for name, _label, html in old.aspect_texts()}
    result = []
    for name, label, html in new.aspect_texts():
        changes = diff.diff_html(old_texts.get(name, ""), html)
        result.append(
            {"label": label, "diff": diff.render(changes), "changed": diff.has_changes(changes)}
        )
    return result


def compare_chapters(old: AgendaVersion, new: AgendaVersion) -> list[dict]:
    """Per team: whether its chapter changed between two versions, and the diffs if so."""
    old_records = {c.team_id: c.record for c in old.chapters.select_related("record")}
    result = []
    for chapter in new.chapters.select_related("team", "record"):
        before, after = old_records.get(chapter.team_id), chapter.record
        entry = {
            "team": chapter.team,
            "changed": getattr(before, "pk", None) != getattr(after, "pk", None),
        }
        if entry["changed"] and before is not None and after is not None:
            entry["aspects"] = compare_aspects(before.instance, after.instance)
            entry["actions_diff"] = diff.diff_actions(
                labelled_actions(before.actions), labelled_actions(after.actions)
            )
        else:
            entry["placeholder_before"] = before is None
            entry["placeholder_after"] = after is None
        result.append(entry)
    return result


def _identity(record) -> list[str]:
    return [str(record.history_id), record.history_date.isoformat()]
