"""State machines declared as data: a table of allowed moves and who may make them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actors: frozenset[str]  # role names, plus "author" for the object's own author


def transition_verdict(
    table: Iterable[Transition], *, source: str, target: str, actor_roles: Iterable[str]
) -> Verdict:
    roles = set(actor_roles)
    moves = [t for t in table if t.source == source and t.target == target]
    if not moves:
        return deny(_("This change of status is not possible."))
    if any(t.actors & roles for t in moves):
        return ALLOW
    return deny(_("You may not make this change of status."))


def targets_from(table: Iterable[Transition], source: str, actor_roles: Iterable[str]) -> list[str]:
    roles = set(actor_roles)
    return [t.target for t in table if t.source == source and t.actors & roles]
