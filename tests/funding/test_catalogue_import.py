"""Calls imported from a spreadsheet through the wizard: all rows or none, each bad row
refused with its column named, and a second import of the same file adds nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cultiva.core.imports import services as wizard
from cultiva.funding.catalogue_import import KIND, parse_number
from cultiva.funding.models import Call, CallArea, CallDeadline, CallDocument, Funder, Programme

pytestmark = pytest.mark.django_db

COLUMNS = [
    "funder", "programme", "call code", "title", "applicant types", "legal forms", "domains",
    "registered in", "geography", "min amount", "max amount", "currency",
    "own contribution min pct", "funding rate max pct", "partners min", "countries min",
    "duration max months", "opens", "deadline", "documents", "source",
]  # fmt: skip
ROWS = [
    [
        "AFCN", "Proiecte culturale", "AFCN-2026-I", "Cultural projects I", "NGOs",
        "egyesület; alapítvány", "Theatre", "RO", "Harghita", "", "250 000", "RON", "10", "90",
        "", "", "12", "2026-09-01", "2026-10-01 16:00", "Budget; CV", "afcn.ro",
    ],
    [
        "European Commission", "Cooperation", "CREA-1", "Small scale", "legal entities",
        "association", "Innovation", "", "RO", "", "200000", "EUR", "20", "80", "3", "3", "48",
        "2025-11-15", "2026-05-13", "Application form", "",
    ],
]  # fmt: skip


def _csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def _changed(column: str, value: str, row: int = 0):
    rows = [list(r) for r in ROWS]
    rows[row][COLUMNS.index(column)] = value
    return _csv(rows)


GOOD = _csv(ROWS)


def _run(world, text: str, name="calls.csv"):
    batch = wizard.import_upload(
        kind=KIND,
        process=world.process,
        uploaded_by=world.coordinator,
        filename=name,
        data=text.encode("utf-8"),
    )
    return batch, wizard.import_check(kind=KIND, batch=batch, actor=world.coordinator)


def _counts():
    return tuple(
        m.objects.count() for m in (Funder, Programme, Call, CallArea, CallDeadline, CallDocument)
    )


def test_the_columns_are_guessed(world):
    batch, check = _run(world, GOOD)
    for key in ("funder", "programme", "code", "currency", "max_amount", "deadlines", "opens_on"):
        assert key in check.mapping, key


def test_a_good_file_imports_and_again_adds_nothing(world):
    batch, check = _run(world, GOOD)
    assert check.problem_count == 0, [r.problems for r in check.results]
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    call = Call.objects.get(process=world.process, code="AFCN-2026-I")
    assert call.max_amount == 250000
    assert set(call.legal_forms) == {"association", "foundation"}
    assert call.programme.funder.short_name == "AFCN"
    assert {(a.basis, a.country, a.county_id) for a in call.areas.all()} == {
        ("registered", "RO", None),
        ("activity", "", world.process.county_id),
    }
    assert call.deadlines.get().due_at.hour in (13, 14, 16)  # 16:00 local time
    assert call.documents.count() == 2
    assert call.domains.count() == 1
    small = Call.objects.get(code="CREA-1")
    assert (small.partners_min, small.countries_min, small.currency) == (3, 3, "EUR")
    before = _counts()
    batch, check = _run(world, GOOD)
    assert check.duplicate_count == 2
    done = wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    assert done.created_count == 0
    assert _counts() == before


def test_a_changed_row_updates_the_call(world):
    batch, _check = _run(world, GOOD)
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    batch, check = _run(world, _changed("max amount", "300 000"))
    assert check.duplicate_count == 1 and check.problem_count == 0
    done = wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    assert done.created_count == 0
    assert Call.objects.get(code="AFCN-2026-I").max_amount == 300000
    assert Call.objects.filter(code="AFCN-2026-I").count() == 1


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"min amount": "300000"}, "Minimum amount"),
        ({"currency": "USD"}, "Currency"),
        ({"deadline": "2026-08-01"}, "Deadlines"),
        ({"own contribution min pct": "30"}, "Maximum funding rate"),
        ({"funding rate max pct": "190"}, "Maximum funding rate"),
        ({"legal forms": "club"}, "Legal forms admitted"),
        ({"max amount": "lots"}, "Maximum amount"),
        ({"opens": "first of September"}, "Opens on"),
        ({"geography": "Atlantis"}, "Activity in"),
    ],
)
def test_bad_rows_are_refused_with_the_column_named(world, changes, named):
    rows = [list(r) for r in ROWS]
    for column, value in changes.items():
        rows[0][COLUMNS.index(column)] = value
    before = _counts()
    with translation.override("en"):
        batch, check = _run(world, _csv(rows))
        assert check.problem_count == 1
        problems = " ".join(check.problem_rows[0].problems)
        assert named in problems, problems
        with pytest.raises(ValidationError):
            wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    assert _counts() == before


def test_a_bad_row_in_hungarian_names_the_column(world):
    with translation.override("hu"):
        _batch, check = _run(world, _changed("currency", "USD"))
        label = translation.gettext("Currency")
    assert "USD" in " ".join(check.problem_rows[0].problems)
    assert label in " ".join(check.problem_rows[0].problems)


def test_missing_columns_are_refused(world):
    with translation.override("en"):
        _batch, check = _run(
            world, _csv([["", "", "X-1", "Title", *[""] * (len(COLUMNS) - 4)], *ROWS])
        )
    problems = " ".join(check.problem_rows[0].problems)
    assert "Funder" in problems and "Currency" in problems


def test_only_coordinators_import(client, world):
    url = reverse("funding:calls_import_start", args=[world.process.slug])
    client.force_login(world.facilitator)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_numbers_as_people_write_them():
    assert parse_number("250 000") == 250000
    assert parse_number("250.000") == 250000
    assert parse_number("250,000") == 250000
    assert parse_number("12,5") == parse_number("12.5")
    assert parse_number("1.234,50") == parse_number("1234.50")
    assert parse_number("many") == "bad"


def test_the_example_file_imports_cleanly(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("funding:calls_import_example", args=[world.process.slug]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    batch, check = _run(world, data.decode("utf-8"), name="example.csv")
    assert check.problem_count == 0, [r.problems for r in check.problem_rows]
    assert "individuals_admitted" in check.mapping and "checked_on" in check.mapping
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    afcn = Call.objects.get(code="AFCN-2026-II")
    assert afcn.individuals_admitted and afcn.checked_on is not None
    assert afcn.own_contribution_forms == ["cash"]
    harghita = Call.objects.get(code="HMT-KULT-2026")
    assert set(harghita.legal_forms) == {"association", "foundation", "church"}
    assert harghita.total_budget == 400000
    client.force_login(world.facilitator)
    url = reverse("funding:calls_import_example", args=[world.process.slug])
    assert client.get(url).status_code == 403


def test_country_names_are_understood(world):
    rows = [list(r) for r in ROWS]
    rows[0][COLUMNS.index("registered in")] = "Románia; Hungary"
    batch, check = _run(world, _csv(rows))
    assert check.problem_count == 0
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    call = Call.objects.get(code="AFCN-2026-I")
    assert set(call.areas.filter(basis="registered").values_list("country", flat=True)) == {
        "RO",
        "HU",
    }


def test_the_wizard_pages_import_a_file(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coordinator)
    slug = world.process.slug
    upload = SimpleUploadedFile("calls.csv", GOOD.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("funding:calls_import_start", args=[slug]), {"file": upload})
    assert response.status_code == 302
    check_url = response["Location"].replace("/columns/", "/check/")
    assert client.get(response["Location"]).status_code in (200, 302)
    page = client.get(check_url)
    assert page.status_code == 200
    commit_url = check_url.replace("/check/", "/commit/")
    assert client.post(commit_url).status_code == 302
    assert Call.objects.filter(process=world.process).count() == 2
    assert client.get(check_url).status_code in (200, 302)


def test_a_column_left_out_leaves_that_term_as_it_is(world):
    batch, _check = _run(world, GOOD)
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    keep = ["funder", "programme", "call code", "title", "currency", "min amount"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(keep)
    writer.writerow([ROWS[0][COLUMNS.index(c)] for c in keep[:-1]] + ["5000"])
    batch, check = _run(world, out.getvalue())
    assert check.problem_count == 0
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    call = Call.objects.get(code="AFCN-2026-I")
    assert (call.min_amount, call.max_amount) == (5000, 250000)
    assert call.documents.count() == 2 and call.deadlines.count() == 1


def test_a_new_minimum_is_checked_against_the_kept_maximum(world):
    batch, _check = _run(world, GOOD)
    wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    keep = ["funder", "programme", "call code", "title", "currency", "min amount"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(keep)
    writer.writerow([ROWS[0][COLUMNS.index(c)] for c in keep[:-1]] + ["300000"])
    with translation.override("en"):
        batch, check = _run(world, out.getvalue())
    assert "Minimum amount" in " ".join(check.problem_rows[0].problems)
    with pytest.raises(ValidationError):
        wizard.import_commit(kind=KIND, batch=batch, actor=world.coordinator)
    assert Call.objects.get(code="AFCN-2026-I").min_amount is None
