"""The portfolio catalogue: one programme card per project, as PDF, DOCX and XLSX.

Everything a card says comes from ONE function, `catalogue_sections(project, language)`,
which returns (label, text) pairs in the order of the Hargita 2013 strategy's programme card:
code, title, development area, content, goals, rationale, expected results, synergies,
financing and responsible body, settlements. The PDF (HTML laid out by WeasyPrint through
`core.documents`), the DOCX (WordprocessingML written here) and the XLSX all read it, so a
new card field is one more entry in `CARD_SECTIONS`.

No queries here: the projects come with their lead, partners, domains and settlements
already loaded (`selection_selectors.process_projects`).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.i18n import localize
from cultiva.core.spreadsheets import Sheet

# How long a built DOCX stays in the cache (the PDF's is core.documents.PDF_CACHE_SECONDS).
DOCX_CACHE_SECONDS = 24 * 60 * 60
# "both": Hungarian and Romanian side by side, two columns.
BOTH = "both"
CATALOGUE_LANGUAGES = ("hu", "ro", BOTH)


def catalogue_language_choices() -> list[tuple[str, str]]:
    return [
        ("hu", _("Hungarian")),
        ("ro", _("Romanian")),
        (BOTH, _("Hungarian and Romanian side by side")),
    ]


def document_languages(choice: str) -> list[str]:
    """The content languages a catalogue is written in: one, or Hungarian and Romanian."""
    return ["hu", "ro"] if choice == BOTH else [choice]


# --- what a card says -------------------------------------------------------------------


def _settlement_name(settlement, language: str) -> str:
    if language == "hu":
        return settlement.name_hu or settlement.name_ro
    return settlement.name_ro or settlement.name_hu


def _money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"{formats.number_format(amount, 0, use_l10n=True, force_grouping=True)} {currency}"


def _text(name: str) -> Callable:
    """A multilingual text field of the card; None (the section is left out) when the model
    has no such field (yet)."""

    def read(project, language: str) -> str | None:
        if not hasattr(project, name):
            return None
        return localize(getattr(project, name), language)

    return read


def _domains(project, language: str) -> str:
    return ", ".join(localize(d.name, language) for d in project.domains.all())


def _financing(project, language: str) -> str:
    lead = project.lead_organisation
    partners = [
        localize(p.organisation.name, language)
        + (f" ({localize(p.role, language)})" if localize(p.role, language) else "")
        for p in project.partnerships.all()
    ]
    lines = [
        _("Lead organisation: %(name)s") % {"name": localize(lead.name, language) if lead else "–"},
        _("Partners: %(names)s") % {"names": "; ".join(partners) or "–"},
        _("Estimated budget: %(amount)s")
        % {"amount": _money(project.budget_total, project.currency) or "–"},
    ]
    return "\n".join(lines)


def _settlements(project, language: str) -> str:
    return ", ".join(_settlement_name(s, language) for s in project.settlements.all())


# (label, reader): the card's sections in the programme card's order. A reader returns the
# section's text in the language, "" when the card leaves it empty, None to leave it out.
CARD_SECTIONS: list[tuple[str, Callable]] = [
    (gettext_lazy("Code"), lambda project, language: project.code),
    (gettext_lazy("Title"), _text("title")),
    (gettext_lazy("Development area and cultural domains"), _domains),
    (gettext_lazy("Content"), _text("summary")),
    (gettext_lazy("Goals and objectives"), _text("objectives")),
    (gettext_lazy("Rationale"), _text("rationale")),
    (gettext_lazy("Expected results"), _text("expected_results")),
    (gettext_lazy("Synergies"), _text("synergies")),
    (gettext_lazy("Financing and responsible body"), _financing),
    (gettext_lazy("Settlements"), _settlements),
]


def catalogue_sections(project, language: str) -> list[tuple[str, str]]:
    """The project's programme card in `language`: (label, text) pairs, labels translated
    into that language, "–" for a section the card leaves empty."""
    with translation.override(language):
        sections = []
        for label, read in CARD_SECTIONS:
            text = read(project, language)
            if text is None:
                continue
            sections.append((str(label), text.strip() if text and text.strip() else "–"))
        return sections


# --- the document, independent of its format ---------------------------------------------


@dataclass(frozen=True)
class Card:
    anchor: str
    code: str
    titles: tuple[str, ...]  # one per language
    columns: tuple[tuple[tuple[str, str], ...], ...]  # per language: (label, text) pairs


@dataclass(frozen=True)
class Catalogue:
    languages: tuple[str, ...]
    title: str
    subtitle: str
    contents_label: str
    cards: tuple[Card, ...] = field(default_factory=tuple)

    def rows(self, card: Card) -> list[tuple[tuple[str, str], ...]]:
        """The card's sections side by side: one tuple of (label, text) per language."""
        return list(zip(*card.columns, strict=True))

    def digest(self) -> str:
        """A key that changes with anything the catalogue says (its content version)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()


def catalogue_build(
    projects: Sequence, *, choice: str, title: dict[str, str] | str, subtitle: str = ""
) -> Catalogue:
    languages = tuple(document_languages(choice))
    first = languages[0]
    with translation.override(first):
        contents_label = " / ".join(
            _translated(lang, lambda: _("Contents")) for lang in languages
        )
    cards = []
    for project in projects:
        columns = tuple(tuple(catalogue_sections(project, lang)) for lang in languages)
        cards.append(
            Card(
                anchor=f"project-{project.pk}",
                code=project.code,
                titles=tuple(localize(project.title, lang) for lang in languages),
                columns=columns,
            )
        )
    if isinstance(title, dict):
        title_text = " / ".join(dict.fromkeys(localize(title, lang) for lang in languages))
    else:
        title_text = title
    return Catalogue(
        languages=languages,
        title=title_text,
        subtitle=subtitle,
        contents_label=contents_label,
        cards=tuple(cards),
    )


def _translated(language: str, text: Callable[[], str]) -> str:
    with translation.override(language):
        return text()


def heading(card: Card) -> str:
    return f"{card.code} {' / '.join(dict.fromkeys(t for t in card.titles if t))}".strip()


# --- DOCX (WordprocessingML, written by hand: a zip of a few XML parts) -------------------

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:updateFields w:val="true"/></w:settings>"""


