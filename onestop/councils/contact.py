"""How a member of the public reaches a council's advisers, worded for the end of a sentence."""

from django.utils.translation import gettext as _

from onestop.councils.models import Council


def call_us(council: Council) -> str:
    """The council's numbers as a sentence ends: '01632 960000, or free on 0808 157 0000'."""
    local, free = council.phone_number, council.freephone_number
    if local and free:
        return _("%(local)s, or free on %(free)s") % {"local": local, "free": free}
    if free:
        return _("%(free)s (free)") % {"free": free}
    return local
