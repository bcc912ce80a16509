"""ASGI entry point, served by uvicorn (`uvicorn cultiva.asgi:application`).

HTTP goes to Django; WebSockets (the live wall) go to Channels consumers, with the
session's user and an origin check against ALLOWED_HOSTS. It refuses to start on the
repository's development secret key unless CULTIVA_DEBUG is on.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
django_application = get_asgi_application()

from cultiva.core.checks import refuse_insecure_secret_key  # noqa: E402 - needs settings

refuse_insecure_secret_key()


from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up first
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from cultiva.ideas.wall.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
