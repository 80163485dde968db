from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from infra.forms import error_summary
from infra.models import SitePage


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_list"] = error_summary(context["form"])
        return context


@login_not_required
def site_page(request, slug):
    """A page about the site (accessibility, privacy, contact): anyone may read it."""
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "infra/site_page.html", {"page": page})