def _style(style_id: str, name: str, *, size: int, bold: bool = True, extra: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>{extra}</w:pPr>'
        f'<w:rPr>{"<w:b/>" if bold else ""}<w:color w:val="7A2E1F"/><w:sz w:val="{size}"/></w:rPr>'
        "</w:style>"
    )


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Serif" w:hAnsi="DejaVu Serif"'
    ' w:cs="DejaVu Serif"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="80"/></w:pPr></w:style>'
    + _style("Title", "Title", size=40)
    + _style("Heading1", "heading 1", size=30, extra='<w:pageBreakBefore/><w:outlineLvl w:val="0"/>')
    + _style("Heading2", "heading 2", size=22, extra='<w:outlineLvl w:val="1"/>')
    + '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="table" w:styleId="CardTable"><w:name w:val="Card Table"/><w:tblPr>'
    '<w:tblBorders><w:top w:val="single" w:sz="4" w:color="BBBBBB"/>'
    '<w:left w:val="single" w:sz="4" w:color="BBBBBB"/><w:bottom w:val="single" w:sz="4" w:color="BBBBBB"/>'
    '<w:right w:val="single" w:sz="4" w:color="BBBBBB"/><w:insideH w:val="single" w:sz="4" w:color="BBBBBB"/>'
    '<w:insideV w:val="single" w:sz="4" w:color="BBBBBB"/></w:tblBorders></w:tblPr></w:style>'
    "</w:styles>"
)


def _x(text: str) -> str:
    return escape(_ILLEGAL_XML.sub("", text or ""))


def _run(text: str, *, bold: bool = False) -> str:
    return (
        f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}'
        f'<w:t xml:space="preserve">{_x(text)}</w:t></w:r>'
    )


def _paragraph(
    text: str = "", *, style: str = "", bold: bool = False, bookmark: str = "", mark: int = 0
) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = _run(text, bold=bold) if text else ""
    if bookmark:
        body = (
            f'<w:bookmarkStart w:id="{mark}" w:name="{bookmark}"/>{body}'
            f'<w:bookmarkEnd w:id="{mark}"/>'
        )
    return f"<w:p>{properties}{body}</w:p>"


def _text_paragraphs(text: str) -> str:
    return "".join(_paragraph(line) for line in (text.splitlines() or [""]))


def _cell(label: str, text: str, width: int) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f"{_paragraph(label, bold=True)}{_text_paragraphs(text)}</w:tc>"
    )


def _toc(catalogue: Catalogue) -> str:
    """A table-of-contents field (Word and LibreOffice refresh it with page numbers) whose
    shown result already lists the cards, so the contents read right before any refresh."""
    entries = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="{card.anchor}">'
        f"{_run(heading(card))}</w:hyperlink></w:p>"
        for card in catalogue.cards
    )
    begin = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
    )
    end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    return _paragraph(catalogue.contents_label, style="Heading2") + begin + entries + end


