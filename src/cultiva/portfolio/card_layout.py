"""A project card in the county programme card's order, for one language.

`card_sections(project, language)` gives the sections as (label, value(s)) that the project
page shows now and the portfolio catalogue (PDF/DOCX) will print: first the Hargita 2013
programme card (development area, code, theme, content, goal, rationale, expected results,
synergies, financing, responsible body, presentation ideas, related proposals), then what
funders ask (activities, target groups, timeline, budget by year and source, risks, output
indicators, attachments, origins, measures). It reads only what `selectors.project_detail`
prefetched, so it adds no query. `budget_table` is plain arithmetic on plain rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from cultiva.core.i18n import localize

SOURCES = ("own", "local", "county", "national", "eu", "private")
# The card's multilingual texts, in the programme card's order.
MULTILINGUAL_FIELDS = (
    "development_area",
    "title",
    "programme_theme",
    "summary",
    "objectives",
    "rationale",
    "activities",
    "expected_results",
    "synergies",
    "financing",
    "responsible_body",
    "presentation_ideas",
    "related_proposals",
)


@dataclass(frozen=True)
class Item:
    text: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    footer: list[str] = field(default_factory=list)

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each row's cells with their column's header (for the phone layout's labels)."""
        return [list(zip(self.headers, row, strict=False)) for row in self.rows]

    @property
    def labelled_footer(self) -> list[tuple[str, str]]:
        return list(zip(self.headers, self.footer, strict=False))


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    text: str = ""
    items: list[Item] = field(default_factory=list)
    table: Table | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.items or self.table)


@dataclass(frozen=True)
class BudgetRow:
    year: int
    source: str
    planned: Decimal
    secured: Decimal


@dataclass(frozen=True)
class BudgetSummary:
    years: list[int]
    sources: list[str]
    # (year, source) → (planned, secured)
    cells: dict[tuple[int, str], tuple[Decimal, Decimal]]
    by_year: dict[int, tuple[Decimal, Decimal]]
    by_source: dict[str, tuple[Decimal, Decimal]]
    total: tuple[Decimal, Decimal]


def budget_summary(rows: Iterable[BudgetRow]) -> BudgetSummary:
    """Planned and secured amounts per year × source, with the totals of each year, each
    source and the whole. Plain data in, plain data out."""
    zero = Decimal(0)
    cells: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [zero, zero])
    by_year: dict[int, list[Decimal]] = defaultdict(lambda: [zero, zero])
    by_source: dict[str, list[Decimal]] = defaultdict(lambda: [zero, zero])
    total = [zero, zero]
    for row in rows:
        for bucket in (cells[(row.year, row.source)], by_year[row.year], by_source[row.source]):
            bucket[0] += row.planned
            bucket[1] += row.secured
        total[0] += row.planned
        total[1] += row.secured
    order = {source: index for index, source in enumerate(SOURCES)}
    return BudgetSummary(
        years=sorted(by_year),
        sources=sorted(by_source, key=lambda source: order.get(source, len(order))),
        cells={key: (p, s) for key, (p, s) in cells.items()},
        by_year={key: (p, s) for key, (p, s) in by_year.items()},
        by_source={key: (p, s) for key, (p, s) in by_source.items()},
        total=(total[0], total[1]),
    )


def money(amount: Decimal | None, currency: str = "") -> str:
    if amount is None:
        return "–"
    text = formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()


def number(value: Decimal) -> str:
    """12.50 → "12,5" in Hungarian; 100.00 → "100" (no exponent)."""
    return formats.number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def _pair(planned: Decimal, secured: Decimal, currency: str) -> str:
    return _("%(planned)s (secured %(secured)s)") % {
        "planned": money(planned, currency),
        "secured": money(secured, ""),
    }


def budget_table(summary: BudgetSummary, source_labels: dict[str, str], currency: str) -> Table:
    """Years as rows, sources as columns, each cell "planned (secured …)", totals last."""
    headers = [_("Year"), *(source_labels.get(s, s) for s in summary.sources), _("Total")]
    rows = []
    for year in summary.years:
        cells = [
            _pair(*summary.cells[(year, source)], currency)
            if (year, source) in summary.cells
            else "–"
            for source in summary.sources
        ]
        rows.append([str(year), *cells, _pair(*summary.by_year[year], currency)])
    footer = [
        _("Total"),
        *(_pair(*summary.by_source[source], currency) for source in summary.sources),
        _pair(*summary.total, currency),
    ]
    return Table(headers=headers, rows=rows, footer=footer)


def _text(value, language: str) -> str:
    return localize(value, language)


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def card_sections(project, language: str | None = None) -> list[Section]:
    """The card's sections in the programme card's order, in `language` (default: the
    active one). Empty sections are kept (with no text) so that documents can choose."""
    from cultiva.portfolio.models import BudgetLine

    language = language or translation.get_language() or "hu"
    with translation.override(language):
        return _sections(project, language, dict(BudgetLine.Source.choices))


