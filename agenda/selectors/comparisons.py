"""What changed between two versions: of a chapter or of the motto or manifesto (two
history records) and of the agenda (two agenda versions: which parts changed).

History records never change, so a comparison is cached (``infra.caching``) by the
pair of history ids and their dates (an id alone may come back after a restore of a
backup); so is the whole "wijzigingen" between two agenda versions, by their ids and
the times they were compiled.
"""

from dataclasses import dataclass

from agenda.governance.machine import is_numbered
from agenda.models import (
    AgendaVersion,
    Contribution,
    NetworkText,
    as_saved,
    labelled_actions,
    lead_choices,
)
from agenda.texts import aspects, diff, numbered_diff, numbering
from infra.caching import remembered
from partners.models import SystemProvision


def compare_records(
    old, new, *, provisions=None, leads=None, chapter: int | None = None, old_numbered=False
) -> dict:
    """The differences between two history records of one chapter: ``aspects`` (per
    rich-text aspect: label, rendered word diff, changed) and ``actions_diff``.

    Pass the ``provisions`` and ``leads`` (``lead_choices``) when comparing many
    chapters, to read them once. With ``chapter`` (the team's number, for a numbered
    version: ``governance.machine.is_numbered``), the diffs show the new record's
    paragraph numbers, and those of paragraphs removed as a whole when the old one was
    numbered too (``old_numbered``); each aspect lists the ``paragraphs`` it changed and
    each action row carries its ``number``."""

    def compare():
        choices = lead_choices(provisions) if leads is None else leads
        old_saved, new_saved = as_saved(old), as_saved(new)
        old_rows = labelled_actions(old.actions, leads=choices)
        new_rows = labelled_actions(new.actions, leads=choices)
        numbers = {}
        if chapter is not None:
            numbers = _numbers(chapter, old_saved, new_saved, provisions, old_numbered)
            old_rows = _numbered_rows(chapter, old_rows, numbers["old_rows"])
            new_rows = _numbered_rows(chapter, new_rows, numbers["new_rows"])
        return {
            "aspects": compare_aspects(
                old_saved, new_saved, provisions=provisions, labels=numbers.get("labels")
            ),
            "actions_diff": diff.diff_actions(old_rows, new_rows),
            "actions_heading": aspects.TABLE.table_label,
        }

    numbered = [] if chapter is None else [f"n{chapter}", "o" if old_numbered else "-"]
    return remembered("compare", *_identity(old), *_identity(new), *numbered, compute=compare)


def _numbers(chapter: int, old, new, provisions, old_numbered: bool) -> dict:
    """Both records' paragraph numbers per text block (``numbering.block_labels``), the
    old one's left empty unless ``old_numbered``, and where their action rows start."""
    result = {"labels": {}}
    for side, saved in (("old", old), ("new", new)):
        texts = saved.aspect_texts(provisions)
        labels, rows = numbering.block_labels(chapter, [html for _n, _l, html in texts])
        if side == "old" and not old_numbered:
            labels, rows = [[] for _text in texts], None
        result["labels"][side] = {
            name: blocks for (name, _l, _h), blocks in zip(texts, labels, strict=True)
        }
        result[f"{side}_rows"] = rows
    return result


def _numbered_rows(chapter: int, rows: list[dict], first: int | None) -> list[dict]:
    if first is None:
        return rows
    return [row | {"number": numbering.label(chapter, first + k)} for k, row in enumerate(rows)]


def compare_aspects(old, new, *, provisions=None, labels=None) -> list[dict]:
    """Per rich-text aspect: its label, the rendered word diff and whether it changed;
    with ``labels`` (``_numbers``), the diff with its paragraph numbers and the
    ``paragraphs`` it changed (``numbered_diff``)."""
    old_texts = {name: html for name, _label, html in old.aspect_texts(provisions)}
    result = []
    for name, label, html in new.aspect_texts(provisions):
        changes = diff.diff_html(old_texts.get(name, ""), html)
        item = {"label": label, "diff": diff.render(changes), "changed": diff.has_changes(changes)}
        if labels is not None:
            before, after = labels["old"].get(name, []), labels["new"].get(name, [])
            item["diff"] = numbered_diff.render(changes, before, after)
            item["paragraphs"] = numbered_diff.changed_paragraphs(changes, before, after)
        result.append(item)
    return result


def compare_texts(old, new) -> dict:
    """The difference between two history records of the motto or the manifesto: the
    rendered word diff of the text (``diff``) and whether it changed (``changed``)."""

    def compare():
        changes = diff.diff_html(old.body, new.body)
        return {"diff": diff.render(changes), "changed": diff.has_changes(changes)}

    return remembered("compare-text", *_identity(old), *_identity(new), compute=compare)


