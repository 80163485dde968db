"""Versions of a contribution: the history list, one old version, compare and restore."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.ui import error_summary
from teams.permissions import TeamPerm, get_for_user, has_team_perm

from .. import diff
from ..forms import CompareForm, RestoreForm
from ..models import Contribution, labelled_actions
from ..services import AgendaError, contribution_restore
from ..workflow import ACTION_BY_STATES, Action

PAGE_SIZE = 20


@dataclass
class Version:
    """A history record with its number and what happened in it."""

    record: object
    number: int
    what: str

    @property
    def history_id(self):
        return self.record.history_id

    @property
    def label(self):
        date = timezone.localtime(self.record.history_date).strftime("%d-%m-%Y %H:%M")
        return _("Version %(number)s (%(date)s)") % {"number": self.number, "date": date}


def versions_of(contribution: Contribution) -> list[Version]:
    """Every history record, newest first, numbered from 1 and labelled by its step."""
    records = list(
        contribution.history.select_related("history_user").order_by("history_date", "history_id")
    )
    versions, previous_state = [], None
    for number, record in enumerate(records, 1):
        action = ACTION_BY_STATES.get((previous_state, record.state))
        what = Action(action).label if action else _("Saved")
        versions.append(Version(record, number, str(what)))
        previous_state = record.state
    versions.reverse()
    return versions


def _contribution(request, pk, perm=TeamPerm.READ):
    return get_for_user(request.user, Contribution.objects.select_related("edition"), perm, pk=pk)


def history_list(request, pk):
    contribution = _contribution(request, pk)
    page = Paginator(versions_of(contribution), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "agenda/history_list.html",
        {"contribution": contribution, "page": page},
    )


def _version(contribution, history_id) -> Version:
    version = next((v for v in versions_of(contribution) if v.history_id == history_id), None)
    if version is None:
        raise Http404
    return version


def history_record(request, pk, history_id):
    contribution = _contribution(request, pk)
    version = _version(contribution, history_id)
    return render(
        request,
        "agenda/history_record.html",
        {
            "contribution": contribution,
            "version": version,
            "snapshot": version.record.instance,
            "can_restore": _can_restore(request.user, contribution),
        },
    )


def _can_restore(user, contribution):
    return (
        has_team_perm(user, contribution.team, TeamPerm.WRITE)
        and contribution.state == Contribution.State.CONCEPT
    )


def history_compare(request, pk):
    contribution = _contribution(request, pk)
    versions = versions_of(contribution)
    if len(versions) < 2:
        messages.info(request, _("There is only one version so far; there is nothing to compare."))
        return redirect("agenda:history", pk=contribution.pk)
    initial = {"van": versions[1].history_id, "naar": versions[0].history_id}
    data = request.GET.copy() if request.GET else dict(initial)
    if "van" not in data and "naar" in data:
        # "Compare with another version" from one version: start with the one before it.
        ids = [v.history_id for v in versions]
        naar = int(data["naar"]) if str(data["naar"]).isdigit() else None
        if naar in ids:
            data["van"] = ids[min(ids.index(naar) + 1, len(ids) - 1)]
    form = CompareForm(data, versions=versions)
    by_id = {v.history_id: v for v in versions}
    if form.is_valid():
        old, new = by_id[form.cleaned_data["van"]], by_id[form.cleaned_data["naar"]]
    else:
        old, new = by_id[initial["van"]], by_id[initial["naar"]]
    return render(
        request,
        "agenda/history_compare.html",
        {
            "contribution": contribution,
            "form": form,
            "error_list": error_summary(form),
            "old": old,
            "new": new,
            "aspects": compare_aspects(old.record.instance, new.record.instance),
            "actions_diff": diff.diff_actions(
                labelled_actions(old.record.actions), labelled_actions(new.record.actions)
            ),
        },
    )


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


def history_restore(request, pk, history_id):
    contribution = _contribution(request, pk, TeamPerm.WRITE)
    version = _version(contribution, history_id)
    if contribution.state != Contribution.State.CONCEPT:
        messages.error(request, _("Only a concept can be changed; reopen it first."))
        return redirect("agenda:history_record", pk=pk, history_id=history_id)
    form = RestoreForm(request.POST or None, initial={"base_revision": contribution.revision})
    if request.method == "POST" and form.is_valid():
        try:
            contribution_restore(
                contribution=contribution,
                user=request.user,
                record=version.record,
                base_revision=form.cleaned_data["base_revision"],
                reason=form.cleaned_data["reason"],
            )
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Version %(number)s has been restored as a new version.")
                % {"number": version.number},
            )
            return redirect("agenda:contribution", pk=pk)
    return render(
        request,
        "agenda/history_restore.html",
        {
            "contribution": contribution,
            "version": version,
            "form": form,
            "error_list": error_summary(form),
        },
    )
