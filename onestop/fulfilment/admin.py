"""Read-only admin for fulfilment."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.fulfilment.models import Award, FulfilmentRequest, VoucherBatch, VoucherCode


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    pass


@admin.register(FulfilmentRequest)
class FulfilmentRequestAdmin(ReadOnlyAdmin):
    pass


@admin.register(VoucherBatch)
class VoucherBatchAdmin(ReadOnlyAdmin):
    pass


@admin.register(VoucherCode)
class VoucherCodeAdmin(ReadOnlyAdmin):
    pass
