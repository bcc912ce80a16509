"""The default controlled vocabularies (cultural domains, target groups, sectors, expertise)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cultiva.core.cache import REFERENCE_DATA, generation_bump
from cultiva.core.models import TaxonomyTerm

TAXONOMY_CSV = Path(__file__).resolve().parent / "data" / "taxonomy.csv"


@dataclass(frozen=True)
class TaxonomyLoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def taxonomy_default_rows(path: Path = TAXONOMY_CSV) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "vocabulary": row["vocabulary"].strip(),
                    "slug": row["slug"].strip(),
                    "position": int(row["position"]),
                    "name": {
                        "hu": row["name_hu"].strip(),
                        "ro": row["name_ro"].strip(),
                        "en": row["name_en"].strip(),
                    },
                }
            )
    return rows


@transaction.atomic
def taxonomy_load_defaults() -> TaxonomyLoadResult:
    """Create or update the bundled terms; terms added by users are left alone."""
    vocabularies = set(TaxonomyTerm.Vocabulary.values)
    rows = [row for row in taxonomy_default_rows() if row["vocabulary"] in vocabularies]
    existing = {(term.vocabulary, term.slug): term for term in TaxonomyTerm.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        term = existing.get((row["vocabulary"], row["slug"]))
        if term is None:
            to_create.append(TaxonomyTerm(**row))
        elif term.name != row["name"] or term.position != row["position"]:
            term.name = row["name"]
            term.position = row["position"]
            to_update.append(term)
    TaxonomyTerm.objects.bulk_create(to_create)
    TaxonomyTerm.objects.bulk_update(to_update, ["name", "position"])
    generation_bump(REFERENCE_DATA)  # bulk writes send no signal
    return TaxonomyLoadResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
    )
