from django.urls import path

from teams import views

app_name = "teams"
urlpatterns = [
    path("teams/<int:number>/", views.team_detail, name="detail"),
    path("teams/<int:number>/leden/<int:pk>/rol/", views.membership_role, name="membership_role"),
    path(
        "teams/<int:number>/leden/<int:pk>/verwijderen/",
        views.membership_delete,
        name="membership_delete",
    ),
]
