"""Shared set-up of the live wall tests."""

from __future__ import annotations

from cultiva.ideas.wall import services
from tests.factories import make_meeting


def open_wall(world, **kw):
    meeting = make_meeting(world.process)
    return services.wall_open(
        actor=world.facilitator,
        meeting=meeting,
        title=kw.pop("title", "Mi hiányzik a városban?"),
        columns=kw.pop("columns", ["Ötletek", "Hiányok"]),
        **kw,
    )


def guest(wall, name="Kovács Anna", organisation="Ifjúsági Egyesület"):
    return services.wall_participant_join(
        wall=wall, user=_anonymous(), guest_name=name, guest_organisation=organisation
    )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
