from django.urls import path

from . import views, views_review

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("ny/<int:round_pk>/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/steg/<slug:step>/", views.application_step, name="step"),
    path("<int:pk>/steg/<slug:step>/forkast/", views.application_discard_draft, name="discard_draft"),
    path("<int:pk>/vedlegg/", views.application_attachments, name="attachments"),
    path("<int:pk>/vedlegg/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/vedlegg/<int:attachment_pk>/slett/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/send-inn/", views.application_submit, name="submit"),
    path("<int:pk>/kvittering/<int:number>/", views.application_receipt, name="receipt"),
    path("<int:pk>/versjon/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/bekreft-samarbeid/", views.application_confirm, name="confirm"),
    path("<int:pk>/trekk/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/versjoner/", views.application_versions, name="versions"),
    path("<int:pk>/behandling/", views_review.application_review, name="review"),
    path("<int:pk>/behandling/status/", views_review.review_transition, name="review_transition"),
    path("<int:pk>/behandling/kontroll/", views_review.review_screening, name="review_screening"),
    path("<int:pk>/behandling/poeng/", views_review.review_score, name="review_score"),
    path("<int:pk>/behandling/vedtak/", views_review.review_award, name="review_award"),
]
