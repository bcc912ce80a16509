"""The portfolio catalogue: PDF (pages, contents), DOCX (headings, pages, properties; laid
out by LibreOffice), XLSX (columns, formula-safe), caching, permissions."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from cultiva.core.i18n import localize
from cultiva.core.models import ActivityLog
from cultiva.portfolio import catalogue
from cultiva.portfolio.card_layout import card_sections
from cultiva.portfolio.models import Project, ProjectPartner
from cultiva.portfolio.selection_selectors import process_projects
from cultiva.portfolio.selection_services import saved_portfolio_create
from tests.factories import make_process, make_project, make_settlement, make_term
from tests.strategy.test_strategy_pdf import layouts  # noqa: F401 - fixture: counts PDF layouts


@pytest.fixture
def cards(world):
    harcos = make_settlement("Csíkszentmárton", "Sânmartin", region="Csík")
    music = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    first = make_project(
        world.process,
        code="HR-0001",
        title={"hu": "Népzenei tábor", "ro": "Tabără de muzică populară"},
        summary={"hu": "Nyári tábor fiataloknak.", "ro": "Tabără de vară pentru tineri."},
        objectives={"hu": "A hagyomány átadása.", "ro": "Transmiterea tradiției."},
        rationale={"hu": "Kevés a tanár.", "ro": "Sunt puțini profesori."},
        expected_results={"hu": "40 résztvevő, új műsor.", "ro": "40 de participanți."},
        lead_organisation=world.organisation,
        budget_total=Decimal("1250000"),
    )
    first.settlements.set([harcos])
    first.domains.set([music])
    ProjectPartner.objects.create(
        project=first,
        organisation=world.other_organisation,
        role={"hu": "szakmai partner", "ro": "partener"},
    )
    second = make_project(
        world.process,
        code="HR-0002",
        title={"hu": '=HYPERLINK("x") Falumúzeum', "ro": "Muzeul satului"},
    )
    make_project(
        world.process,
        code="HR-0003",
        title={"hu": "Vázlat"},
        proposal_status=Project.ProposalStatus.DRAFT,
    )
    return first, second


def _sections(project, language):
    return dict(catalogue.catalogue_sections(project, language))


def test_sections_follow_the_programme_card_in_the_chosen_language(world, cards):
    first = next(p for p in process_projects(process=world.process) if p.code == "HR-0001")
    hu = catalogue.catalogue_sections(first, "hu")
    ro = catalogue.catalogue_sections(first, "ro")
    # The same sections as the project's page, in both languages, in the card's order.
    page_keys = [
        s.key
        for s in card_sections(first, "hu")
        if s.key not in catalogue.NOT_PRINTED
        and (s.key in catalogue.ALWAYS_PRINTED or not s.is_empty)
    ]
    assert len(hu) == len(ro) == len(page_keys) > len(catalogue.ALWAYS_PRINTED)
    texts_hu = [text for _label, text in hu]
    assert texts_hu[1:3] == ["HR-0001", "Népzenei tábor"]
    assert [text for _label, text in ro][1:3] == ["HR-0001", "Tabără de muzică populară"]
    assert texts_hu.index("Nyári tábor fiataloknak.") < texts_hu.index("A hagyomány átadása.")
    assert texts_hu.index("Kevés a tanár.") < texts_hu.index("40 résztvevő, új műsor.")
    with translation.override("hu"):
        responsible = _sections(first, "hu")[str(_("Responsible body"))]
        financing = _sections(first, "hu")[str(_("Financing"))]
        # Settlements keep both official names, as everywhere in Cultiva.
        assert _sections(first, "hu")[str(_("Settlements"))] == "Csíkszentmárton / Sânmartin"
        assert _sections(first, "hu")[str(_("Cultural domains"))] == "Zene"
    assert "Csíki Hagyományőrző Egyesület" in responsible
    assert "Gyergyói Színjátszó Kör (szakmai partner)" in responsible
    assert "1" in financing and "250" in financing and "RON" in financing
    with translation.override("ro"):
        assert "Sânmartin" in _sections(first, "ro")[str(_("Settlements"))]
    # An empty section reads "–", it does not vanish (a card has every heading).
    second = next(p for p in process_projects(process=world.process) if p.code == "HR-0002")
    with translation.override("hu"):
        assert _sections(second, "hu")[str(_("Rationale"))] == "–"


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_pdf_has_contents_and_one_page_per_card_and_is_cached(client, world, cards, layouts):  # noqa: F811
    url = reverse("portfolio:catalogue_pdf", args=[world.process.slug])
    client.force_login(world.member)
    response = client.get(url, {"lang": "hu"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="' in response["Content-Disposition"]
    pages, text = pdf_text(response.content)
    assert pages == 3  # the title and contents, then a page per card (the draft is not in it)
    contents = text.split("HR-0001 Népzenei tábor")[1]
    assert "HR-0002" in contents
    assert "Vázlat" not in text
    assert "Nyári tábor fiataloknak." in text and "Csíkszentmárton" in text
    # The contents name each card's page.
    toc = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Népzenei tábor" in toc and "2" in toc and "3" in toc
    assert client.get(url, {"lang": "hu"}).content == response.content
    assert len(layouts) == 1
    # An edit of a card is a new document.
    Project.objects.filter(code="HR-0001").update(summary={"hu": "Őszi tábor."})
    assert "Őszi tábor." in pdf_text(client.get(url, {"lang": "hu"}).content)[1]
    assert len(layouts) == 2
    assert (
        ActivityLog.objects.filter(verb="portfolio.catalogue_exported", actor=world.member).count()
        == 3
    )
    # A visitor's download is a read: no row.
    client.logout()
    client.get(url, {"lang": "hu"})
    assert ActivityLog.objects.filter(verb="portfolio.catalogue_exported").count() == 3


def test_pdf_both_languages_side_by_side_and_of_a_saved_portfolio(client, world, cards, layouts):  # noqa: F811
    first, second = cards
    selection = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Csak a tábor",
        kind="hand",
        project_ids=[first.pk],
    )
    url = reverse("portfolio:catalogue_pdf", args=[world.process.slug])
    pages, text = pdf_text(client.get(url, {"lang": "both", "selection": selection.pk}).content)
    assert pages == 2
    assert "Népzenei tábor" in text and "Tabără de muzică populară" in text
    assert "Nyári tábor fiataloknak." in text and "Tabără de vară pentru tineri." in text
    assert "Muzeul satului" not in text
    assert "Csak a tábor" in text
    # A saved portfolio of another process is not found here.
    other_process = make_process()
    other = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Más",
        kind="rule",
        rule="best_per_region",
    )
    other.process = other_process
    other.save()
    assert client.get(url, {"selection": other.pk}).status_code == 404
    assert client.get(url, {"selection": 999999}).status_code == 404
    assert client.get(url, {"selection": "abc"}).status_code == 404
    assert client.get(url, {"selection": "9" * 40}).status_code == 404


def open_docx(content: bytes) -> DocxDocument:
    return Document(io.BytesIO(content))


def test_docx_opens_with_contents_and_cards(client, world, cards):
    cache.clear()
    url = reverse("portfolio:catalogue_docx", args=[world.process.slug])
    response = client.get(url, {"lang": "ro"})
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = open_docx(response.content)
    text = [p.text for p in document.paragraphs]
    # Contents first (a TOC field whose shown result lists the cards), then the cards.
    assert text.count("HR-0001 Tabără de muzică populară") == 2
    assert text.index("HR-0001 Tabără de muzică populară") < text.index("HR-0002 Muzeul satului")
    assert "Transmiterea tradiției." in text
    assert any("Sânmartin" in paragraph for paragraph in text)
    instructions = "".join(t.text for t in document.element.body.iter(qn("w:instrText")))
    assert instructions.strip().startswith("TOC")
    # Both languages: a table of two columns per card, Hungarian left, Romanian right.
    both = open_docx(client.get(url, {"lang": "both"}).content)
    assert len(both.tables) == 2
    table = both.tables[0]
    assert len(table.columns) == 2
    column_hu = " ".join(cell.text for cell in table.columns[0].cells)
    column_ro = " ".join(cell.text for cell in table.columns[1].cells)
    assert "Nyári tábor fiataloknak." in column_hu and "Tabără de vară pentru tineri." in column_ro
    assert "Tabără de vară" not in column_hu


def test_docx_is_cached_by_content(world, cards, monkeypatch):
    cache.clear()
    built = []
    real = catalogue.docx_bytes
    monkeypatch.setattr(catalogue, "docx_bytes", lambda c: built.append(c) or real(c))
    projects = [p for p in process_projects(process=world.process) if p.code.startswith("HR-000")][
        :2
    ]
    one = catalogue.catalogue_build(projects, choice="hu", title={"hu": "Katalógus"})
    assert catalogue.docx_bytes_cached(one) == catalogue.docx_bytes_cached(one)
    assert len(built) == 1
    Project.objects.filter(code="HR-0001").update(rationale={"hu": "Más indok."})
    changed = [p for p in process_projects(process=world.process) if p.code.startswith("HR-000")][
        :2
    ]
    catalogue.docx_bytes_cached(
        catalogue.catalogue_build(changed, choice="hu", title={"hu": "Katalógus"})
    )
    assert len(built) == 2
    cache.clear()


def test_docx_has_headings_page_breaks_properties_and_fonts(client, world, cards):
    url = reverse("portfolio:catalogue_docx", args=[world.process.slug])
    document = Document(io.BytesIO(client.get(url, {"lang": "hu"}).content))
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    # A heading per card (Word's navigation and the contents are built from them), each on
    # a new page.
    assert [p.text for p in headings] == [
        "HR-0001 Népzenei tábor",
        'HR-0002 =HYPERLINK("x") Falumúzeum',
    ]
    assert all(p.paragraph_format.page_break_before for p in headings)
    labels = [
        label
        for project in process_projects(process=world.process)
        if project.proposal_status == Project.ProposalStatus.ACCEPTED
        for label, _text in catalogue.catalogue_sections(project, "hu")
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == labels
    assert document.core_properties.title == localize(world.process.title, "hu")
    assert document.core_properties.language == "hu-HU"
    assert document.styles["Normal"].font.name == catalogue.BODY_FONT
    assert document.styles["Heading 1"].font.name == catalogue.HEADING_FONT
    # The contents come before the first card.
    texts = [p.text for p in document.paragraphs]
    assert texts.index("HR-0001 Népzenei tábor") < texts.index('HR-0002 =HYPERLINK("x") Falumúzeum')
    both = Document(io.BytesIO(client.get(url, {"lang": "both"}).content))
    assert both.core_properties.language == "hu-HU, ro-RO"
    assert both.core_properties.title.startswith(localize(world.process.title, "hu"))


def _soffice_or_skip() -> str:
    """LibreOffice's command; without it the test skips on a workstation but fails under CI."""
    command = shutil.which("soffice")
    if command is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return command