@dataclass(frozen=True)
class AgendaPart:
    """The motto, the manifesto or one team's chapter, as frozen in two agenda versions.

    ``before`` and ``after`` are the ids of the frozen history records; None is a
    placeholder (nothing approved yet). Equal ids mean equal content.
    """

    slug: str  # "motto", "manifesto" or the team's number
    title: str
    before: int | None
    after: int | None
    network_text: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def placeholder_before(self) -> bool:
        return self.before is None

    @property
    def placeholder_after(self) -> bool:
        return self.after is None

    @property
    def comparable(self) -> bool:
        """Changed and frozen in both versions: there is a word diff to show."""
        return self.changed and None not in (self.before, self.after)


def compare_chapters(old: AgendaVersion, new: AgendaVersion) -> list[AgendaPart]:
    """The motto, the manifesto and every team's chapter, each with the ids of what
    ``old`` and ``new`` froze: whether it changed, without reading or diffing any text.

    Two queries whatever the number of versions; the versions need only their
    ``motto`` and ``manifesto`` ids.
    """
    old_records = dict(old.chapters.order_by().values_list("team_id", "record_id"))
    parts = [
        AgendaPart(kind.value, str(kind.label), before, after, network_text=True)
        for kind, before, after in (
            (NetworkText.Kind.MOTTO, old.motto_id, new.motto_id),
            (NetworkText.Kind.MANIFESTO, old.manifesto_id, new.manifesto_id),
        )
    ]
    chapters = (
        new.chapters.select_related("team")
        .only("record", "team__number", "team__name")
        .order_by("team__number")
    )
    parts += [
        AgendaPart(
            str(chapter.team.number),
            f"{chapter.team.number}. {chapter.team.name}",
            old_records.get(chapter.team_id),
            chapter.record_id,
        )
        for chapter in chapters
    ]
    return parts


def compare_part(part: AgendaPart) -> dict:
    """The word diffs of one changed part frozen in both versions (``part.comparable``):
    ``compare_texts`` for the motto and the manifesto, ``compare_records`` for a chapter.
    One query for the two records; the comparison itself is cached by the pair."""
    model = NetworkText.history.model if part.network_text else Contribution.history.model
    records = model.objects.in_bulk([part.before, part.after])
    old, new = records[part.before], records[part.after]
    return compare_texts(old, new) if part.network_text else compare_records(old, new)


def _identity(record) -> list[str]:
    return [str(record.history_id), record.history_date.isoformat()]


def _version_identity(version: AgendaVersion) -> list[str]:
    return [str(version.pk), version.compiled_at.isoformat()]


def redline(old: AgendaVersion, new: AgendaVersion) -> list[dict]:
    """The "wijzigingen" between two versions, for the boards: every changed part (motto,
    manifesto, chapters) with its word diffs (``compare_part``), or a note that it is new
    or now a placeholder. Unchanged parts are left out. Seven queries at most, however
    many parts changed; none when the pair was compared before (what two versions froze
    never changes)."""
    return remembered(
        "redline",
        *_version_identity(old),
        *_version_identity(new),
        is_numbered(old),  # a version's state moves on, and with it its numbers
        is_numbered(new),
        compute=lambda: _redline(old, new),
    )


def _redline(old: AgendaVersion, new: AgendaVersion) -> list[dict]:
    parts = [part for part in compare_chapters(old, new) if part.changed]
    provisions = list(SystemProvision.objects.all())
    leads = lead_choices(provisions)
    records = {}
    for network_text, model in (
        (True, NetworkText.history.model),
        (False, Contribution.history.model),
    ):
        ids = [
            pk
            for part in parts
            if part.comparable and part.network_text == network_text
            for pk in (part.before, part.after)
        ]
        records[network_text] = model.objects.in_bulk(ids) if ids else {}
    result = []
    for part in parts:
        compared = {}
        if part.comparable:
            found = records[part.network_text]
            before, after = found[part.before], found[part.after]
            if part.network_text:
                compared = compare_texts(before, after)
            else:
                compared = compare_records(
                    before,
                    after,
                    provisions=provisions,
                    leads=leads,
                    chapter=int(part.slug) if is_numbered(new) else None,
                    old_numbered=is_numbered(old),
                )
            compared["actions_changed"] = any(
                change.kind != "unchanged" for change in compared.get("actions_diff", [])
            )
        result.append({"part": part, **compared})
    return result
