"""Store a random secret key in var/secret_key once, so a local install never runs on the
repository's public development key. CULTIVA_SECRET_KEY, when set, wins and nothing is written."""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create var/secret_key with a random key if it does not exist yet."
    requires_system_checks = []

    def handle(self, *args, **options):
        path = settings.SECRET_KEY_FILE
        if os.environ.get("CULTIVA_SECRET_KEY", "").strip():
            self.stdout.write("CULTIVA_SECRET_KEY is set; no key file needed.")
            return
        if path.is_file() and path.read_text(encoding="utf-8").strip():
            self.stdout.write(f"Secret key already stored in {path}.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Stored a new random secret key in {path}."))
