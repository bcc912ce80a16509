"""The shipped catalogue loads into a process, and loading it again changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cultiva.core.models import ActivityLog
from cultiva.funding import call_validation
from cultiva.funding.catalogue_load import catalogue_data, catalogue_load, cycle_dates
from cultiva.funding.models import Call, CallArea, CallDeadline, CallDocument, Funder, Programme
from tests.factories import make_process

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)


def _counts():
    return tuple(
        model.objects.count()
        for model in (Funder, Programme, Call, CallArea, CallDeadline, CallDocument)
    )


def test_the_catalogue_loads_and_again_changes_nothing():
    process = make_process()
    first = catalogue_load(process=process, today=TODAY)
    assert first["funders_created"] == 7
    assert first["calls_created"] == Call.objects.filter(process=process).count() >= 10
    before = _counts()
    logs = ActivityLog.objects.count()
    second = catalogue_load(process=process, today=TODAY)
    assert second["calls_created"] == second["calls_updated"] == 0
    assert second["funders_created"] == second["funders_updated"] == 0
    assert _counts() == before
    assert ActivityLog.objects.count() == logs


def test_shipped_facts():
    process = make_process()
    catalogue_load(process=process, today=TODAY)
    afcn = Call.objects.get(process=process, code="AFCN-2026-I")
    assert afcn.max_amount == 250000 and afcn.currency == "RON"
    assert afcn.own_contribution_min_pct == 10 and afcn.funding_rate_max_pct == 90
    assert afcn.individuals_admitted
    assert afcn.opens_on == dt.date(2026, 9, 1)
    assert afcn.deadlines.get().due_at.date() == dt.date(2026, 10, 1)
    assert afcn.documents.count() >= 4
    small = Call.objects.get(process=process, code="CREA-CULT-2027-COOP-1")
    assert (small.partners_min, small.countries_min, small.max_amount) == (3, 3, 200000)
    assert small.funding_rate_max_pct == 80
    harghita = Call.objects.get(process=process, code="HMT-KULT-2027")
    assert set(harghita.legal_forms) == {"association", "foundation", "church"}
    assert harghita.areas.filter(basis="registered", county=process.county).exists()
    nka = Call.objects.get(process=process, code="NKA-2027")
    assert list(nka.areas.values_list("basis", "country")) == [("registered", "HU")]
    bga = Call.objects.get(process=process, code="BGA-REG-2027")
    assert set(bga.legal_forms) == {
        "association",
        "foundation",
        "local_government",
        "public_institution",
        "church",
    }
    assert bga.currency == "HUF" and bga.min_amount == 300000


def test_every_shipped_call_passes_the_validation():
    for funder in catalogue_data()["funders"]:
        for programme in funder["programmes"]:
            for call in programme["calls"]:
                terms = {k: v for k, v in call.items() if k in call_validation.field_labels()}
                assert call_validation.call_terms_problems(terms) == {}, call["code"]


def test_cycle_dates():
    cycle = {"opens": "11-15", "deadline": "05-13"}
    assert cycle_dates(cycle, dt.date(2026, 1, 5)) == (dt.date(2025, 11, 15), dt.date(2026, 5, 13))
    assert cycle_dates(cycle, dt.date(2026, 6, 1)) == (dt.date(2026, 11, 15), dt.date(2027, 5, 13))
    assert cycle_dates({"opens": "09-01", "deadline_days": 30}, dt.date(2026, 9, 15)) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
    )


def test_load_funding_command_is_idempotent():
    process = make_process()
    out = StringIO()
    call_command("load_funding", "--process", process.slug, "--with-illustrative-rates", stdout=out)
    assert "calls_created" in out.getvalue()
    before = _counts()
    out = StringIO()
    call_command("load_funding", "--process", process.slug, "--with-illustrative-rates", stdout=out)
    assert "calls_created: 0" in out.getvalue()
    assert "rates_created: 0" in out.getvalue()
    assert _counts() == before
    assert process.exchange_rates.count() == 2
