"""ASGI entry point, served by uvicorn (`uvicorn cultiva.asgi:application`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
application = get_asgi_application()
