"""WSGI entry point, for hosts that only speak WSGI.

Like the ASGI one, it refuses to start on the repository's development secret key unless
CULTIVA_DEBUG is on.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
application = get_wsgi_application()

from cultiva.core.checks import refuse_insecure_secret_key  # noqa: E402 - needs settings

refuse_insecure_secret_key()
