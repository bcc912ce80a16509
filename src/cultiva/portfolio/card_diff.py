"""Word-level differences between two versions of a project card (plain data, no ORM).

A version is the JSON snapshot `services.card_snapshot` keeps at every save. `card_text`
turns one into labelled lines of text (every language of a multilingual field, the child
rows one per line); `card_diff` compares two with `difflib` word by word and returns, for
each changed part, HTML in which removed words are in <del> and added ones in <ins>. Every
word is escaped: a card's text can never inject markup into the history page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cultiva.portfolio.card_layout import MULTILINGUAL_FIELDS

LANGUAGES = ("hu", "ro", "en")
TEXT_FIELDS = MULTILINGUAL_FIELDS
# A word with the spaces after it (leading spaces alone): changed words group into one run.
_TOKENS = re.compile(r"\S+\s*|\s+")


def _labels() -> dict[str, str]:
    return {
        "development_area": _("Development area"),
        "title": _("Project title"),
        "programme_theme": _("Theme"),
        "summary": _("Content"),
        "objectives": _("Goal"),
        "rationale": _("Rationale"),
        "activities": _("Activities"),
        "expected_results": _("Expected results"),
        "synergies": _("Synergies"),
        "financing": _("Financing"),
        "responsible_body": _("Responsible body"),
        "presentation_ideas": _("Presentation ideas"),
        "related_proposals": _("Related proposals"),
        "lead_organisation": _("Lead organisation"),
        "partners": _("Partners"),
        "synergy_projects": _("Projects it works together with"),
        "target_groups": _("Target groups"),
        "settlements": _("Settlements"),
        "domains": _("Cultural domains"),
        "timeline": _("Timeline"),
        "milestones": _("Milestones"),
        "budget": _("Estimated budget"),
        "budget_lines": _("Budget by year and source"),
        "risks": _("Risks"),
        "indicators": _("Output indicators"),
        "attachments": _("Attachments"),
        "meetings": _("Meetings it came from"),
        "private_notes": _("Private notes"),
    }


def _multi(value) -> str:
    if not isinstance(value, dict):
        return str(value or "")
    return "\n".join(f"[{code.upper()}] {value[code]}" for code in LANGUAGES if value.get(code))


def card_text(snapshot: dict) -> dict[str, str]:
    """The snapshot as {part: text}, in a fixed order, every language included."""
    parts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        parts[name] = _multi(snapshot.get(name))
    lead = snapshot.get("lead_organisation")
    parts["lead_organisation"] = _multi(lead["name"]) if lead else ""
    parts["partners"] = "\n".join(
        f"{_multi(p['name'])} — {_multi(p.get('role'))}".rstrip(" —")
        for p in snapshot.get("partners", [])
    )
    for name in ("synergy_projects", "target_groups", "settlements", "domains", "meetings"):
        parts[name] = "\n".join(snapshot.get(name, []))
    parts["timeline"] = f"{snapshot.get('start_date') or '…'} – {snapshot.get('end_date') or '…'}"
    parts["milestones"] = "\n".join(
        f"{m['date']} {_multi(m['name'])}" for m in snapshot.get("milestones", [])
    )
    total = snapshot.get("budget_total")
    parts["budget"] = f"{total} {snapshot.get('currency', '')}" if total is not None else ""
    parts["budget_lines"] = "\n".join(
        f"{b['year']} {b['source']}: {b['planned']} / {b['secured']}"
        for b in snapshot.get("budget_lines", [])
    )
    parts["risks"] = "\n".join(
        f"{_multi(r['description'])} → {_multi(r.get('mitigation'))}"
        for r in snapshot.get("risks", [])
    )
    parts["indicators"] = "\n".join(
        f"{_multi(i['name'])}: {i['target']} {i['unit']}" for i in snapshot.get("indicators", [])
    )
    parts["attachments"] = "\n".join(a["title"] for a in snapshot.get("attachments", []))
    parts["private_notes"] = snapshot.get("private_notes", "")
    return parts


@dataclass(frozen=True)
class PartDiff:
    key: str
    label: str
    html: SafeString


def word_diff(before: str, after: str) -> SafeString:
    """`after` with the words taken out of `before` in <del> and the new ones in <ins>."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def card_diff(before: dict, after: dict, *, include_private: bool = False) -> list[PartDiff]:
    """The parts of the card that differ between two snapshots, each as a word diff."""
    labels = _labels()
    old, new = card_text(before), card_text(after)
    diffs = []
    for key, text in new.items():
        if key == "private_notes" and not include_private:
            continue
        if old.get(key, "") != text:
            diffs.append(PartDiff(key, labels.get(key, key), word_diff(old.get(key, ""), text)))
    return diffs
