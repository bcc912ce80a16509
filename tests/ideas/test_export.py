"""Export of contributions to XLSX and CSV: formula-safe, filtered, per role, constant queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cultiva.ideas.models import Contribution, ExtraField
from tests.factories import make_contribution, make_settlement, make_term


def export_url(world, fmt, **query):
    url = reverse("ideas:export", args=[world.process.slug, fmt])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("expert", 403),
        ("decision_maker", 200),
        ("facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_export_per_role(world, client, role, expected):
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    for fmt in ("xlsx", "csv"):
        assert client.get(export_url(world, fmt)).status_code == expected


def test_export_neutralises_formulas_and_opens(world, client):
    ExtraField.objects.create(
        process=world.process,
        key="note",
        label={"hu": "Megjegyzés", "ro": "Notă", "en": "Note"},
        kind=ExtraField.Kind.TEXT,
    )
    make_contribution(
        world.process,
        world.member,
        title='=HYPERLINK("http://evil.example","x")',
        body="+1+2",
        partners="@SUM(A1)",
        extra={"note": "-2+3"},
        settlements=[make_settlement("Székelyudvarhely", "Odorheiu Secuiesc")],
    )
    client.force_login(world.facilitator)
    response = client.get(export_url(world, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    cells = [str(value) for value in rows[1] if value is not None]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert "'+1+2" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "Székelyudvarhely" in cells

    response = client.get(export_url(world, "csv"))
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][2].startswith("'=")
    assert world.member.email not in rows[1]  # a facilitator does not see addresses
    client.force_login(world.coordinator)
    rows = list(csv.reader(io.StringIO(client.get(export_url(world, "csv")).content.decode())))
    assert world.member.email in rows[1]  # the process's coordinators do


def test_export_filters_and_visibility(world, client):
    music = make_term("domain", "music")
    make_contribution(world.process, world.member, title="Zenei tábor", domains=[music])
    make_contribution(world.process, world.member, title="Tájház", kind="need")
    make_contribution(world.process, world.member, title="Piszkozat", status="draft")
    client.force_login(world.decision_maker)
    rows = list(csv.reader(io.StringIO(client.get(export_url(world, "csv")).content.decode())))
    titles = {row[2] for row in rows[1:]}
    assert titles == {"Zenei tábor", "Tájház"}
    assert world.member.email not in rows[1]  # decision-makers do not get e-mails
    filtered = client.get(export_url(world, "csv", domain="music")).content.decode()
    assert "Zenei tábor" in filtered and "Tájház" not in filtered
    assert "Tájház" in client.get(export_url(world, "csv", kind="need")).content.decode()
    assert "Zenei" not in client.get(export_url(world, "csv", q="Tájház")).content.decode()


def test_export_query_count_constant(world, client):
    client.force_login(world.facilitator)
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(export_url(world, "xlsx")).status_code == 200
        return len(queries)

    make_contribution(world.process, world.member, settlements=[settlement])
    few = count()
    for _ in range(30):
        make_contribution(world.process, world.member, settlements=[settlement])
    assert count() == few
    assert Contribution.objects.count() == 31


def test_export_lists_every_domain_settlement_and_target_group_in_order(world, client):
    """The related names are read apart from the rows: each contribution gets all of its own,
    in the terms' order (settlements by Romanian name), also when filtered by one domain."""
    music = make_term("domain", "music", hu="Zene", ro="Muzică")
    crafts = make_term("domain", "crafts", hu="Kézművesség", ro="Meșteșuguri")
    type(music).objects.filter(pk=music.pk).update(position=2)
    type(crafts).objects.filter(pk=crafts.pk).update(position=1)
    youth = make_term("target_group", "youth", hu="Fiatalok", ro="Tineri")
    camp = make_contribution(
        world.process,
        world.member,
        title="Zenei és kézműves tábor",
        domains=[music, crafts],
        settlements=[
            make_settlement("Székelyudvarhely", "Odorheiu Secuiesc"),
            make_settlement("Csíkszereda", "Miercurea Ciuc"),
        ],
    )
    camp.target_groups.set([youth])
    make_contribution(world.process, world.member, title="Tájház", domains=[crafts])
    client.force_login(world.facilitator)
    for query in ({}, {"domain": "music"}):
        text = client.get(export_url(world, "csv", **query)).content.decode("utf-8-sig")
        rows = {row[2]: row for row in csv.reader(io.StringIO(text))}
        assert rows["Zenei és kézműves tábor"][4:7] == [
            "Kézművesség; Zene",
            "Csíkszereda; Székelyudvarhely",
            "Fiatalok",
        ]
    assert "Tájház" not in rows  # the last export was filtered by music
