"""The portfolio catalogue: one programme card per project, as PDF, DOCX and XLSX.

Everything a card says comes from ONE function, `catalogue_sections(project, language)`,
which turns the project page's own layout (`portfolio.card_layout.card_sections`, in the
order of the Hargita 2013 strategy's programme card) into (label, text) pairs. The PDF (HTML
laid out by WeasyPrint through `core.documents`) and the DOCX (python-docx) read it, so a new
card field is one more section in `card_layout` and appears on the page and in print alike.

No queries here: the views prefetch what the card prints (`selectors.CARD_PARTS`,
`selectors.CARD_PRINTED`).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cultiva.core.i18n import localize
from cultiva.core.spreadsheets import Sheet
from cultiva.portfolio.card_layout import MULTILINGUAL_FIELDS, card_sections

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


def _section_text(section) -> str:
    """One section of the card (portfolio.card_layout) as plain text for a document: its
    text, then one line per item, then one line per table row."""
    lines = [section.text] if section.text else []
    for item in section.items:
        lines.append(f"{item.text} ({item.note})" if item.note else item.text)
    if section.table is not None:
        for row in [*section.table.rows, *([section.table.footer] if section.table.footer else [])]:
            lines.append(
                "; ".join(f"{h}: {v}" for h, v in zip(section.table.headers, row, strict=False))
            )
    return "\n".join(line for line in lines if line)


# Sections of the page that a printed catalogue leaves out: files and links to other pages.
NOT_PRINTED = frozenset({"attachments"})
# The headings of the 2013 programme card: printed even when empty ("–"), so every card has
# them; the card's other sections are printed when they say something.
ALWAYS_PRINTED = frozenset(MULTILINGUAL_FIELDS) | {"code"}


def catalogue_sections(project, language: str) -> list[tuple[str, str]]:
    """The project's programme card in `language`: (label, text) pairs in the order of the
    card (portfolio.card_layout, the same as the project's page), labels translated into
    that language, "–" for a section the card leaves empty."""
    with translation.override(language):
        return [
            (str(section.label), _section_text(section).strip() or "–")
            for section in card_sections(project, language)
            if section.key not in NOT_PRINTED
            and (section.key in ALWAYS_PRINTED or not section.is_empty)
        ]


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
        contents_label = " / ".join(_translated(lang, lambda: _("Contents")) for lang in languages)
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


# --- DOCX (python-docx) ----------------------------------------------------------------------

# XML 1.0 refuses these characters; a pasted control character must not break the download.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# DejaVu has ő ű ș ț (comma below) and is what the PDF uses; Word without it substitutes.
BODY_FONT = "DejaVu Serif"
HEADING_FONT = "DejaVu Sans"
ACCENT = RGBColor(0x7A, 0x2E, 0x1F)
WORD_LANGUAGES = {"hu": "hu-HU", "ro": "ro-RO", "en": "en-GB"}


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text or "")


def _font(style, name: str, *, size: float | None = None, language: str = "") -> None:
    """Set a style's font, dropping the template's theme fonts (they would win over it)."""
    style.font.name = name
    if size:
        style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    fonts.set(qn("w:cs"), name)
    if language:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        style.element.get_or_add_rPr().append(lang)


def _styles(document, languages: Sequence[str]) -> None:
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, size=10.5, language=WORD_LANGUAGES.get(languages[0], ""))
    styles["Normal"].paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 11), ("TOC Heading", 14)):
        _font(styles[name], HEADING_FONT, size=size)
        styles[name].font.color.rgb = ACCENT
    styles["Heading 1"].paragraph_format.space_before = Pt(0)
    styles["Heading 2"].paragraph_format.space_before = Pt(8)
    toc = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = styles["Normal"]


def _field(paragraph, instruction: str) -> None:
    """Open a field (`instruction`) in `paragraph`; `_field_end` closes it. What lies between
    is the field's shown result until Word or LibreOffice refreshes it."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)


def _field_end(paragraph) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(char)


def _contents(document, catalogue: Catalogue) -> None:
    """A table-of-contents field over the cards' headings (Word asks to refresh it on opening,
    adding page numbers); its shown result already lists the cards."""
    document.add_paragraph(catalogue.contents_label, style="TOC Heading")
    _field(document.add_paragraph(), ' TOC \\o "1-1" \\h \\z \\u ')
    entry = document.styles["toc 1"]  # looked up once: a lookup by name reads every style
    for card in catalogue.cards:
        _styled(document, heading(card), entry)
    _field_end(document.add_paragraph())
    settings_element = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings_element.append(update)


def _styled(container, text: str, style):
    """A paragraph in `style`, set by its id: python-docx's `style=` first looks for the
    default style among all of them, per paragraph (half the time of a 200-card catalogue)."""
    paragraph = container.add_paragraph(_clean(text))
    paragraph._p.style = style.style_id
    return paragraph


def _lines(container, text: str) -> None:
    for line in text.splitlines() or [""]:
        container.add_paragraph(_clean(line))


def docx_bytes(catalogue: Catalogue) -> bytes:
    """The catalogue as a Word document: title, contents, then one card per page (a level-1
    heading, then its sections as level-2 headings; with two languages a two-column table,
    one column each)."""
    document = Document()
    _styles(document, catalogue.languages)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(20)
    width = section.page_width - section.left_margin - section.right_margin

    properties = document.core_properties
    properties.title = _clean(catalogue.title)
    properties.subject = _clean(catalogue.subtitle)
    properties.language = ", ".join(WORD_LANGUAGES.get(c, c) for c in catalogue.languages)
    properties.author = properties.last_modified_by = "Cultiva"
    properties.comments = properties.keywords = ""
    properties.created = properties.modified = datetime.now(tz=UTC).replace(microsecond=0)
    properties.revision = 1

    document.add_paragraph(_clean(catalogue.title), style="Title")
    if catalogue.subtitle:
        document.add_paragraph(_clean(catalogue.subtitle))
    _contents(document, catalogue)
    # Styles looked up once (a lookup by name reads every style).
    heading_1, heading_2 = document.styles["Heading 1"], document.styles["Heading 2"]
    grid = document.styles["Table Grid"]
    for card in catalogue.cards:
        title = _styled(document, heading(card), heading_1)
        title.paragraph_format.page_break_before = True
        if len(catalogue.languages) == 1:
            for label, text in card.columns[0]:
                _styled(document, label, heading_2)
                _lines(document, text)
            continue
        table = document.add_table(rows=0, cols=len(catalogue.languages))
        table.style = grid
        table.autofit = False
        for row in catalogue.rows(card):
            cells = table.add_row().cells
            for cell, (label, text) in zip(cells, row, strict=True):
                cell.width = width // len(catalogue.languages)
                cell.paragraphs[0].add_run(_clean(label)).bold = True
                _lines(cell, text)
    buffer = io.BytesIO()
    document.save(buffer)
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
