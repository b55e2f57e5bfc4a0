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
    from onestop.cli import _organisation_staff_add

    user, supplier, password = _organisation_staff_add(
        council_slug=council_slug,
        organisation=organisation,
        email=email,
        full_name=full_name,
        kind="supplier",
        supplier=True,
    )
    click.echo(f"{user.display_name} can now sign in to see and update orders for {supplier.name}.")
    if password:
        click.echo(f"One-time password (shown once, give it to them in person): {password}")
