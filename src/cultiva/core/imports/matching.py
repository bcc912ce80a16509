"""Matching a spreadsheet's words to known things: names folded, suggestions, settlements.

No ORM here: callers pass the settlements and villages as plain dicts.
"""

from __future__ import annotations

import difflib
import re

from django.utils.translation import gettext as _

from cultiva.core.text import fold as fold_diacritics


def fold(text: str) -> str:
    """No case, no diacritics, hyphens and runs of spaces as one space."""
    return re.sub(r"[\s\-_.:*()/]+", " ", fold_diacritics(text)).strip()


def name_index(items) -> dict[str, int]:
    """{folded name: id} from (id, [names]) pairs; the first id wins a shared name."""
    index: dict[str, int] = {}
    for pk, names in items:
        for name in names:
            folded = fold(name)
            if folded:
                index.setdefault(folded, pk)
    return index


def suggest(value: str, index: dict[str, int], names: dict[int, str], limit: int = 3) -> list[str]:
    """The closest known names, diacritics and language ignored."""
    matches = difflib.get_close_matches(fold(value), list(index), n=limit * 3, cutoff=0.6)
    seen: list[str] = []
    for match in matches:
        name = names.get(index[match], match)
        if name not in seen:
            seen.append(name)
    return seen[:limit]


def with_suggestions(message: str, suggestions: list[str]) -> str:
    if not suggestions:
        return message
    return message + " " + _("Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}


def settlement_display(settlement: dict) -> str:
    hu, ro = settlement["name_hu"], settlement["name_ro"]
    return f"{hu} / {ro}" if hu and hu != ro else ro or hu


class SettlementMatcher:
    """Settlement cells → administrative units, by Hungarian or Romanian name or SIRUTA code.

    settlements: [{id, siruta, name_hu, name_ro}]; localities (villages):
    [{id, settlement_id, siruta, name_hu, name_ro}].
    """

    def __init__(self, settlements: list[dict], localities: list[dict]):
        self.index = name_index(
            (s["id"], [s["name_hu"], s["name_ro"], str(s["siruta"])]) for s in settlements
        )
        self.names = {s["id"]: settlement_display(s) for s in settlements}
        # A village's name → the units it is a village of (two units may share a name).
        self.villages: dict[str, list[int]] = {}
        for village in localities:
            if village["settlement_id"] not in self.names:
                continue
            names = {village["name_hu"], village["name_ro"], str(village.get("siruta") or "")}
            for name in {fold(name) for name in names} - {""}:
                units = self.villages.setdefault(name, [])
                if village["settlement_id"] not in units:
                    units.append(village["settlement_id"])
        # Suggestions for an unknown name: the units, and villages shown with their unit.
        self.place_suggestions = {name: ("unit", pk) for name, pk in self.index.items()}
        self.place_names: dict[tuple, str] = {("unit", pk): name for pk, name in self.names.items()}
        for village in localities:
            unit = self.names.get(village["settlement_id"])
            if unit is None:
                continue
            key = ("village", village["id"])
            self.place_names[key] = f"{settlement_display(village)} ({unit})"
            for name in (village["name_hu"], village["name_ro"]):
                if fold(name):
                    self.place_suggestions.setdefault(fold(name), key)

    def lookup(self, value: str) -> tuple[int | None, str | None, str | None]:
        """(unit id, problem, note) for a settlement cell.

        An administrative unit's name in Hungarian or Romanian, with or without diacritics,
        or its SIRUTA code; or the name of one of its villages, which maps to the unit (the
        note says so: "Csíkcsekefalva → Csíkszentmárton / Sânmartin"). A village name found
        in several units is a problem listing them.
        """
        folded = fold(value)
        pk = self.index.get(folded)
        if pk is not None:
            return pk, None, None
        units = self.villages.get(folded, [])
        if len(units) == 1:
            unit = units[0]
            return unit, None, f"{value} → {self.names[unit]}"
        if units:
            names = ", ".join(sorted(self.names[unit] for unit in units))
            problem = _(
                "“%(value)s” is the name of villages in several administrative units; "
                "write the unit instead: %(units)s."
            ) % {"value": value, "units": names}
            return None, problem, None
        problem = _("Unknown settlement “%(value)s”.") % {"value": value}
        return (
            None,
            with_suggestions(problem, suggest(value, self.place_suggestions, self.place_names)),
            None,
        )