def test_libreoffice_lays_out_the_docx(client, world, cards, tmp_path):
    soffice = _soffice_or_skip()
    response = client.get(
        reverse("portfolio:catalogue_docx", args=[world.process.slug]), {"lang": "both"}
    )
    source = tmp_path / "catalogue.docx"
    source.write_bytes(response.content)
    # A private profile: parallel runs do not share (and lock) one LibreOffice user directory.
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pages, text = pdf_text((tmp_path / "out" / "catalogue.pdf").read_bytes())
    assert pages >= 1 + 2  # title and contents, then a page per card
    assert "HR-0001 Népzenei tábor / Tabără de muzică populară" in text
    assert "HR-0002" in text and "Muzeul satului" in text
    # Hungarian ő ű and Romanian ș ț (comma below) survive the layout.
    assert "Csíkszentmárton" in text and "Sânmartin" in text
    assert "Transmiterea tradiției." in text and "Sunt puțini profesori." in text
    assert "Hagyományőrző" in text and "új műsor" in text


def test_xlsx_has_every_card_field_and_is_formula_safe(client, world, cards):
    response = client.get(
        reverse("portfolio:cards_xlsx", args=[world.process.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Code"
    assert "Title (HU)" in header and "Title (RO)" in header and "Rationale (EN)" in header
    assert header[-9:] == (
        "Cultural domains",
        "Lead organisation",
        "Partners",
        "Settlements",
        "Micro-regions",
        "Estimated budget",
        "Currency",
        "Maturity",
        "Proposal status",
    )
    assert len(header) == 1 + 5 * 3 + 9
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_code) == {"HR-0001", "HR-0002"}
    first = by_code["HR-0001"]
    assert first["Title (RO)"] == "Tabără de muzică populară"
    assert first["Estimated budget"] == 1250000
    assert first["Settlements"] == "Sânmartin / Csíkszentmárton"
    assert first["Micro-regions"] == "Csík"
    assert first["Partners"] == "Gyergyói Színjátszó Kör"
    # A title starting with = is text, not a formula.
    cell = sheet.cell(row=3, column=header.index("Title (HU)") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_downloads_follow_who_may_view_the_portfolio(client, world, cards):
    for name in ("catalogue_pdf", "catalogue_docx", "cards_xlsx"):
        url = reverse(f"portfolio:{name}", args=[world.process.slug])
        assert client.get(url, {"lang": "hu"}).status_code == 200  # published: open to all
    world.process.is_published = False
    world.process.save()
    for name in ("catalogue_pdf", "catalogue_docx", "cards_xlsx"):
        url = reverse(f"portfolio:{name}", args=[world.process.slug])
        assert client.get(url).status_code == 404
        client.force_login(world.member)
        assert client.get(url, {"lang": "ro"}).status_code == 200
        client.logout()


def test_portfolio_list_links_to_the_catalogue_and_saved_portfolios(client, world, cards):
    page = client.get(reverse("portfolio:list", args=[world.process.slug])).content.decode()
    for name in ("selections", "catalogue_pdf", "catalogue_docx", "cards_xlsx"):
        assert reverse(f"portfolio:{name}", args=[world.process.slug]) in page
