"""Versions of a contribution: the history list, one old version, compare and restore."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partners.ui import error_summary
from teams.permissions import TeamPerm, get_with_perms

from ..comparisons import compare_records
from ..forms import CompareForm, RestoreForm
from ..models import Contribution
from ..permissions import can_edit
from ..selectors import HistoryEntry, history_of
from ..services import AgendaError, contribution_restore

PAGE_SIZE = 20


def _contribution(request, pk, perm=TeamPerm.READ):
    """The contribution and the user's rights on its team (404 or 403 without ``perm``)."""
    return get_with_perms(request.user, Contribution.objects.select_related("edition"), perm, pk=pk)


def history_list(request, pk):
    contribution, _perms = _contribution(request, pk)
    page = Paginator(history_of(contribution), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "agenda/history_list.html",
        {"contribution": contribution, "page": page},
    )


def _entry(contribution, history_id) -> HistoryEntry:
    version = next((v for v in history_of(contribution) if v.history_id == history_id), None)
    if version is None:
        raise Http404
    return version


def history_record(request, pk, history_id):
    contribution, perms = _contribution(request, pk)
    version = _entry(contribution, history_id)
    return render(
        request,
        "agenda/history_record.html",
        {
            "contribution": contribution,
            "version": version,
            "snapshot": version.record.instance,
            "can_restore": can_edit(request.user, contribution, perms=perms),
        },
    )


def history_compare(request, pk):
    contribution, _perms = _contribution(request, pk)
    versions = history_of(contribution)
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
            **compare_records(old.record, new.record),
        },
    )


def history_restore(request, pk, history_id):
    contribution, perms = _contribution(request, pk, TeamPerm.WRITE)
    version = _entry(contribution, history_id)
    if not can_edit(request.user, contribution, perms=perms):
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
