from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("bijdragen/<int:pk>/", views.contribution_detail, name="contribution"),
    path("bijdragen/<int:pk>/bewerken/", views.contribution_edit, name="contribution_edit"),
    path(
        "bijdragen/<int:pk>/stap/<slug:action>/",
        views.contribution_transition_view,
        name="contribution_transition",
    ),
]