def docx_bytes(catalogue: Catalogue) -> bytes:
    """The catalogue as a Word document: title, contents, then one card per page (a heading,
    then its sections; with two languages a two-column table, one column each)."""
    body = [_paragraph(catalogue.title, style="Title")]
    if catalogue.subtitle:
        body.append(_paragraph(catalogue.subtitle))
    body.append(_toc(catalogue))
    width = 9000 // len(catalogue.languages)
    for number, card in enumerate(catalogue.cards, start=1):
        body.append(
            _paragraph(heading(card), style="Heading1", bookmark=card.anchor, mark=number)
        )
        if len(catalogue.languages) == 1:
            for label, text in card.columns[0]:
                body.append(_paragraph(label, style="Heading2"))
                body.append(_text_paragraphs(text))
        else:
            grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in catalogue.languages)
            rows = "".join(
                "<w:tr>" + "".join(_cell(label, text, width) for label, text in row) + "</w:tr>"
                for row in catalogue.rows(card)
            )
            body.append(
                '<w:tbl><w:tblPr><w:tblStyle w:val="CardTable"/><w:tblW w:w="0" w:type="auto"/>'
                f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
            )
            body.append(_paragraph())
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:right="1134"'
        ' w:bottom="1361" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{_x(catalogue.title)}</dc:title>"
        f'<dc:language>{"-".join(catalogue.languages)}</dc:language></cp:coreProperties>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # Fixed timestamps: the same catalogue gives the same bytes.
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
            ("word/document.xml", document),
            ("word/styles.xml", _STYLES),
            ("word/settings.xml", _SETTINGS),
            ("docProps/core.xml", core),
        ):
            package.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def docx_bytes_cached(catalogue: Catalogue) -> bytes:
    """`docx_bytes`, cached under the catalogue's content (any edit of a card makes a new one)."""
    key = f"portfolio:catalogue:docx:{catalogue.digest()}"
    data = cache.get(key)
    if data is None:
        data = docx_bytes(catalogue)
        cache.set(key, data, DOCX_CACHE_SECONDS)
    return data


# --- XLSX: every card's fields, one row per project --------------------------------------

MULTILINGUAL_COLUMNS = (
    ("title", gettext_lazy("Title")),
    ("summary", gettext_lazy("Summary")),
    ("objectives", gettext_lazy("Objectives")),
    ("rationale", gettext_lazy("Rationale")),
    ("expected_results", gettext_lazy("Expected results")),
)


def cards_sheet(projects: Sequence) -> Sheet:
    """The cards' fields as a sheet: multilingual texts one column per content language."""
    languages = list(settings.CONTENT_LANGUAGES)
    header = [_("Code")]
    for _name, label in MULTILINGUAL_COLUMNS:
        header += [f"{label} ({code.upper()})" for code in languages]
    header += [
        _("Cultural domains"),
        _("Lead organisation"),
        _("Partners"),
        _("Settlements"),
        _("Micro-regions"),
        _("Estimated budget"),
        _("Currency"),
        _("Maturity"),
        _("Proposal status"),
    ]
    rows = []
    for p in projects:
        texts = [
            (getattr(p, name) or {}).get(code, "") if isinstance(getattr(p, name), dict) else ""
            for name, _label in MULTILINGUAL_COLUMNS
            for code in languages
        ]
        settlements = list(p.settlements.all())
        rows.append(
            [
                p.code,
                *texts,
                "; ".join(str(d) for d in p.domains.all()),
                str(p.lead_organisation) if p.lead_organisation else "",
                "; ".join(str(link.organisation) for link in p.partnerships.all()),
                "; ".join(str(s) for s in settlements),
                "; ".join(sorted({s.micro_region.name for s in settlements if s.micro_region})),
                p.budget_total,
                p.currency,
                p.get_maturity_display(),
                p.get_proposal_status_display(),
            ]
        )
    return Sheet(title=str(_("Project cards")), header=header, rows=rows)


# --- PDF: HTML laid out by core.documents ---------------------------------------------------


def cards_xlsx_cached(projects: Sequence) -> bytes:
    """The cards' sheet as XLSX, cached under what it says (the same cards: the same file,
    byte for byte, though a workbook carries the time it was written)."""
    from cultiva.core.spreadsheets import xlsx_bytes

    sheet = cards_sheet(projects)
    sheet.rows = list(sheet.rows)
    digest = hashlib.sha256(repr((sheet.title, list(sheet.header), sheet.rows)).encode())
    key = f"portfolio:cards:xlsx:{digest.hexdigest()}"
    data = cache.get(key)
    if data is None:
        data = xlsx_bytes([sheet])
        cache.set(key, data, DOCX_CACHE_SECONDS)
    return data


def catalogue_html(catalogue: Catalogue) -> str:
    from django.template.loader import render_to_string

    cards = [
        {"anchor": card.anchor, "heading": heading(card), "rows": catalogue.rows(card)}
        for card in catalogue.cards
    ]
    with translation.override(catalogue.languages[0]):
        return render_to_string(
            "portfolio/catalogue/document.html", {"catalogue": catalogue, "cards": cards}
        )
