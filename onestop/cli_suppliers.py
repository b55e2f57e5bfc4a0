"""`onestop suppliers`: give a supplier's staff access to the supplier portal."""

import click


@click.group()
def suppliers() -> None:
    """Suppliers' staff: who may sign in to the supplier portal to see and update orders."""


@suppliers.command("add-staff")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.option("--organisation", required=True,
              help="The supplier; added to the council if it is new.")  # fmt: skip
@click.option("--email", required=True, help="Their work email address: they sign in with it.")
@click.option("--name", "full_name", required=True, help="Their full name.")
def suppliers_add_staff(council_slug: str, organisation: str, email: str, full_name: str) -> None:
    """Let someone at a supplier sign in to see and update the supplier's orders.

    A new account gets a one-time password, printed once: give it to them in person or by phone,
    never in the same email as their address.
    """
    from onestop.cli import _django_setup, _require_database_ready

    _django_setup()
    _require_database_ready()
    import secrets

    from onestop.core.errors import ServiceError
    from onestop.councils.models import OrganisationKind, User
    from onestop.councils.partner_staff import partner_membership_grant
    from onestop.councils.selectors import council_by_slug, organisation_by_name
    from onestop.councils.services import organisation_create, user_create

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    existing = organisation_by_name(council=council, name=organisation)
    if existing is not None and existing.kind != OrganisationKind.SUPPLIER:
        raise click.ClickException(
            f"{existing.name} is a partner organisation, not a supplier. Use `onestop partners "
            "add-staff` for its staff, or give the supplier's own name."
        )
    password = ""
    try:
        supplier = existing or organisation_create(
            actor=None, council=council, name=organisation, kind=OrganisationKind.SUPPLIER
        )
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_create(actor=None, email=email, full_name=full_name, password=password)
        partner_membership_grant(actor=None, user=user, organisation=supplier)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.display_name} can now sign in to see and update orders for {supplier.name}.")
    if password:
        click.echo(f"One-time password (shown once, give it to them in person): {password}")
