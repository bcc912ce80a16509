"""Print the demo accounts that exist in this database, one per role."""

from django.core.management.base import BaseCommand

from cultiva.accounts.models import User
from cultiva.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts (e-mail and role) with their shared password."

    def handle(self, *args, **options):
        present = set(
            User.objects.filter(email__in=[email for _role, email in DEMO_ACCOUNTS]).values_list(
                "email", flat=True
            )
        )
        if not present:
            self.stdout.write("No demo accounts in this database.")
            return
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for role, email in DEMO_ACCOUNTS:
            if email in present:
                self.stdout.write(f"  {role:<15} {email}")
