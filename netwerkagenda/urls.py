from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from infra.health import health
from infra.views import LoginView, site_page
from portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("gezond/", health, name="health"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Visitors who are not logged in switch the language too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("pages/<slug:slug>/", site_page, name="site_page"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("beheer/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("teams.urls")),
    path("", include("agenda.urls")),
]

# Django's own 403, 404 and 500 views render the templates of the same name; the 400
# view also explains a form that was too large (infra/errors.py).
handler400 = "infra.errors.bad_request"
