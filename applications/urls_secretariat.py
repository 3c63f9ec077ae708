"""The secretariat's pages: rounds and the inbox (see views_secretariat)."""

from django.urls import path

app_name = "secretariat"

urlpatterns: list = []
