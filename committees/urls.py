"""The committee pages under /utvalg/: the secretariat's (committees, meetings, cases, protocol),
the members' («Mine møter») and the document downloads for both."""

from django.urls import path

from . import views_documents, views_members, views_secretariat

app_name = "committees"

urlpatterns = [
    # The secretariat of the committee's helsefellesskap
    path("", views_secretariat.committee_list, name="committees"),
    path("<int:pk>/", views_secretariat.committee_detail, name="committee"),
    path("<int:pk>/nytt-mote/", views_secretariat.meeting_create, name="meeting_create"),
    path("mote/<int:pk>/", views_secretariat.meeting_detail, name="meeting"),
    path("mote/<int:pk>/ny-sak/", views_secretariat.meeting_case_add, name="case_add"),
    path(
        "mote/<int:pk>/prioriteringssak/",
        views_secretariat.meeting_prioritisation_case,
        name="meeting_prioritisation_case",
    ),
    path(
        "mote/<int:pk>/prosjektorientering/",
        views_secretariat.meeting_projects_case,
        name="meeting_projects_case",
    ),
    path("mote/<int:pk>/publiser/", views_secretariat.meeting_publish, name="meeting_publish"),
    path("mote/<int:pk>/protokoll/", views_secretariat.protocol, name="protocol"),
    path("mote/<int:pk>/protokoll/oppmote/", views_secretariat.protocol_attendance, name="attendance"),
    path("mote/<int:pk>/protokoll/godkjenn/", views_secretariat.protocol_approve, name="protocol_approve"),
    path("sak/<int:pk>/", views_secretariat.case_detail, name="case"),
    path("sak/<int:pk>/flytt/", views_secretariat.case_move, name="case_move"),
    path("sak/<int:pk>/vedlegg/", views_secretariat.case_attachment_add, name="attachment_add"),
    path(
        "sak/<int:pk>/vedlegg/<int:attachment_pk>/slett/",
        views_secretariat.case_attachment_delete,
        name="attachment_delete",
    ),
    path("sak/<int:pk>/utsett/", views_secretariat.case_postpone, name="case_postpone"),
    path("sak/<int:pk>/trekk/", views_secretariat.case_withdraw, name="case_withdraw"),
    path("sak/<int:pk>/vedtak/", views_secretariat.case_decide, name="case_decide"),
    path("sak/<int:pk>/stemme/", views_secretariat.case_vote, name="case_vote"),
    path("prioritering/<int:round_pk>/sak/", views_secretariat.board_case_create, name="board_case"),
    # Committee members (and the secretariat, to see what the members see)
    path("mine-moter/", views_members.my_meetings, name="my_meetings"),
    path("mine-moter/<int:pk>/", views_members.meeting, name="member_meeting"),
    path("mine-moter/sak/<int:pk>/", views_members.case, name="member_case"),
    path("mine-moter/sak/<int:pk>/inhabil/", views_members.inhabil_declare, name="inhabil_declare"),
    # Documents: PDFs made by Celery (a waiting page polls until ready) and attachments
    path("mine-moter/sak/<int:pk>/pdf/", views_documents.case_pdf, name="case_pdf"),
    path("mine-moter/sak/<int:pk>/pdf/status/", views_documents.case_pdf_status, name="case_pdf_status"),
    path(
        "mine-moter/sak/<int:pk>/vedlegg/<int:attachment_pk>/", views_documents.attachment, name="attachment"
    ),
    path("mine-moter/<int:pk>/motepakke/", views_documents.packet, name="packet"),
    path("mine-moter/<int:pk>/motepakke/status/", views_documents.packet_status, name="packet_status"),
    path("mine-moter/<int:pk>/protokoll/", views_documents.protocol_pdf, name="protocol_pdf"),
    path(
        "mine-moter/<int:pk>/protokoll/status/",
        views_documents.protocol_pdf_status,
        name="protocol_pdf_status",
    ),
]
