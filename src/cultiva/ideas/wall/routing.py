"""WebSocket addresses of the live wall."""

from django.urls import re_path

from cultiva.ideas.wall.consumers import WallConsumer

websocket_urlpatterns = [
    re_path(r"^ws/walls/(?P<code>[A-Za-z0-9]{4,8})/$", WallConsumer.as_asgi()),
]
