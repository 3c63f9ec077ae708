from django.contrib import admin

from .models import Committee


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "health_community", "meeting_reminder_days"]
    list_filter = ["kind", "health_community"]
