"""The funding dashboard: the portfolio's need against requested, awarded and secured money,
its XLSX export, and publishing its aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core import charts, spreadsheets
from cultiva.core.collation import collation_key
from cultiva.funding import dashboard_selectors as selectors
from cultiva.funding import dashboard_services as services
from cultiva.funding import rules
from cultiva.funding.dashboard import Totals
from cultiva.processes.views import get_visible_process

WHOLE = Decimal("1")


@dataclass
class Section:
    key: str
    title: str
    heading: str  # the first column's name
    rows: list[tuple[str, Totals]]
    has_need: bool
    chart: str = ""


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _sorted(bucket: dict, label, order, missing: str) -> list[tuple[str, Totals]]:
    known = sorted((key for key in bucket if key is not None), key=order)
    rows = [(label(key), bucket[key]) for key in known]
    if None in bucket:
        rows.append((missing, bucket[None]))
    return rows


def sections_of(data: selectors.DashboardData) -> list[Section]:
    result = data.result

    def term_label(terms):
        return lambda pk: str(terms[pk]) if pk in terms else str(pk)

    def term_order(terms):
        return lambda pk: (terms[pk].position, terms[pk].slug) if pk in terms else (0, str(pk))

    def funder_label(pk):
        funder = data.funders.get(pk)
        return str(funder) if funder else str(pk)

    def region_label(pk):
        region = data.regions.get(pk)
        return str(region) if region else str(pk)

    return [
        Section(
            "domain",
            _("By cultural domain"),
            _("Cultural domain"),
            _sorted(
                result.by_domain,
                term_label(data.domains),
                term_order(data.domains),
                _("no cultural domain"),
            ),
            True,
        ),
        Section(
            "region",
            _("By micro-region"),
            _("Micro-region"),
            _sorted(
                result.by_region,
                region_label,
                lambda pk: collation_key(region_label(pk)),
                _("no micro-region"),
            ),
            True,
        ),
        Section(
            "sector",
            _("By sector of the lead organisation"),
            _("Sector"),
            _sorted(
                result.by_sector,
                term_label(data.sectors),
                term_order(data.sectors),
                _("no sector"),
            ),
            True,
        ),
        Section(
            "funder",
            _("By funder"),
            _("Funder"),
            _sorted(
                result.by_funder,
                funder_label,
                lambda pk: collation_key(funder_label(pk)),
                _("unknown funder"),
            ),
            False,
        ),
        Section(
            "year",
            _("By year"),
            _("Year"),
            _sorted(result.by_year, str, lambda year: year, _("no date")),
            False,
        ),
    ]


def _chart(section: Section) -> str:
    if not section.rows:
        return ""
    if section.has_need:
        title = _("Need and secured money (RON), %(breakdown)s") % {
            "breakdown": section.title.lower()
        }
        labels, values = [], []
        for label, totals in section.rows:
            labels += [_("%(name)s: need") % {"name": label}]
            values += [float(totals.need.quantize(WHOLE))]
            labels += [_("%(name)s: secured") % {"name": label}]
            values += [float(totals.secured.quantize(WHOLE))]
    else:
        title = _("Requested and awarded money (RON), %(breakdown)s") % {
            "breakdown": section.title.lower()
        }
        labels, values = [], []
        for label, totals in section.rows:
            labels += [_("%(name)s: requested") % {"name": label}]
            values += [float(totals.requested.quantize(WHOLE))]
            labels += [_("%(name)s: awarded") % {"name": label}]
            values += [float(totals.awarded.quantize(WHOLE))]
    return charts.bar_chart(title=title, labels=labels, values=values, width=720)


def _rate_lines(data: selectors.DashboardData) -> list[str]:
    return [
        _("1 %(currency)s = %(rate)s RON (the rate of %(date)s)")
        % {
            "currency": rate.currency,
            "rate": f"{rate.ron_per_unit.normalize():f}",
            "date": date_format(rate.valid_on, "DATE_FORMAT"),
        }
        for rate in data.result.rates_used.values()
    ]


def _call_url(slug: str, call_pk: int) -> str:
    return reverse("funding:call_detail", args=[slug, call_pk])


def _dashboard_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_view_dashboard(request.user, process).enforce()
    return process


def dashboard(request, slug: str):
    process = _dashboard_process(request, slug)
    data = selectors.dashboard_data(process=process)
    totals = data.result.totals
    sections = sections_of(data)
    for section in sections:
        section.chart = _chart(section)
    overview_rows = [
        (_("Need (project budgets)"), totals.need),
        (_("Requested"), totals.requested),
        (_("Awarded"), totals.awarded),
        (_("Secured"), totals.secured),
        (_("Still lacking (need minus secured)"), totals.gap),
    ]
    overview_chart = charts.bar_chart(
        title=_("The portfolio's need and its funding (RON)"),
        labels=[label for label, _value in overview_rows],
        values=[float(value.quantize(WHOLE)) for _label, value in overview_rows],
        width=720,
    )
    funder_rows = next(section.rows for section in sections if section.key == "funder")
    rated = [(label, totals) for label, totals in funder_rows if totals.decided]
    success_chart = (
        charts.bar_chart(
            title=_("Success rate per funder (%)"),
            labels=[label for label, _t in rated],
            values=[float(t.success_rate) for _l, t in rated],
            width=720,
        )
        if rated
        else ""
    )
    for item in data.closing:
        item.url = _call_url(process.slug, item.call.pk)
    settings = getattr(process, "funding_settings", None)
    return render(
        request,
        "funding/dashboard.html",
        {
            "process": process,
            "totals": totals,
            "overview_rows": overview_rows,
            "overview_chart": overview_chart,
            "sections": sections,
            "funder_rows": funder_rows,
            "success_chart": success_chart,
            "rate_lines": _rate_lines(data),
            "missing_rates": sorted(data.result.missing_rates),
            "closing": data.closing,
            "closing_days": selectors.CLOSING_SOON_DAYS,
            "published": bool(settings and settings.aggregates_published),
            "can_publish": rules.can_publish_aggregates(request.user, process),
        },
    )


@require_POST
def dashboard_publish(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_publish_aggregates(request.user, process).enforce()
    published = request.POST.get("published") == "1"
    services.aggregates_publish(actor=request.user, process=process, published=published)
    if published:
        messages.success(request, _("The funding aggregates are public now."))
    else:
        messages.success(
            request, _("The funding aggregates are seen by the staff and decision-makers only.")
        )
    return redirect("funding:dashboard", slug=process.slug)


def dashboard_sheets(data: selectors.DashboardData) -> list[spreadsheets.Sheet]:
    safe = spreadsheets.neutralise
    totals = data.result.totals
    overview = [
        [_("Need (project budgets)"), _money(totals.need)],
        [_("Requested"), _money(totals.requested)],
        [_("Awarded"), _money(totals.awarded)],
        [_("Secured"), _money(totals.secured)],
        [_("Still lacking (need minus secured)"), _money(totals.gap)],
        [_("Projects in the portfolio"), totals.projects],
        [_("Applications"), totals.applications],
    ]
    overview += [[_("Exchange rate"), safe(line)] for line in _rate_lines(data)]
    sheets = [spreadsheets.Sheet(_("Overview"), [_("Amount (RON)"), _("Value")], overview)]
    for section in sections_of(data):
        header = [section.heading]
        if section.has_need:
            header += [_("Projects"), _("Need")]
        header += [_("Applications"), _("Requested"), _("Awarded"), _("Secured")]
        if section.key == "funder":
            header += [_("Decided"), _("Awarded applications"), _("Success rate (%)")]
        rows = []
        for label, row in section.rows:
            line = [safe(label)]
            if section.has_need:
                line += [row.projects, _money(row.need)]
            line += [row.applications, _money(row.requested), _money(row.awarded)]
            line += [_money(row.secured)]
            if section.key == "funder":
                line += [row.decided, row.successful, row.success_rate]
            rows.append(line)
        sheets.append(spreadsheets.Sheet(section.title[:31], header, rows))
    closing_header = [_("Call"), _("Funder"), _("Deadline"), _("Fitting projects without one")]
    closing_rows = [
        [
            safe(str(item.call)),
            safe(str(item.call.programme.funder)),
            timezone.localtime(item.due_at).replace(tzinfo=None),
            item.fitting_without_application,
        ]
        for item in data.closing
    ]
    sheets.append(spreadsheets.Sheet(_("Calls closing soon"), closing_header, closing_rows))
    return sheets


def dashboard_export(request, slug: str):
    process = _dashboard_process(request, slug)
    data = selectors.dashboard_data(process=process)
    content = spreadsheets.xlsx_bytes(dashboard_sheets(data))
    stem = f"{slugify(process.slug)}-funding-{timezone.localdate():%Y%m%d}"
    return spreadsheets.download(content, "xlsx", stem)
