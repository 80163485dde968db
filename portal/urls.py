from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("tijdpad/", views.timeline, name="timeline"),
    path("teams/", views.team_index, name="teams"),
    path("zoeken/", views.search_page, name="search"),
]
