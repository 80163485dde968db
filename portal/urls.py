from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("over/", views.about, name="about"),
    path("over/bewerken/", views.about_edit, name="about_edit"),
    path("tijdpad/", views.timeline, name="timeline"),
    path("edities/", views.edition_archive, name="editions"),
    path("teams/", views.team_index, name="teams"),
    path("teams/<int:number>/deelnemers/", views.team_participants, name="team_participants"),
    path("zoeken/", views.search_page, name="search"),
    path("documenten/", views.document_list, name="documents"),
    path("documenten/nieuw/", views.document_create, name="document_create"),
    path("documenten/<int:pk>/bestand/", views.document_file, name="document_file"),
    path("documenten/<int:pk>/ondertiteling/", views.document_captions, name="document_captions"),
    path("documenten/<int:pk>/verwijderen/", views.document_delete, name="document_delete"),
]