def _sections(project, language: str, source_choices) -> list[Section]:
    t = lambda value: _text(value, language)  # noqa: E731
    source_labels = {key: str(label) for key, label in source_choices.items()}
    partnerships = list(project.partnerships.all())
    lead = project.lead_organisation
    responsible = (
        [
            Item(
                t(lead.name) + " — " + _("lead organisation"),
                reverse("accounts:organisation_detail", args=[lead.pk]),
            )
        ]
        if lead
        else []
    )
    responsible += [
        Item(
            t(p.organisation.name),
            reverse("accounts:organisation_detail", args=[p.organisation_id]),
            t(p.role),
        )
        for p in partnerships
    ]
    lines = list(project.budget_lines.all())
    summary = budget_summary(BudgetRow(b.year, b.source, b.planned, b.secured) for b in lines)
    financing_items = []
    if project.budget_total is not None:
        financing_items.append(
            Item(
                _("Estimated budget: %(amount)s")
                % {"amount": money(project.budget_total, project.currency)}
            )
        )
    if lines:
        financing_items += [
            Item(f"{source_labels.get(s, s)}: {_pair(*summary.by_source[s], project.currency)}")
            for s in summary.sources
        ]
    timeline = []
    if project.start_date or project.end_date:
        timeline.append(
            Item(
                _("%(start)s – %(end)s")
                % {"start": _date(project.start_date) or "…", "end": _date(project.end_date) or "…"}
            )
        )
    timeline += [Item(f"{_date(m.date)} · {t(m.name)}") for m in project.milestones.all()]
    origins = [
        Item(
            link.contribution.title,
            reverse("ideas:detail", args=[link.contribution_id]),
            str(link.contribution.get_kind_display()),
        )
        for link in project.origin_links.all()
    ]
    themes = [Item(t(theme.label)) for theme in project.themes.all()]
    meetings = {m.pk: m for m in project.meetings.all()}
    for link in project.origin_links.all():
        if link.contribution.meeting_id and link.contribution.meeting:
            meetings.setdefault(link.contribution.meeting_id, link.contribution.meeting)
    meeting_items = [
        Item(t(m.title), reverse("meetings:detail", args=[project.process.slug, m.pk]))
        for m in meetings.values()
    ]
    synergy_items = [
        Item(f"{p.code} {t(p.title)}", reverse("portfolio:detail", args=[p.pk]))
        for p in project.synergy_projects.all()
    ]
    measures = [Item(str(link.measure)) for link in project.measure_links.all()]
    attachments = [
        Item(
            a.title,
            reverse("portfolio:attachment", args=[project.process.slug, project.pk, a.pk]),
            filesizeformat(a.size),
        )
        for a in project.attachments.all()
    ]
    return [
        Section("development_area", _("Development area"), t(project.development_area)),
        Section("code", _("Code"), project.code),
        Section("title", _("Project title"), t(project.title)),
        Section("programme_theme", _("Theme"), t(project.programme_theme)),
        Section("summary", _("Content"), t(project.summary)),
        Section("objectives", _("Goal"), t(project.objectives)),
        Section("rationale", _("Rationale"), t(project.rationale)),
        Section("activities", _("Activities"), t(project.activities)),
        Section("expected_results", _("Expected results"), t(project.expected_results)),
        Section("synergies", _("Synergies"), t(project.synergies), synergy_items),
        Section("financing", _("Financing"), t(project.financing), financing_items),
        Section(
            "responsible_body", _("Responsible body"), t(project.responsible_body), responsible
        ),
        Section("presentation_ideas", _("Presentation ideas"), t(project.presentation_ideas)),
        Section("related_proposals", _("Related proposals"), t(project.related_proposals), origins),
        Section(
            "target_groups",
            _("Target groups"),
            items=[Item(t(g.name)) for g in project.target_groups.all()],
        ),
        Section(
            "settlements", _("Settlements"), items=[Item(str(s)) for s in project.settlements.all()]
        ),
        Section(
            "domains", _("Cultural domains"), items=[Item(t(d.name)) for d in project.domains.all()]
        ),
        Section("timeline", _("Timeline"), items=timeline),
        Section(
            "budget",
            _("Budget by year and source"),
            table=budget_table(summary, source_labels, project.currency) if lines else None,
        ),
        Section(
            "risks",
            _("Risks"),
            table=Table(
                [_("Risk"), _("Mitigation")],
                [[t(r.description), t(r.mitigation) or "–"] for r in project.risks.all()],
            )
            if project.risks.all()
            else None,
        ),
        Section(
            "indicators",
            _("Output indicators"),
            table=Table(
                [_("Indicator"), _("Unit"), _("Target")],
                [[t(i.name), i.unit, number(i.target)] for i in project.output_indicators.all()],
            )
            if project.output_indicators.all()
            else None,
        ),
        Section("attachments", _("Attachments"), items=attachments),
        Section("themes", _("Themes it came from"), items=themes),
        Section("meetings", _("Meetings it came from"), items=meeting_items),
        Section("measures", _("Strategy measures it serves"), items=measures),
    ]


def section_map(sections: Sequence[Section]) -> dict[str, Section]:
    return {section.key: section for section in sections}
