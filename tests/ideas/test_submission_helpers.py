"""Shared builders for the submission and template tests (no tests here)."""

from __future__ import annotations

from cultiva.ideas.models import ExtraField
from tests.factories import make_term


def domain():
    return make_term("domain", "heritage")


def form_data(term, **overrides) -> dict:
    data = {
        "kind": "idea",
        "title": "Népdalkörök találkozója",
        "body": "Évente megrendezett találkozó a megye népdalköreinek, fiatal tagokkal.",
        "language": "hu",
        "domains": [term.pk],
        "time_horizon": "short",
    } | overrides
    return {key: value for key, value in data.items() if value is not None}


def make_field(process, key: str, kind: str, **kw) -> ExtraField:
    return ExtraField.objects.create(
        process=process,
        key=key,
        label=kw.pop("label", {"hu": f"Mező {key}", "ro": f"Câmp {key}", "en": f"Field {key}"}),
        help_text=kw.pop("help_text", {"hu": "Súgó", "ro": "Ajutor", "en": "Help"}),
        kind=kind,
        **kw,
    )
