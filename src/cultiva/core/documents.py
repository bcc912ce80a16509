"""Rendering documents (strategies, certificates): HTML in, PDF out. No database access here."""

from __future__ import annotations

import weasyprint


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render a standalone HTML document to PDF with WeasyPrint.

    The document's own stylesheet names DejaVu fonts, which carry every Hungarian
    (ő, ű) and Romanian (ș, ț with comma below) letter.
    """
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()
