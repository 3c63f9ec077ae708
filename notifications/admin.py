"""Read-only admin for support: notifications are made by the portal (services.notify) and are
its log, so the admin lists and shows them but neither adds, edits nor deletes them; a user's e-mail
settings can be looked up and, on request, changed."""

from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "email_status", "emailed_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["subject", "recipient__email", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    ordering = ["-created_at", "-pk"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
