"""The notification pages under /varsler/: the user's own notifications and e-mail settings, and
the log of every notification sent (secretariat and administrator)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("les-alle/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/les/", views.mark_read, name="mark_read"),
    path("<int:pk>/apne/", views.open_notification, name="open"),
    path("innstillinger/", views.preferences, name="preferences"),
    path("logg/", views.log, name="log"),
]
