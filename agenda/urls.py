from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("overzicht/", views.overview, name="overview"),
    path("bijdragen/<int:pk>/", views.contribution_detail, name="contribution"),
    path("bijdragen/<int:pk>/bewerken/", views.contribution_edit, name="contribution_edit"),
    path(
        "bijdragen/<int:pk>/stap/<slug:action>/",
        views.contribution_transition_view,
        name="contribution_transition",
    ),
    path("bijdragen/<int:pk>/versies/", views.version_list, name="versions"),
    path("bijdragen/<int:pk>/versies/<int:history_id>/", views.version_detail, name="version"),
    path(
        "bijdragen/<int:pk>/versies/<int:history_id>/terugzetten/",
        views.version_restore,
        name="version_restore",
    ),
    path("bijdragen/<int:pk>/vergelijken/", views.version_compare, name="compare"),
    path("bijdragen/<int:pk>/reacties/", views.comment_create, name="comment_create"),
    path(
        "bijdragen/<int:pk>/reacties/<int:comment_pk>/afgehandeld/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "bijdragen/<int:pk>/reacties/<int:comment_pk>/heropenen/",
        views.comment_reopen,
        name="comment_reopen",
    ),
]
