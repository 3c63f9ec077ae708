"""The project pages under /prosjekter/: the list, a project and its plan, the status reports,
the project sheet (PDF) and the portfolio."""

from django.urls import path

from . import views, views_documents, views_portfolio

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("portefolje/", views_portfolio.portfolio, name="portfolio"),
    path("portefolje/xlsx/", views_portfolio.portfolio_xlsx, name="portfolio_xlsx"),
    path("portefolje/diagram/<slug:chart>.png", views_portfolio.portfolio_chart, name="portfolio_chart"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/rediger/", views.project_edit, name="edit"),
    path("<int:pk>/rediger/<slug:section>/", views.project_section, name="section"),
    path("<int:pk>/indikator/<int:indicator_pk>/maling/", views.measurement_add, name="measurement_add"),
    path("<int:pk>/rapporter/ny/", views.report_add, name="report_add"),
    path("<int:pk>/prosjektark/", views_documents.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/prosjektark/status/", views_documents.sheet_status, name="sheet_status"),
    path("rapport/<int:pk>/", views.report_detail, name="report"),
    path("rapport/<int:pk>/send-inn/", views.report_submit, name="report_submit"),
    path("rapport/<int:pk>/behandle/", views.report_review, name="report_review"),
    path("rapport/<int:pk>/fjern/", views.report_remove, name="report_remove"),
]
