"""Create the first account of a new installation: the platform administrator.

    manage.py create_platform_admin admin@example.org --name "Kovács Anna"   (asks the password)
    manage.py create_platform_admin                                          (asks everything)

A platform administrator is staff and superuser: the operator, who creates processes and names
their first coordinators from the site's own pages. Run again for an existing address, it makes
that person a platform administrator (and keeps their password unless a new one is given).
"""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from cultiva.accounts.models import User
from cultiva.core.activity import activity_record


class Command(BaseCommand):
    help = "Create the platform administrator of a new installation (or make someone one)."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="The administrator's e-mail address.")
        parser.add_argument("--name", default=None, help="The name shown to others.")
        parser.add_argument(
            "--password",
            default=None,
            help="The password (better asked interactively: it stays out of the shell history).",
        )

    def handle(self, *args, email=None, name=None, password=None, **options):
        email = (email or self._ask("E-mail address: ")).strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not a valid e-mail address.") from None
        existing = User.objects.filter(email__iexact=email).first()
        if name is None and existing is None:
            name = self._ask("Display name: ").strip()
        if existing is None and not name:
            raise CommandError("A display name is needed for a new account.")
        if password is None and existing is None:
            password = self._ask_password()
        candidate = existing or User(email=email, full_name=name or "")
        if password is not None:
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                raise CommandError(
                    "The password is too weak: " + " ".join(error.messages)
                ) from None
        with transaction.atomic():
            user = self._save(candidate, name=name, password=password)
        verb = "created" if existing is None else "made a platform administrator"
        self.stdout.write(self.style.SUCCESS(f"{user.email}: {verb}."))

    def _save(self, user: User, *, name: str | None, password: str | None) -> User:
        from allauth.account.models import EmailAddress

        created = user.pk is None
        if name:
            user.full_name = name
        if password is not None:
            user.set_password(password)
        user.is_staff = user.is_superuser = user.is_active = True
        user.save()
        # The operator types their own address here: no confirmation e-mail is needed to log in.
        address, _new = EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        activity_record(
            actor=None,
            verb="account.platform_admin_created" if created else "account.platform_admin_granted",
            target=user,
        )
        return user

    def _ask(self, prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:
            raise CommandError("No answer given.") from None

    def _ask_password(self) -> str:
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except EOFError:
            raise CommandError("No password given.") from None
        if password != again:
            raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("A password is needed.")
        return password
