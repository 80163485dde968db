"""A chapter's editor: the four aspects in the rich-text editor (co-edited over a
WebSocket when it can be, the form otherwise), the action table, "Versie opslaan", and
the conflict page when someone else saved meanwhile."""

import base64
import binascii

from django.conf import settings
from django.contrib import messages
from django.forms.formsets import TOTAL_FORM_COUNT
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.coediting import document
from agenda.coediting.services import coediting_save
from agenda.forms import ActionFormSet, ContributionForm, contribution_content
from agenda.models import Contribution, Proposal, labelled_actions, lead_choices
from agenda.permissions import can_edit
from agenda.selectors.proposals import shown
from agenda.services import AgendaError, contribution_save_with_proposal
from agenda.texts import aspects, diff
from infra.forms import error_summary
from infra.revisions import RevisionConflict
from teams.permissions import TeamPerm, get_with_perms

SAVED = "opgeslagen"
"""The edit page's query parameter after a save: the revision saved, so that the page says
when (only while that revision is still the current one)."""
TOGETHER = "samen"
"""Beside ``SAVED`` after "Versie opslaan" from the shared document: the page says a
version was saved (the typing itself was kept already)."""


def contribution_edit(request, pk):
    """The editor. "Save draft" keeps the writer here, with the time of the save next to
    the button; "Save and check" saves and goes on to the check page before submitting.

    A save after someone else's shows one banner and, only for the parts that differ, their
    text next to the writer's with a choice (``_conflict_panels``). Every refusal becomes
    the error summary.
    """
    contribution, perms = get_with_perms(
        request.user,
        Contribution.objects.select_related("edition", "updated_by"),
        TeamPerm.WRITE,
        pk=pk,
    )
    if not can_edit(request.user, contribution, perms=perms) and request.method != "POST":
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:contribution", pk=contribution.pk)

    error_list = []
    conflict = None
    proposal = _proposal_to_apply(request, contribution)
    provisions = contribution.system_provisions  # read once for the form and the table
    row_kwargs = {"leads": lead_choices(provisions)}
    if request.method == "POST":
        # A writer resolving a conflict chooses per aspect between their text and this one.
        current = contribution if request.POST.get("resolve_conflict") else None
        form = ContributionForm(request.POST, provisions=provisions, conflict_with=current)
        actions = ActionFormSet(request.POST, prefix="actions", form_kwargs=row_kwargs)
        if "add_action" in request.POST:
            # Without JavaScript, "add action" posts the page: show it again with a new row,
            # or say why not (the table is full, or its row count is unreadable).
            actions = _with_extra_row(actions)
            if actions.non_form_errors():
                error_list = error_summary(form, actions)
        elif not all([form.is_valid(), actions.is_valid()]):  # validate both, show all errors
            error_list = error_summary(form, actions)
        else:
            save = {
                "contribution": contribution,
                "user": request.user,
                "content": contribution_content(form, actions),
                "base_revision": form.cleaned_data["base_revision"],
                "note": form.cleaned_data["note"],
            }
            accepted = False
            try:
                if request.POST.get("coediting") == "1":  # the texts are the shared document's
                    saved = coediting_save(
                        contribution=contribution,
                        user=request.user,
                        actions=save["content"].actions,
                        base_revision=save["base_revision"],
                        note=save["note"],
                        state=_coediting_state(request),
                    )
                else:
                    saved, accepted = contribution_save_with_proposal(
                        **save,
                        coediting_base=_coediting_base(request),
                        proposal_id=proposal.proposal.pk if proposal is not None else None,
                    )
            except RevisionConflict as error:
                form, actions = _conflict_forms(request.POST, error.current)
            except AgendaError as error:
                form.add_error(None, str(error))
                error_list = error_summary(form)
            else:
                if accepted:
                    messages.success(
                        request,
                        _("The proposal by %(who)s is accepted; they are told.")
                        % {"who": proposal.proposal.author},
                    )
                if warning := form.flattening_warning():
                    messages.warning(request, warning)
                if "check" in request.POST:
                    return redirect("agenda:contribution_submit", pk=contribution.pk)
                url = reverse("agenda:contribution_edit", args=[contribution.pk])
                together = f"&{TOGETHER}=1" if request.POST.get("coediting") == "1" else ""
                return redirect(f"{url}?{SAVED}={saved.revision}{together}#save-status")
        if form.conflict_with is not None:
            conflict = _conflict_panels(form, actions, form.conflict_with)
    else:
        # Edits not yet in a history record are in the shared document: start from them.
        initial = ContributionForm.initial_for(contribution) | (
            document.current_texts(contribution) or {}
        )
        form = ContributionForm(initial=initial, provisions=provisions)
        actions = ActionFormSet(
            initial=[row | {"ORDER": i} for i, row in enumerate(contribution.actions, 1)],
            prefix="actions",
            form_kwargs=row_kwargs,
        )
    just_saved = request.method == "GET" and request.GET.get(SAVED) == str(contribution.revision)
    if proposal is not None and proposal.proposal.text_name in form.fields:
        form.fields[proposal.proposal.text_name].proposal = proposal
    return render(
        request,
        "agenda/contribution_edit.html",
        {
            "contribution": contribution,
            "proposal": proposal,
            "coediting": settings.COEDIT_ENABLED and proposal is None,
            "coediting_base": _coediting_base(request) or document.newest_row(contribution),
            "form": form,
            "actions": actions,
            "error_list": error_list,
            "conflict": conflict,
            "saved_at": contribution.updated_at if just_saved else None,
            "saved_as_version": request.GET.get(TOGETHER) == "1",
        },
    )


