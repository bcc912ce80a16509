"""Template context shared by every page: the navigation that fits the user's roles."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from cultiva.core.rules import can_view_activity_log


def navigation(request):
    # Error pages rendered outside the middleware stack have no user on the request.
    user = getattr(request, "user", None) or AnonymousUser()
    items = [
        (reverse("core:home"), _("Processes")),
        (reverse("accounts:organisation_list"), _("Organisations")),
        (reverse("core:territory"), _("Territory")),
    ]
    if user.is_authenticated:
        items.append((reverse("core:dashboard"), _("My page")))
        if can_view_activity_log(user):
            items.append((reverse("core:activity"), _("Activity log")))
            # The same people (coordinators, platform staff) set processes up: asked once.
            items.append((reverse("processes:setup_list"), _("Set-up")))
        if user.is_staff:
            items.append((reverse("admin:index"), _("Administration")))
    path = request.path
    return {
        "nav_items": [
            {
                "url": url,
                "label": label,
                "current": path == url or (url != "/" and path.startswith(url)),
            }
            for url, label in items
        ]
    }
