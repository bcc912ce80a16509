"""`manage.py create_api_token EMAIL --name NAME`: create an API token, print it once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cultiva.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a person and print the secret once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the e-mail address of the token's owner")
        parser.add_argument("--name", required=True, help="what the token is for")

    def handle(self, *args, email: str, name: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist as exc:
            raise CommandError(
                _("No person with the e-mail address %(email)s.") % {"email": email}
            ) from exc
        if not name.strip():
            raise CommandError(_("The token needs a name."))
        try:
            token, raw = api_token_create(user=user, name=name, actor=None)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            _(
                "Created API token “%(name)s” (%(prefix)s…) for %(email)s. "
                "Store it now: it cannot be shown again."
            )
            % {"name": token.name, "prefix": token.prefix, "email": user.email}
        )
        self.stdout.write(raw)
