"""Helse Nord's readers: forwarded rounds and the packages to download."""

from django.urls import path

from . import views_board

app_name = "helse_nord"

urlpatterns = [
    path("", views_board.helse_nord, name="index"),
    path("pakke/<int:pk>/", views_board.package_download, name="package"),
]
