from django.urls import path

from agenda import views

app_name = "agenda"
urlpatterns = [
    path("agenda/", views.agenda_version_list, name="agenda_versions"),
    path("agenda/samenstellen/", views.agenda_compile_view, name="agenda_compile"),
    path("agenda/vergelijken/", views.agenda_compare, name="agenda_compare"),
    path(
        "agenda/vergelijken/<int:old>/<int:new>/<slug:item>/",
        views.agenda_compare_item,
        name="agenda_compare_item",
    ),
    path(
        "agenda/wijzigingen/<int:old>/<int:new>/",
        views.redline,
        name="redline",
    ),
    path(
        "agenda/wijzigingen/<int:old>/<int:new>/pdf/",
        views.redline_pdf,
        name="redline_pdf",
    ),
    path("agenda/definitief.pdf", views.final_agenda_pdf, name="final_pdf"),
    path("agenda/<int:pk>/", views.agenda_version_detail, name="agenda_version"),
    path("agenda/<int:pk>/lezen/", views.agenda_version_read, name="agenda_version_read"),
    path("agenda/<int:pk>/stap/<slug:step>/", views.agenda_step_view, name="agenda_step"),
    path(
        "agenda/<int:pk>/reactie/<str:code>/",
        views.partner_response_view,
        name="partner_response",
    ),
    path(
        "agenda/<int:pk>/geen-reactie/",
        views.partner_no_response_view,
        name="partner_no_response",
    ),
    path(
        "agenda/<int:pk>/besluit/<str:code>/",
        views.partner_decision_view,
        name="partner_decision",
    ),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/feedback/",
        views.agenda_feedback,
        name="agenda_feedback",
    ),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/voorstel/",
        views.version_proposal_create,
        name="version_proposal",
    ),
    path("agenda/<int:pk>/pdf/", views.agenda_pdf, name="agenda_pdf"),
    path("agenda/<int:pk>/pdf/opnieuw/", views.agenda_pdf_retry, name="agenda_pdf_retry"),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/pdf/",
        views.chapter_pdf,
        name="chapter_pdf",
    ),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/pdf/opnieuw/",
        views.chapter_pdf_retry,
        name="chapter_pdf_retry",
    ),
    path("netwerkteksten/<slug:kind>/", views.network_text_detail, name="network_text"),
    path(
        "netwerkteksten/<slug:kind>/bewerken/",
        views.network_text_edit,
        name="network_text_edit",
    ),
    path(
        "netwerkteksten/<slug:kind>/stap/<slug:action>/",
        views.network_text_transition,
        name="network_text_transition",
    ),
    path("overzicht/", views.overview, name="overview"),
    path("export/acties.<slug:fmt>", views.actions_export, name="actions_export"),
    path("bijdragen/<int:pk>/", views.contribution_detail, name="contribution"),
    path("bijdragen/<int:pk>/bewerken/", views.contribution_edit, name="contribution_edit"),
    path("bijdragen/<int:pk>/indienen/", views.contribution_submit, name="contribution_submit"),
    path("bijdragen/<int:pk>/revisie/", views.contribution_revision, name="contribution_revision"),
    path(
        "bijdragen/<int:pk>/stap/<slug:action>/",
        views.contribution_transition_view,
        name="contribution_transition",
    ),
    path("bijdragen/<int:pk>/versies/", views.history_list, name="history"),
    path(
        "bijdragen/<int:pk>/versies/<int:history_id>/", views.history_record, name="history_record"
    ),
    path(
        "bijdragen/<int:pk>/versies/<int:history_id>/terugzetten/",
        views.history_restore,
        name="history_restore",
    ),
    path("bijdragen/<int:pk>/vergelijken/", views.history_compare, name="history_compare"),
    path("bijdragen/<int:pk>/word/", views.contribution_docx, name="contribution_docx"),
    path("bijdragen/<int:pk>/voorstellen/nieuw/", views.proposal_create, name="proposal_create"),
    path(
        "bijdragen/<int:pk>/voorstellen/overnemen/",
        views.proposals_accept_view,
        name="proposals_accept",
    ),
    path(
        "bijdragen/<int:pk>/voorstellen/<int:proposal_pk>/afwijzen/",
        views.proposal_reject_view,
        name="proposal_reject",
    ),
    path("voorstellen/<int:proposal_pk>/", views.proposal_decision, name="proposal_decision"),
    path("bijdragen/<int:pk>/reacties/", views.comment_create, name="comment_create"),
    path("bijdragen/<int:pk>/reacties/<slug:aspect>/", views.comment_list, name="comments"),
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
