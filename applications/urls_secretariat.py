"""The secretariat's pages: rounds, the inbox of each round with its export, the prioritisation
board and the forwarding to Helse Nord."""

from django.urls import path

from . import views_board, views_secretariat

app_name = "secretariat"

urlpatterns = [
    path("", views_secretariat.rounds, name="rounds"),
    path("utlysning/<int:round_pk>/", views_secretariat.inbox_list, name="inbox"),
    path("utlysning/<int:round_pk>/eksport.<str:fmt>", views_secretariat.inbox_export, name="inbox_export"),
    path("utlysning/<int:round_pk>/prioritering/", views_board.board, name="board"),
    path("utlysning/<int:round_pk>/prioritering/laas/", views_board.board_freeze, name="board_freeze"),
    path(
        "utlysning/<int:round_pk>/prioritering/laas-opp/", views_board.board_unfreeze, name="board_unfreeze"
    ),
    path("utlysning/<int:round_pk>/prioritering/vedtak/", views_board.board_decision, name="board_decision"),
    path("utlysning/<int:round_pk>/videresending/", views_board.board_forward, name="board_forward"),
    path(
        "utlysning/<int:round_pk>/videresending/ny-pakke/",
        views_board.package_rebuild,
        name="package_rebuild",
    ),
    path("utlysning/<int:round_pk>/videresending/status/", views_board.package_status, name="package_status"),
]
