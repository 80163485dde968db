from django.urls import path

from agenda.views import (
    agenda_versions,
    answer_links,
    carry_over,
    contribution_edit,
    contributions,
    exports,
    governance,
    history,
    network_texts,
    overview,
    pdf_check,
    pdfs,
    progress_reports,
    proposals,
    reading,
    redlines,
    tracking,
    tracking_files,
    tracking_public,
)

app_name = "agenda"
urlpatterns = [
    path("agenda/", agenda_versions.agenda_version_list, name="agenda_versions"),
    path("agenda/samenstellen/", agenda_versions.agenda_compile_view, name="agenda_compile"),
    path("agenda/vergelijken/", agenda_versions.agenda_compare, name="agenda_compare"),
    path(
        "agenda/vergelijken/<int:old>/<int:new>/<slug:item>/",
        agenda_versions.agenda_compare_item,
        name="agenda_compare_item",
    ),
    path(
        "agenda/wijzigingen/<int:old>/<int:new>/",
        redlines.redline,
        name="redline",
    ),
    path(
        "agenda/wijzigingen/<int:old>/<int:new>/pdf/",
        pdfs.redline_pdf,
        name="redline_pdf",
    ),
    path("agenda/definitief.pdf", pdfs.final_agenda_pdf, name="final_pdf"),
    path("agenda/controleren/", pdf_check.pdf_check, name="pdf_check"),
    path("agenda/<int:pk>/", governance.agenda_version_detail, name="agenda_version"),
    path("agenda/<int:pk>/lezen/", reading.agenda_version_read, name="agenda_version_read"),
    path("agenda/<int:pk>/odt/", exports.agenda_version_odt, name="agenda_version_odt"),
    path(
        "agenda/<int:pk>/lezen/<int:number>/",
        reading.agenda_version_read_chapter,
        name="agenda_version_read_chapter",
    ),
    path(
        "agenda/<int:pk>/lezen/bijlage/",
        reading.agenda_version_read_annex,
        name="agenda_version_read_annex",
    ),
    path(
        "agenda/<int:pk>/stap/<slug:step>/", governance.governance_step_view, name="governance_step"
    ),
    path(
        "agenda/<int:pk>/reactie/<str:code>/",
        governance.partner_response_view,
        name="partner_response",
    ),
    path(
        "agenda/<int:pk>/geen-reactie/",
        governance.partner_no_response_view,
        name="partner_no_response",
    ),
    path(
        "agenda/<int:pk>/besluit/<str:code>/",
        governance.partner_decision_view,
        name="partner_decision",
    ),
    path("agenda/<int:pk>/uitnodigen/", governance.answer_invite_view, name="answer_invite"),
    path(
        "agenda/<int:pk>/uitnodigingen/<int:invitation>/intrekken/",
        governance.answer_invitation_withdraw_view,
        name="answer_invitation_withdraw",
    ),
    # A personal link: the token is the only key (views.answer_links).
    path("antwoord/<str:token>/", answer_links.answer_link, name="answer_link"),
    path("antwoord/<str:token>/pdf/", answer_links.answer_link_pdf, name="answer_link_pdf"),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/feedback/",
        agenda_versions.agenda_feedback,
        name="agenda_feedback",
    ),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/voorstel/",
        proposals.version_proposal_create,
        name="version_proposal",
    ),
    path("agenda/<int:pk>/pdf/", pdfs.agenda_pdf, name="agenda_pdf"),
    path("agenda/<int:pk>/pdf/opnieuw/", pdfs.agenda_pdf_retry, name="agenda_pdf_retry"),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/pdf/",
        pdfs.chapter_pdf,
        name="chapter_pdf",
    ),
    path(
        "agenda/<int:pk>/hoofdstukken/<int:number>/pdf/opnieuw/",
        pdfs.chapter_pdf_retry,
        name="chapter_pdf_retry",
    ),
    path("netwerkteksten/<slug:kind>/", network_texts.network_text_detail, name="network_text"),
    path(
        "netwerkteksten/<slug:kind>/bewerken/",
        network_texts.network_text_edit,
        name="network_text_edit",
    ),
    path(
        "netwerkteksten/<slug:kind>/stap/<slug:step>/",
        network_texts.network_text_review_step,
        name="network_text_review_step",
    ),
    path("overzicht/", overview.overview, name="overview"),
    path("acties/", tracking.tracking_overview, name="tracking_overview"),
    path("acties/team/<int:number>/", tracking.tracking_team, name="tracking_team"),
    path("acties/partner/<str:code>/", tracking.tracking_partner, name="tracking_partner"),
    path("acties/kwartaal/", tracking.tracking_quarter, name="tracking_quarter"),
    path("acties/<int:pk>/", tracking.tracked_action, name="tracked_action"),
    path("acties/export.<slug:fmt>", tracking_files.tracking_export, name="tracking_export"),
    path(
        "acties/updates/<int:pk>/document/",
        tracking_files.progress_update_document,
        name="progress_update_document",
    ),
    path("acties/importeren/", tracking_files.tracking_import, name="tracking_import"),
    path("acties/openbaar/", tracking_public.tracking_public, name="tracking_public"),
    path("acties/meenemen/", carry_over.carry_over, name="carry_over"),
    path("acties/rapportages/", progress_reports.progress_reports, name="progress_reports"),
    path("acties/rapportages/<int:pk>/", progress_reports.progress_report, name="progress_report"),
    path(
        "acties/rapportages/<int:pk>/pdf/",
        progress_reports.progress_report_pdf,
        name="progress_report_pdf",
    ),
    path(
        "acties/rapportages/<int:pk>/definitief/",
        progress_reports.progress_report_final,
        name="progress_report_final",
    ),
    path("export/acties.<slug:fmt>", exports.actions_export, name="actions_export"),
    path("bijdragen/<int:pk>/", contributions.contribution_detail, name="contribution"),
    path(
        "bijdragen/<int:pk>/bewerken/",
        contribution_edit.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "bijdragen/<int:pk>/indienen/",
        contributions.contribution_submit,
        name="contribution_submit",
    ),
    path(
        "bijdragen/<int:pk>/revisie/",
        contributions.contribution_revision,
        name="contribution_revision",
    ),
    path(
        "bijdragen/<int:pk>/stap/<slug:step>/",
        contributions.review_step_view,
        name="review_step",
    ),
    path("bijdragen/<int:pk>/versies/", history.history_list, name="history"),
    path(
        "bijdragen/<int:pk>/versies/<int:history_id>/",
        history.history_record,
        name="history_record",
    ),
    path(
        "bijdragen/<int:pk>/versies/<int:history_id>/terugzetten/",
        history.history_restore,
        name="history_restore",
    ),
    path("bijdragen/<int:pk>/vergelijken/", history.history_compare, name="history_compare"),
    path("bijdragen/<int:pk>/word/", exports.contribution_docx, name="contribution_docx"),
    path("bijdragen/<int:pk>/odt/", exports.contribution_odt, name="contribution_odt"),
    path(
        "bijdragen/<int:pk>/voorstellen/nieuw/", proposals.proposal_create, name="proposal_create"
    ),
    path(
        "bijdragen/<int:pk>/voorstellen/overnemen/",
        proposals.proposals_accept_view,
        name="proposals_accept",
    ),
    path(
        "bijdragen/<int:pk>/voorstellen/tekst/<slug:name>/",
        proposals.text_proposals,
        name="text_proposals",
    ),
    path(
        "bijdragen/<int:pk>/voorstellen/<int:proposal_pk>/afwijzen/",
        proposals.proposal_reject_view,
        name="proposal_reject",
    ),
    path("voorstellen/<int:proposal_pk>/", proposals.proposal_decision, name="proposal_decision"),
    path("bijdragen/<int:pk>/reacties/", contributions.comment_create, name="comment_create"),
    path(
        "bijdragen/<int:pk>/gesprekken/<int:comment_pk>/",
        contributions.comment_thread,
        name="comment_thread",
    ),
    path("bijdragen/<int:pk>/reacties/<slug:aspect>/", contributions.comment_list, name="comments"),
    path(
        "bijdragen/<int:pk>/reacties/<int:comment_pk>/afgehandeld/",
        contributions.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "bijdragen/<int:pk>/reacties/<int:comment_pk>/heropenen/",
        contributions.comment_reopen,
        name="comment_reopen",
    ),
]
