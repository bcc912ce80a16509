"""WebSocket addresses of the live wall (scaffold: the wall's owner fills it in)."""

websocket_urlpatterns: list = []
