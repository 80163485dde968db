"""A chapter's history: the list of records, one record, two compared, and a restore."""

from contextlib import suppress

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agenda.forms import CompareForm, RestoreForm
from agenda.models import Contribution, as_saved
from agenda.permissions import can_edit
from agenda.review.selectors import review_baseline_id
from agenda.selectors.comparisons import compare_records
from agenda.selectors.history import history_entries, history_entry, history_listing, history_page
from agenda.services import AgendaError, contribution_restore
from infra.forms import error_summary
from infra.revisions import RevisionConflict
from teams.permissions import TeamPerm, get_with_perms

PAGE_SIZE = 20
CHOOSER_SIZE = 30


def _contribution(request, pk, perm=TeamPerm.READ):
    """The contribution (without its current text: these pages show old versions) and
    the user's rights on its team (404 or 403 without ``perm``)."""
    contributions = Contribution.objects.select_related("edition", "team").without_text()
    return get_with_perms(request.user, contributions, perm, pk=pk)


def history_list(request, pk):
    contribution, _perms = _contribution(request, pk)
    page = history_page(contribution, request.GET.get("pagina"), per_page=PAGE_SIZE)
    return render(
        request,
        "agenda/history_list.html",
        {"contribution": contribution, "page": page},
    )


def history_record(request, pk, history_id):
    contribution, perms = _contribution(request, pk)
    entry = history_entry(contribution, history_id)
    return render(
        request,
        "agenda/history_record.html",
        {
            "contribution": contribution,
            "entry": entry,
            "snapshot": as_saved(entry.record),
            "can_restore": can_edit(request.user, contribution, perms=perms),
        },
    )


def history_compare(request, pk):
    """Two versions side by side: by default what changed since the previous submission
    (``selectors.review_baseline_id``: the version submitted before, or the last approved
    one) up to the newest, and the newest two before any submission; from one version
    (``naar`` only) that one and the version before it. The chooser offers the newest
    ``CHOOSER_SIZE`` versions and the two being compared."""
    contribution, _perms = _contribution(request, pk)
    recent = history_entries(history_listing(contribution)[:CHOOSER_SIZE])
    if len(recent) < 2:
        messages.info(request, _("There is only one version so far; there is nothing to compare."))
        return redirect("agenda:history", pk=contribution.pk)
    chosen = {}
    data = request.GET.copy()
    for name in ("naar", "van"):
        if str(data.get(name, "")).isdigit():
            with suppress(Http404):  # not a version of this chapter: the form says so
                chosen[name] = history_entry(contribution, int(data[name]))
    if "van" not in data and "naar" in chosen and chosen["naar"].previous_id:
        chosen["van"] = history_entry(contribution, chosen["naar"].previous_id)
        data["van"] = chosen["van"].history_id
    if not data:
        baseline = review_baseline_id(contribution)
        if baseline is not None:
            chosen["van"] = history_entry(contribution, baseline)
        data = {
            "van": chosen["van"].history_id if baseline is not None else recent[1].history_id,
            "naar": recent[0].history_id,
        }
    form = CompareForm(data, entries=[*recent, *chosen.values()])
    if form.is_valid():
        old, new = chosen.get("van"), chosen.get("naar")
        old = old or history_entry(contribution, form.cleaned_data["van"])
        new = new or history_entry(contribution, form.cleaned_data["naar"])
    else:
        old, new = (history_entry(contribution, v.history_id) for v in (recent[1], recent[0]))
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
    entry = history_entry(contribution, history_id)
    if not can_edit(request.user, contribution, perms=perms):
        messages.error(request, _("Only a concept can be changed; reopen it first."))
        return redirect("agenda:history_record", pk=pk, history_id=history_id)
    form = RestoreForm(request.POST or None, initial={"base_revision": contribution.revision})
    if request.method == "POST" and form.is_valid():
        try:
            contribution_restore(
                contribution=contribution,
                user=request.user,
                record=entry.record,
                base_revision=form.cleaned_data["base_revision"],
                reason=form.cleaned_data["reason"],
            )
        except (AgendaError, RevisionConflict) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Version %(number)s has been restored as a new version.")
                % {"number": entry.number},
            )
            return redirect("agenda:contribution", pk=pk)
    return render(
        request,
        "agenda/history_restore.html",
        {
            "contribution": contribution,
            "entry": entry,
            "form": form,
            "error_list": error_summary(form),
        },
    )
