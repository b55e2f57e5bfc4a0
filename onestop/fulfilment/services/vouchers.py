"""Load e-voucher stock: a file of codes checked whole before any is kept."""

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.money import format_pounds
from onestop.councils.models import Council, User
from onestop.fulfilment.models import VoucherBatch, VoucherCode
from onestop.fulfilment.voucher_files import VoucherFileError, parse_voucher_file


@transaction.atomic
def voucher_stock_load(
    *, actor: User | None, council: Council, file_name: str, data: bytes
) -> VoucherBatch:
    """Load a file of codes: every line is checked first, and a file with any problem is refused."""
    lines = parse_voucher_file(data, today=timezone.localdate())
    clashes = set(
        VoucherCode.objects.filter(council=council, code__in=[v.code for v in lines]).values_list(
            "code", flat=True
        )
    )
    if clashes:
        raise VoucherFileError(
            [
                f"Line {v.line}: code {v.code} is already in stock."
                for v in lines
                if v.code in clashes
            ]
        )
    batch = VoucherBatch.objects.create(
        council=council,
        file_name=file_name[:200],
        code_count=len(lines),
        total_value_pence=sum(v.value_pence for v in lines),
        loaded_by=actor,
    )
    VoucherCode.objects.bulk_create(
        VoucherCode(
            council=council,
            batch=batch,
            code=v.code,
            retailer=v.retailer,
            value_pence=v.value_pence,
            expires_on=v.expires_on,
        )
        for v in lines
    )
    audit_record(
        actor=actor,
        council=council,
        action="vouchers.loaded",
        subject=batch,
        summary=f"{len(lines)} e-voucher codes worth {format_pounds(batch.total_value_pence)} loaded",
        details={"file_name": file_name},
    )
    return batch
