"""Read-only admin for the directory of support services."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.directory.models import (
    DirectoryLoad,
    DirectoryOrganization,
    Location,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "council", "organization", "status", "source", "last_modified"]
    list_filter = ["council", "status", "source"]
    search_fields = ["name", "hsds_id"]


@admin.register(DirectoryOrganization)
class DirectoryOrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "council"]
    list_filter = ["council"]
    search_fields = ["name", "hsds_id"]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "council", "location_type"]
    list_filter = ["council"]


@admin.register(Taxonomy)
class TaxonomyAdmin(ReadOnlyAdmin):
    list_display = ["name", "council"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(ReadOnlyAdmin):
    list_display = ["name", "council", "taxonomy"]
    list_filter = ["council"]


@admin.register(DirectoryLoad)
class DirectoryLoadAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "council", "source", "loaded_by"]
    list_filter = ["council"]
