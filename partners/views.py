from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .models import SitePage
from .ui import error_summary


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_list"] = error_summary(context["form"])
        return context


@login_not_required
def site_page(request, slug):
    """A page about the site (accessibility, privacy, contact): anyone may read it."""
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "partners/site_page.html", {"page": page})
