"""Settings for the test suite: the real settings with faster hashing and captured mail.

The database is SQLite unless CULTIVA_TEST_DATABASE_URL names another (PostgreSQL in CI).
"""

import os

os.environ.setdefault("CULTIVA_TESTING", "1")

import dj_database_url  # noqa: E402

from cultiva.settings import *  # noqa: E402,F403
from cultiva.settings import TEMPLATES  # noqa: E402

if os.environ.get("CULTIVA_TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["CULTIVA_TEST_DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_RATE_LIMITS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
# Synthesis tests turn embeddings on with the `settings` fixture.
CULTIVA_EMBED_ON_SAVE = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
# Not the repository's development key, which the deploy check refuses with DEBUG off.
SECRET_KEY = "cultiva-test-settings-key-not-for-any-server-9f3c1e7a5b2d4c6e8a0b1c3d5e7f9a1b"  # noqa: S105
# Links in e-mails use the site's address: in tests, the test client's host.
SITE_URL = "http://testserver"
