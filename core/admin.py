import datetime as dt

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEvent,
    FocusArea,
    HealthCommunity,
    Membership,
    Organisation,
    PriorityGroup,
    SecretariatMembership,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class SecretariatInline(admin.TabularInline):
    model = SecretariatMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline, SecretariatInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "job_title", "phone")}),
        (_("Tilganger"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "health_community"]
    list_filter = ["kind", "health_community"]
    search_fields = ["name", "short_name"]


@admin.register(HealthCommunity)
class HealthCommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "hospital_trust"]


admin.site.register(PriorityGroup)
admin.site.register(FocusArea)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "at_utc", "actor", "action", "target_type", "target_id", "summary", "ip"]
    list_filter = ["action", "target_type"]
    search_fields = ["summary", "actor__email", "ip"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description=_("tidspunkt (UTC)"), ordering="at")
    def at_utc(self, obj):
        return f"{obj.at.astimezone(dt.UTC):%d.%m.%Y %H:%M:%S} UTC"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
