"""The public pages under /offentlig/: published meetings and their case papers, no login."""

from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("moter/", views_public.meeting_list, name="meetings"),
    path("moter/<int:pk>/", views_public.meeting, name="meeting"),
]
