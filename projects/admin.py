"""Read-mostly admin for support: projects are made by the award and edited on the project pages
(where every change is audited), so the admin lists them and lets support find a report."""

from django.contrib import admin

from .models import Funding, Project, StatusReport


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    can_delete = False
    readonly_fields = ["year", "pot", "amount_nok"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "health_community", "state", "starts_on", "ends_on"]
    list_filter = ["health_community", "state"]
    search_fields = ["title"]
    readonly_fields = ["application", "health_community", "created_at", "created_by", "sheet_hash"]
    inlines = [FundingInline]


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "period_end", "due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["project__title"]
    readonly_fields = ["project", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "version"]
