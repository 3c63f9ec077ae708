from django.contrib import admin

from .models import (
    Application,
    ApplicationVersion,
    ForwardingPackage,
    Pot,
    Prioritisation,
    Round,
    StatusEvent,
)


class PotInline(admin.TabularInline):
    model = Pot
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "health_community",
        "year",
        "deadline",
        "forwarding_deadline",
        "reminder_days",
        "forwarding_reminder_days",
    ]
    list_filter = ["health_community", "year"]
    inlines = [PotInline]


class StatusEventInline(admin.TabularInline):
    model = StatusEvent
    extra = 0
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason", "visible_to_applicant"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Status is changed through the portal's services only, so it is read-only here.
    list_display = ["title", "round", "lead_organisation", "status", "amount_applied_nok"]
    list_filter = ["round", "status"]
    search_fields = ["title"]
    readonly_fields = [
        "status",
        "submitted_at",
        "last_submitted_at",
        "partner_confirmed_at",
        "partner_confirmed_by",
        "partner_confirmed_for",
    ]
    inlines = [StatusEventInline]


@admin.register(ApplicationVersion)
class ApplicationVersionAdmin(admin.ModelAdmin):
    list_display = ["application", "number", "submitted_at", "pdf_status", "receipt_sent_at"]
    readonly_fields = [
        "application",
        "number",
        "submitted_at",
        "submitted_by",
        "snapshot",
        "pdf",
        "pdf_status",
        "receipt_sent_at",
    ]

    def has_add_permission(self, request):
        # A version is the frozen copy made by submitting; an empty one added here broke (500).
        return False


@admin.register(Prioritisation)
class PrioritisationAdmin(admin.ModelAdmin):
    """Read-only here: the board is edited on its own page, where versions and rules are checked."""

    list_display = ["round", "version", "frozen_at", "decided_on", "forwarded_at"]
    readonly_fields = [f.name for f in Prioritisation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ForwardingPackage)
class ForwardingPackageAdmin(admin.ModelAdmin):
    list_display = ["prioritisation", "status", "created_at", "finished_at", "size_bytes"]
    readonly_fields = [f.name for f in ForwardingPackage._meta.fields]

    def has_add_permission(self, request):
        return False
