"""django-csp's middleware, with the live wall's WebSocket origin named in connect-src.

connect-src 'self' covers ws:/wss: to the page's own host only in browsers that implement
CSP Level 3 that way; older phone browsers would refuse the wall's socket. So every policy
also names the request's own host with the ws or wss scheme (never any other host).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.core.exceptions import DisallowedHost


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        scheme = "wss" if request.is_secure() else "ws"
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", ()), f"{scheme}://{host}"]
        parts.update = update
        return parts
