"""How an award arrives, on the decide page: which form the scheme's award type needs, and
saving what it says with the decision."""

from django.http import QueryDict

from onestop.casework.forms.award_details import BankDetailsForm, GoodsForm
from onestop.councils.models import User
from onestop.fulfilment.models import CatalogueItem, Payee
from onestop.fulfilment.selectors.catalogue import catalogue_for_postcode
from onestop.fulfilment.services.awards import goods_request_set, payee_set
from onestop.intake.models import Application
from onestop.policy.models import AwardType


def award_details_form(
    *, application: Application, data: QueryDict | None
) -> BankDetailsForm | GoodsForm | None:
    """The extra form for a bank payment or goods scheme, bound to `data` when awarding."""
    award_type = application.scheme.award_type
    if award_type == AwardType.BANK_PAYMENT:
        payee = Payee.objects.filter(application=application).first()
        initial = (
            {
                "account_name": payee.account_name,
                "sort_code": payee.sort_code,
                "account_number": payee.account_number,
            }
            if payee
            else {}
        )
        return BankDetailsForm(data, initial=initial)
    if award_type == AwardType.GOODS:
        items = catalogue_for_postcode(
            council=application.council, postcode=application.household.postcode
        )
        return GoodsForm(data, items=items)
    return None


def goods_cost(*, form: GoodsForm) -> int:
    """What the chosen items cost, at today's catalogue prices."""
    prices = dict(
        CatalogueItem.objects.filter(pk__in=form.cleaned_data["items"]).values_list(
            "pk", "price_pence"
        )
    )
    return sum(prices.values())


def award_details_save(
    *, actor: User, application: Application, form: BankDetailsForm | GoodsForm
) -> None:
    if isinstance(form, BankDetailsForm):
        payee_set(actor=actor, application=application, details=form.details())
    else:
        goods_request_set(actor=actor, application=application, choice=form.choice())
