"""The cohort view: people × meetings with rates, per organisation, exports to XLSX and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cultiva.core.models import ActivityLog
from cultiva.core.spreadsheets import Sheet, csv_bytes, neutralise, xlsx_bytes
from cultiva.meetings.models import Registration
from cultiva.meetings.selectors.attendance import cohort_matrix
from tests.factories import make_meeting, make_organisation, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator", "decision_maker"]
Status = Registration.Status


def register(meeting, person, organisation=None, attendance="", status=Status.CONFIRMED):
    return Registration.objects.create(
        meeting=meeting,
        person=person,
        organisation=organisation,
        status=status,
        attendance=attendance,
    )


@pytest.fixture
def dataset(world):
    """Three past meetings and one future one; three people in two organisations (+ none).

    member (org A):   present, absent, present, future registered → 2/3
    anna   (org A):   present, excused, –,       –                  → 1/2
    outsider (org B): registered (not recorded), present, –, –      → 1/2
    expert (none):    waiting at meeting 1 (not counted),  –        → not in the matrix
    """
    now = timezone.now()
    meetings = [
        make_meeting(world.process, starts_at=now - dt.timedelta(days=30 - 10 * i))
        for i in range(3)
    ]
    future = make_meeting(world.process, starts_at=now + dt.timedelta(days=5))
    a, b = world.organisation, world.other_organisation
    anna = make_user("anna@example.org", full_name="Ábrahám Anna")
    register(meetings[0], world.member, a, "present")
    register(meetings[1], world.member, a, "absent")
    register(meetings[2], world.member, a, "present")
    register(future, world.member, a)
    register(meetings[0], anna, a, "present")
    register(meetings[1], anna, a, "excused")
    register(meetings[0], world.outsider, b)
    register(meetings[1], world.outsider, b, "present")
    register(meetings[0], world.expert, None, status=Status.WAITING)
    return {"meetings": [*meetings, future], "anna": anna}


def test_cohort_numbers(world, dataset):
    cohort = cohort_matrix(user=world.facilitator, process=world.process)
    assert cohort.meetings == dataset["meetings"]
    rows = {row.person.email: row for row in cohort.rows}
    assert set(rows) == {"member@example.org", "anna@example.org", "outsider@example.org"}
    member = rows["member@example.org"]
    assert member.cells == ["present", "absent", "present", "registered"]
    assert (member.present, member.registered, member.percent) == (2, 3, 67)
    anna = rows["anna@example.org"]
    assert anna.cells == ["present", "excused", "none", "none"]
    assert (anna.present, anna.registered, anna.percent) == (1, 2, 50)
    outsider = rows["outsider@example.org"]
    assert outsider.cells == ["registered", "present", "none", "none"]
    assert (outsider.present, outsider.registered) == (1, 2)
    # sorted by folded name: Ábrahám < Member < Outsider
    assert [row.person for row in cohort.rows][0] == dataset["anna"]
    orgs = {o.organisation: o for o in cohort.organisations}
    a = orgs[world.organisation]
    assert (a.people_count, a.present, a.registered, a.percent) == (2, 3, 5, 60)
    b = orgs[world.other_organisation]
    assert (b.people_count, b.present, b.registered, b.percent) == (1, 1, 2, 50)
    assert (cohort.totals.people_count, cohort.totals.present, cohort.totals.registered) == (
        3,
        4,
        7,
    )


def test_cohort_filter_by_organisation(client, world, dataset):
    client.force_login(world.facilitator)
    url = reverse("meetings:cohort", args=[world.process.slug])
    response = client.get(url, {"organisation": world.other_organisation.pk})
    cohort = response.context["cohort"]
    assert [row.person for row in cohort.rows] == [world.outsider]
    assert {o.pk for o in cohort.organisation_choices} == {
        world.organisation.pk,
        world.other_organisation.pk,
    }
    for bad in ("abc", "-1", "99999", "1e3"):
        assert client.get(url, {"organisation": bad}).status_code == 200


def test_cohort_page_shows_marks_and_rates(client, world, dataset):
    client.force_login(world.decision_maker)
    html = client.get(reverse("meetings:cohort", args=[world.process.slug])).content.decode()
    assert "Ábrahám Anna" in html
    assert "✓" in html
    assert "67%" in html and "60%" in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cohort", ["login", 403, 403, 200, 200, 200]),
        ("cohort_xlsx", ["login", 403, 403, 200, 200, 200]),
        ("cohort_csv", ["login", 403, 403, 200, 200, 200]),
    ],
)
@pytest.mark.parametrize("index", range(len(ROLES)))
def test_cohort_permissions(client, world, dataset, name, expected, index):
    role = ROLES[index]
    if name == "cohort":
        url = reverse("meetings:cohort", args=[world.process.slug])
    else:
        url = reverse("meetings:cohort_export", args=[world.process.slug, name[7:]])
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(url)
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == expected[index]


def test_unknown_export_format_is_404(client, world):
    client.force_login(world.facilitator)
    url = reverse("meetings:cohort_export", args=[world.process.slug, "pdf"])
    assert client.get(url).status_code == 404


def test_xlsx_export(client, world, dataset):
    evil = make_user("evil@example.org", full_name='=HYPERLINK("http://x")')
    register(dataset["meetings"][0], evil, world.organisation, "present")
    client.force_login(world.facilitator)
    response = client.get(reverse("meetings:cohort_export", args=[world.process.slug, "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    people, organisations = workbook.worksheets
    header = [cell.value for cell in people[1]]
    assert all(cell.font.bold for cell in people[1])
    assert people.freeze_panes == "B2"
    assert len(header) == 2 + 4 + 3
    rows = {row[0]: row for row in people.iter_rows(min_row=2, values_only=True)}
    member = rows[world.member.get_full_name()]
    assert member[1] == "Csíki Hagyományőrző Egyesület"
    assert member[-3:] == (2, 3, 67)
    assert "Ábrahám Anna" in rows
    # a name that looks like a formula stays text
    cell = next(c for c in people["A"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    org_rows = list(organisations.iter_rows(min_row=2, values_only=True))
    assert ("Gyergyói Színjátszó Kör", 1, 1, 2, 50) in org_rows
    assert ActivityLog.objects.filter(verb="attendance.exported").count() == 1


def test_csv_export_neutralises_formulas(client, world, dataset):
    org = make_organisation(name="+Cmd|' /C calc'!A0")
    evil = make_user("evil@example.org", full_name="=1+1")
    register(dataset["meetings"][0], evil, org, "present")
    client.force_login(world.facilitator)
    response = client.get(reverse("meetings:cohort_export", args=[world.process.slug, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    by_name = {row[0]: row for row in rows[1:]}
    assert "'=1+1" in by_name
    assert by_name["'=1+1"][1] == "'+Cmd|' /C calc'!A0"
    assert "Ábrahám Anna" in by_name
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_writers_on_plain_rows():
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Kovács") == "Kovács"
    assert neutralise(-5) == -5
    data = csv_bytes(["Név", "n"], [["=cmd", 1], [None, -2]])
    assert data.decode("utf-8-sig").splitlines() == ["Név,n", "'=cmd,1", ",-2"]
    workbook = load_workbook(
        io.BytesIO(xlsx_bytes([Sheet("a/b:c", ["x", "y"], [["=1+1", "bad\x01char"]])]))
    )
    sheet = workbook.active
    assert sheet.title == "a b c"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "badchar"


def add_people(world, meetings, n, start):
    org = make_organisation()
    users = [make_user(f"c{start + i}@example.org") for i in range(n)]
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=user,
            organisation=org,
            status=Status.CONFIRMED,
            personal_code=f"{start + i:06d}".replace("0", "A").replace("1", "B"),
            attendance=["", "present", "absent", "excused"][(i + j) % 4],
        )
        for i, user in enumerate(users)
        for j, meeting in enumerate(meetings)
    )


@pytest.mark.parametrize("name", ["cohort", "xlsx"])
def test_cohort_query_count_is_constant(client, world, name):
    meetings = [
        make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=i + 1))
        for i in range(3)
    ]
    client.force_login(world.facilitator)
    if name == "cohort":
        url = reverse("meetings:cohort", args=[world.process.slug])
    else:
        url = reverse("meetings:cohort_export", args=[world.process.slug, "xlsx"])
    add_people(world, meetings, 10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_people(world, meetings, 90, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    if name == "cohort":
        assert len(response.context["cohort"].rows) == 100
    assert len(few) == len(many)
