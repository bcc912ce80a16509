"""The funding catalogue's pages: everyone who sees the process reads the calls; only its
coordinators add and edit funders, programmes, calls and exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cultiva.core.models import ActivityLog, TaxonomyTerm
from cultiva.funding.catalogue_selectors import catalogue_rows, rates_table
from cultiva.funding.models import Call, ExchangeRate, Funder, FunderDomain, Programme
from tests.factories import make_call, make_process

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def _call_post(programme, **over):
    data = {
        "programme": str(programme.pk),
        "code": "HMT-2026",
        "title_hu": "Kulturális pályázat",
        "title_ro": "Apel cultural",
        "currency": "RON",
        "min_amount": "1000",
        "max_amount": "20000",
        "own_contribution_min_pct": "10",
        "funding_rate_max_pct": "90",
        "legal_forms": ["association", "church"],
        "opens_on": "2026-03-01",
        **_formset("areas", [{"basis": "registered", "country": "RO"}]),
        **_formset(
            "deadlines",
            [
                {"stage_en": "Full form", "due_at": "2026-04-15T16:00"},
                {"due_at": "2026-05-01T12:00"},
            ],
        ),
        **_formset("documents", [{"name_en": "Budget", "required": "on"}, {"name_en": "CV"}]),
    }
    data.update(over)
    return data


def test_anonymous_reads_a_published_process_catalogue(client, world):
    call = make_call(world.process, max_amount=250000, opens_on=timezone.localdate())
    response = client.get(reverse("funding:index", args=[world.process.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert call.title["hu"] in page
    assert reverse("funding:call_detail", args=[world.process.slug, call.pk]) in page
    assert reverse("funding:call_create", args=[world.process.slug]) not in page


def test_an_unpublished_process_catalogue_is_hidden(client, world):
    world.process.is_published = False
    world.process.save()
    assert client.get(reverse("funding:index", args=[world.process.slug])).status_code == 404


def test_the_process_page_links_to_the_catalogue(client, world):
    page = client.get(reverse("processes:detail", args=[world.process.slug])).content.decode()
    assert reverse("funding:index", args=[world.process.slug]) in page


@pytest.mark.parametrize("who", ["facilitator", "member", "expert", "anonymous"])
@pytest.mark.parametrize(
    "name", ["catalogue_manage", "call_create", "funder_create", "programme_create", "rates"]
)
def test_only_coordinators_edit(client, world, who, name):
    if who != "anonymous":
        _login(client, getattr(world, who))
    url = reverse(f"funding:{name}", args=[world.process.slug])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {}).status_code in (302, 403)


def test_others_cannot_edit_a_call(client, world):
    call = make_call(world.process)
    _login(client, world.facilitator)
    url = reverse("funding:call_edit", args=[world.process.slug, call.pk])
    response = client.post(url, _call_post(call.programme))
    assert response.status_code == 403
    assert Call.objects.get(pk=call.pk).code == call.code


def test_coordinator_adds_a_call_with_its_rows(client, world):
    programme = make_call(world.process).programme
    _login(client, world.coordinator)
    url = reverse("funding:call_create", args=[world.process.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _call_post(programme))
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for _p, f in response.context["formsets"]],
    )
    call = Call.objects.get(code="HMT-2026")
    assert call.process == world.process
    assert call.max_amount == Decimal(20000)
    assert list(call.areas.values_list("basis", "country")) == [("registered", "RO")]
    assert [d.stage for d in call.deadlines.all()] == [{"en": "Full form"}, {}]
    assert [d.required for d in call.documents.all()] == [True, False]
    assert ActivityLog.objects.filter(verb="funding.call_created").exists()
    # Edit it: the page shows its rows; one document removed, the maximum changed.
    edit = reverse("funding:call_edit", args=[world.process.slug, call.pk])
    assert "Budget" in client.get(edit).content.decode()
    data = _call_post(programme, max_amount="30000")
    data.update(_formset("documents", [{"name_en": "Budget", "required": "on"}]))
    assert client.post(edit, data).status_code == 302
    call.refresh_from_db()
    assert call.max_amount == Decimal(30000)
    assert call.documents.count() == 1


@pytest.mark.parametrize(
    ("over", "field_label"),
    [
        ({"min_amount": "50000"}, "Minimum amount"),
        ({"currency": "USD"}, "Currency"),
        ({"own_contribution_min_pct": "130"}, ""),
        ({"own_contribution_min_pct": "30"}, "Maximum funding rate"),
        ({"opens_on": "2026-06-01"}, "Deadline"),
        ({"implementation_start": "2026-06-01", "implementation_end": "2026-05-01"}, "until"),
    ],
)
def test_bad_terms_are_refused_and_nothing_saved(client, world, over, field_label):
    programme = make_call(world.process).programme
    _login(client, world.coordinator)
    before = Call.objects.count()
    with translation.override("en"):
        response = client.post(
            reverse("funding:call_create", args=[world.process.slug]),
            _call_post(programme, **over),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert Call.objects.count() == before
    assert "has-error" in response.content.decode() or "form-errors" in response.content.decode()
    if field_label:
        assert field_label in response.content.decode()


def test_a_call_of_another_process_is_not_found(client, world):
    other = make_call(make_process())
    _login(client, world.coordinator)
    url = reverse("funding:call_edit", args=[world.process.slug, other.pk])
    assert client.get(url).status_code == 404


def test_coordinator_adds_a_funder_with_its_domains(client, world):
    term = TaxonomyTerm.objects.filter(vocabulary="domain").first() or TaxonomyTerm.objects.create(
        vocabulary="domain", slug="theatre", name={"en": "Theatre"}
    )
    _login(client, world.coordinator)
    url = reverse("funding:funder_create", args=[world.process.slug])
    assert client.get(url).status_code == 200
    data = {
        "name_hu": "Nemzeti Kulturális Alap",
        "short_name": "NKA",
        "kind": "foreign",
        "country": "hu",
        **_formset("domains", [{"label_hu": "Színház", "terms": str(term.pk)}]),
    }
    assert client.post(url, data).status_code == 302
    funder = Funder.objects.get(short_name="NKA")
    assert funder.country == "HU" and funder.process == world.process
    domain = FunderDomain.objects.get(funder=funder)
    assert list(domain.terms.all()) == [term]
    # A programme of it.
    response = client.post(
        reverse("funding:programme_create", args=[world.process.slug]),
        {"funder": str(funder.pk), "name_hu": "Kollégiumi pályázatok"},
    )
    assert response.status_code == 302
    assert Programme.objects.filter(funder=funder).count() == 1
    # A bad country code: refused, named.
    data["country"] = "Hungary"
    data["short_name"] = "X"
    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Funder.objects.filter(short_name="X").exists()


def test_coordinator_keeps_the_exchange_rates(client, world):
    _login(client, world.coordinator)
    url = reverse("funding:rates", args=[world.process.slug])
    assert client.get(url).status_code == 200
    data = {"currency": "EUR", "ron_per_unit": "4.97", "valid_on": "2026-01-05", "source": "BNR"}
    assert client.post(url, data).status_code == 302
    # The same day twice: refused, nothing saved.
    assert client.post(url, data).status_code == 200
    assert ExchangeRate.objects.filter(process=world.process).count() == 1
    rate = ExchangeRate.objects.get(process=world.process)
    edit = reverse("funding:rate_edit", args=[world.process.slug, rate.pk])
    assert client.post(edit, {**data, "ron_per_unit": "5.01"}).status_code == 302
    assert rates_table(world.process) == [("EUR", Decimal("5.01"), dt.date(2026, 1, 5))]
    # Bad input: a negative value, another currency.
    for bad in ({"ron_per_unit": "-1"}, {"currency": "USD"}, {"valid_on": "soon"}):
        assert client.post(url, {**data, **bad}).status_code == 200
    assert ExchangeRate.objects.filter(process=world.process).count() == 1
    client.post(reverse("funding:rate_delete", args=[world.process.slug, rate.pk]))
    assert not ExchangeRate.objects.filter(process=world.process).exists()


def test_status_and_filters(world):
    now = timezone.now()
    today = timezone.localdate()
    upcoming = make_call(world.process, opens_on=today + dt.timedelta(days=10), currency="EUR")
    upcoming.deadlines.create(due_at=now + dt.timedelta(days=40))
    open_call = make_call(world.process, opens_on=today, min_amount=1000, max_amount=5000)
    open_call.deadlines.create(due_at=now + dt.timedelta(days=5))
    closed = make_call(world.process, opens_on=today - dt.timedelta(days=50))
    closed.deadlines.create(due_at=now - dt.timedelta(days=5))
    rows = {r.call.pk: r for r in catalogue_rows(world.process)}
    assert rows[upcoming.pk].status == "upcoming"
    assert rows[open_call.pk].status == "open"
    assert rows[open_call.pk].next_deadline is not None
    assert rows[closed.pk].status == "closed"
    assert rows[closed.pk].next_deadline is None
    assert [r.call for r in catalogue_rows(world.process, status="open")] == [open_call]
    found = catalogue_rows(world.process, amount_ron=Decimal(6000))
    assert open_call not in [r.call for r in found]
    found = catalogue_rows(world.process, funder_id=closed.programme.funder_id)
    assert [r.call for r in found] == [closed]


def test_the_index_costs_the_same_queries_for_many_calls(client, world):
    url = reverse("funding:index", args=[world.process.slug])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url + "?status=open&amount=1000").status_code == 200
        return len(context.captured_queries)

    make_call(world.process).deadlines.create(due_at=timezone.now() + dt.timedelta(days=3))
    few = count()
    for _ in range(8):
        make_call(world.process).deadlines.create(due_at=timezone.now() + dt.timedelta(days=3))
    assert count() == few


def test_the_domain_filter_reads_the_funders_mapping(client, world):
    theatre = TaxonomyTerm.objects.create(vocabulary="domain", slug="t-x", name={"en": "T"})
    music = TaxonomyTerm.objects.create(vocabulary="domain", slug="m-x", name={"en": "M"})
    mapped = make_call(world.process)
    domain = FunderDomain.objects.create(funder=mapped.programme.funder, label={"hu": "Színház"})
    domain.terms.set([theatre])
    mapped.domains.add(domain)
    every = make_call(world.process)  # no domains: every domain
    found = [r.call for r in catalogue_rows(world.process, domain_slug="t-x")]
    assert mapped in found and every in found
    found = [r.call for r in catalogue_rows(world.process, domain_slug=music.slug)]
    assert mapped not in found and every in found
    url = reverse("funding:index", args=[world.process.slug])
    assert client.get(url, {"domain": "m-x", "amount": "x", "status": "??"}).status_code == 200


def test_the_edit_pages_show_what_is_saved(client, world):
    call = make_call(world.process, max_amount=5000)
    call.deadlines.create(due_at=timezone.now() + dt.timedelta(days=3), stage={"hu": "Első kör"})
    domain = FunderDomain.objects.create(funder=call.programme.funder, label={"hu": "Zene"})
    _login(client, world.coordinator)
    slug = world.process.slug
    page = client.get(reverse("funding:call_edit", args=[slug, call.pk])).content.decode()
    assert "Első kör" in page and "5000" in page
    page = client.get(
        reverse("funding:funder_edit", args=[slug, domain.funder_id])
    ).content.decode()
    assert "Zene" in page
    page = client.get(
        reverse("funding:programme_edit", args=[slug, call.programme_id])
    ).content.decode()
    assert call.programme.name["hu"] in page
    page = client.get(reverse("funding:catalogue_manage", args=[slug])).content.decode()
    assert reverse("funding:call_edit", args=[slug, call.pk]) in page


def test_coordinator_loads_the_starting_catalogue_from_the_page_and_again_adds_nothing(
    client, world
):
    url = reverse("funding:catalogue_load_starting", args=[world.process.slug])
    manage = reverse("funding:catalogue_manage", args=[world.process.slug])
    _login(client, world.facilitator)
    assert client.post(url).status_code == 403
    assert not Call.objects.filter(process=world.process).exists()
    _login(client, world.coordinator)
    assert url in client.get(manage).content.decode()
    assert client.post(url).status_code == 302
    loaded = Call.objects.filter(process=world.process).count()
    assert loaded >= 9
    assert Funder.objects.filter(process=world.process, short_name="AFCN").exists()
    assert ActivityLog.objects.filter(process=world.process).exists()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert Call.objects.filter(process=world.process).count() == loaded