def _coediting_base(request) -> int:
    """The newest co-editing update when the edit page opened (its texts include it)."""
    value = request.POST.get("coediting_base", "")
    return int(value) if value.isascii() and value.isdecimal() else 0


def _coediting_state(request) -> bytes:
    """The saving browser's state vector of the shared document (base64), or nothing."""
    try:
        return base64.b64decode(request.POST.get("coediting_state", ""), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _proposal_to_apply(request, contribution):
    """The open proposal a writer applies by hand (``?voorstel=`` from "Apply in the
    editor", then a hidden field), shown beside its text; None without one."""
    value = request.POST.get("voorstel") or request.GET.get("voorstel") or ""
    if not (value.isascii() and value.isdecimal()):
        return None
    found = list(Proposal.objects.for_reading().open().filter(contribution=contribution, pk=value))
    return shown(contribution, found)[0] if found else None


def _conflict_forms(data, current):
    """The writer's own text again, now based on the current revision, with choices."""
    data = data.copy()
    data["resolve_conflict"] = "1"
    form = ContributionForm.resolving(data, current)
    actions = ActionFormSet(form.data, prefix="actions")
    form.is_valid()
    actions.is_valid()
    return form, actions


def _conflict_panels(form, actions, current):
    """What the other person saved, next to each part that differs from the writer's
    text, with the difference; parts that are the same get no panel and no choice.

    Returns the banner's facts: who saved when, and the differing parts (``parts``: label
    and the id to link to) in agenda order.
    """
    parts = []
    for text in form.texts:
        html = text.html_of(current)
        changes = diff.diff_html(html, form.data.get(text.name, ""))
        if not diff.has_changes(changes):
            continue
        form.fields[text.name].conflict = {
            "current": html,
            "diff": diff.render(changes),
            "choice": form.choice(text.name),
        }
        parts.append({"label": text.label, "id": f"field-{form[text.name].auto_id}"})
    theirs = current.action_rows()
    mine = actions.rows() if actions.is_valid() else []
    actions_diff = diff.diff_actions(theirs, labelled_actions(mine))
    actions_differ = any(change.kind != "unchanged" for change in actions_diff)
    if actions_differ:
        parts.append({"label": aspects.TABLE.table_label, "id": "actions-table"})
    return {
        "by": current.updated_by,
        "at": current.updated_at,
        "parts": parts,
        "actions": theirs,
        "actions_diff": actions_diff,
        "actions_differ": actions_differ,
        "actions_choice": form.actions_choice(),
    }


def _with_extra_row(actions):
    """The posted action table with one empty row more.

    The row count comes from the formset's management form, never from the raw
    POST: a missing or nonsense count leaves the table as posted, with its error.
    """
    if not actions.management_form.is_valid():
        return actions
    data = actions.data.copy()
    data[actions.management_form.add_prefix(TOTAL_FORM_COUNT)] = str(actions.total_form_count() + 1)
    return ActionFormSet(data, prefix=actions.prefix, form_kwargs=actions.form_kwargs)
