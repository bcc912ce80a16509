"""Contributions as spreadsheet rows, and the blank import template. No queries here beyond
what the caller loaded: contributions with their author, organisation and meeting joined, and
the names of their domains, settlements and target groups read apart
(`selectors.contribution_related_names`: three queries of plain values, where prefetching the
three relations as objects took most of an export's time, 7 of 10 s at 20,000 rows).

The columns are the import template's (so an export can be corrected and imported again),
preceded by the contribution's number and followed by its status and dates. Cells are made
formula-safe by `cultiva.core.spreadsheets` (a leading apostrophe before = + - @ tab CR).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from cultiva.core.i18n import choice_labels, localize
from cultiva.core.models import settlement_name
from cultiva.core.spreadsheets import Sheet, csv_bytes, neutralise, xlsx_bytes
from cultiva.ideas.imports.validation import BASE_TARGETS

__all__ = ["contribution_header", "contribution_rows", "export_bytes", "template_bytes"]


def _label(value) -> str:
    return localize(value) if isinstance(value, dict) else str(value or "")


def template_header(extra_fields: Sequence, *, with_email: bool = True) -> list[str]:
    """The import template's header: the base fields, then each extra field's label."""
    header = [
        str(label) + (" *" if required else "")
        for key, label, required in BASE_TARGETS
        if with_email or key != "author_email"
    ]
    header += [
        (_label(field.label) or field.key) + (" *" if field.is_required else "")
        for field in extra_fields
    ]
    return header


def contribution_header(extra_fields: Sequence, *, with_email: bool) -> list[str]:
    base = [str(label) for key, label, _r in BASE_TARGETS if with_email or key != "author_email"]
    return [
        _("Number"),
        *base,
        _("Proposer"),
        *[_label(field.label) or field.key for field in extra_fields],
        _("Status"),
        _("Source"),
        _("Submitted"),
    ]


def _terms(names: Iterable) -> str:
    return "; ".join(localize(name) or slug for name, slug in names)


def _settlements(names: Iterable) -> str:
    return "; ".join(settlement_name(hu, ro) for hu, ro in names)


def _amount(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def contribution_rows(
    contributions: Iterable,
    extra_fields: Sequence,
    *,
    with_email: bool,
    names: dict,
    related: dict[str, dict[int, list]],
) -> Iterable[list]:
    """One row per contribution. `names` maps (kind, id) to a name for extra-field values;
    `related` is `selectors.contribution_related_names` of the same contributions."""
    from cultiva.ideas.models import Contribution
    from cultiva.ideas.template_fields import display_value

    kinds = choice_labels(Contribution.Kind.choices)
    statuses = choice_labels(Contribution.Status.choices)
    sources = choice_labels(Contribution.Source.choices)
    horizons = choice_labels(Contribution.TimeHorizon.choices)
    domains, settlements, groups = (
        related["domains"],
        related["settlements"],
        related["target_groups"],
    )
    for contribution in contributions:
        number = contribution.pk
        row = [
            number,
            kinds.get(contribution.kind, contribution.kind),
            contribution.title,
            contribution.body,
            _terms(domains.get(number, ())),
            _settlements(settlements.get(number, ())),
            _terms(groups.get(number, ())),
            localize(contribution.organisation.name) if contribution.organisation else "",
            contribution.partners,
            contribution.resources_needed,
            _amount(contribution.resources_amount_min),
            _amount(contribution.resources_amount_max),
            horizons.get(contribution.time_horizon, "") if contribution.time_horizon else "",
            contribution.language,
            localize(contribution.meeting.title) if contribution.meeting else "",
        ]
        if with_email:  # a wall guest gave no address: not the closing facilitator's
            row.append("" if contribution.is_guest else contribution.author.email)
        row.append(
            contribution.guest_name if contribution.is_guest else contribution.author.full_name
        )
        extra = contribution.extra or {}
        for field in extra_fields:
            row.append(display_value(field, extra.get(field.key), names=names))
        row += [
            statuses.get(contribution.status, contribution.status),
            sources.get(contribution.source, contribution.source),
            contribution.submitted_at.date().isoformat() if contribution.submitted_at else "",
        ]
        yield row


def export_bytes(fmt: str, *, title: str, header: list[str], rows: Iterable[list]) -> bytes:
    if fmt == "csv":
        return csv_bytes(header, rows)  # neutralises every cell itself
    safe = [[neutralise(cell) for cell in row] for row in rows]
    return xlsx_bytes([Sheet(title=title, header=header, rows=safe, frozen_columns=3)])


def template_bytes(
    fmt: str, *, extra_fields: Sequence, domains: Sequence[str], settlements: Sequence[tuple]
) -> bytes:
    """A blank file to fill in: the header row; in XLSX a second sheet of valid values."""
    header = template_header(extra_fields)
    if fmt == "csv":
        return csv_bytes(header, [])
    kinds = [_("idea"), _("need"), _("shortcoming"), _("good practice")]
    length = max(len(domains), len(settlements), len(kinds))
    values = [
        [
            kinds[i] if i < len(kinds) else "",
            domains[i] if i < len(domains) else "",
            *(settlements[i] if i < len(settlements) else ("", "", "")),
        ]
        for i in range(length)
    ]
    return xlsx_bytes(
        [
            Sheet(title=_("Contributions"), header=header, rows=[]),
            Sheet(
                title=_("Valid values"),
                header=[
                    _("Kind"),
                    _("Cultural domains"),
                    _("Hungarian name"),
                    _("Romanian name"),
                    _("SIRUTA code"),
                ],
                rows=values,
            ),
        ]
    )
