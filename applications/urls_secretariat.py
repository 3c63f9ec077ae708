"""The secretariat's pages: rounds and the inbox of each round, with its export."""

from django.urls import path

from . import views_secretariat

app_name = "secretariat"

urlpatterns = [
    path("", views_secretariat.rounds, name="rounds"),
    path("utlysning/<int:round_pk>/", views_secretariat.inbox_list, name="inbox"),
    path("utlysning/<int:round_pk>/eksport.<str:fmt>", views_secretariat.inbox_export, name="inbox_export"),
]
