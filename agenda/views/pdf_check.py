"""The check page ("Document controleren"): upload a PDF and learn whether this portal
published it (which version, which state) and whether its signature is intact."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from agenda.forms.pdf_check import PdfCheckForm
from agenda.pdf.checking import check_document
from agenda.permissions import can_check_document
from infra.forms import error_summary


@login_not_required
@require_http_methods(["GET", "POST"])
def pdf_check(request):
    """GET: the form. POST: the form again with what the upload is (nothing is stored)."""
    if not can_check_document(request.user):
        return redirect_to_login(request.get_full_path())
    form = PdfCheckForm(request.POST, request.FILES) if request.method == "POST" else None
    check = None
    if form is None:
        form = PdfCheckForm()
    elif form.is_valid():
        check = check_document(data=form.cleaned_data["document"], user=request.user)
        form = PdfCheckForm()  # a browser does not keep the chosen file anyway
    return render(
        request,
        "agenda/pdf_check.html",
        {"form": form, "check": check, "error_list": error_summary(form)},
    )
