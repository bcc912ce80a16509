"""Rendering documents (strategies, certificates): HTML in, PDF out. No database access here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import weasyprint
from django.core.cache import cache

# How long a laid-out PDF stays in the cache (`html_to_pdf_cached`).
PDF_CACHE_SECONDS = 24 * 60 * 60


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render a standalone HTML document to PDF with WeasyPrint.

    The document's own stylesheet names DejaVu fonts, which carry every Hungarian
    (ő, ű) and Romanian (ș, ț with comma below) letter.
    """
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def html_to_pdf_cached(html: str, *, base_url: str | None = None) -> bytes:
    """`html_to_pdf`, kept in the cache under a hash of the document itself.

    Laying out is the slow part (a 91-page strategy: 7 s; rendering its HTML: a fraction of a
    second). The key is the whole HTML, so any change to what the document says (a title, a
    linked project, the language, the version) makes a new PDF, and a document downloaded
    again, by anyone, comes from the cache. Shared between workers when the cache is Redis.
    """
    digest = hashlib.sha256(f"{base_url or ''}\0{html}".encode()).hexdigest()
    key = f"documents:pdf:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html, base_url=base_url)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def html_to_document_fitting(
    render: Callable[[int], str], *, levels: int, max_pages: int = 1, base_url: str | None = None
) -> weasyprint.Document:
    """Lay out `render(0)`, `render(1)`, … (each a denser version of the same document) and
    return the first that fits on `max_pages` pages, or the densest.

    For documents that must hold on one sheet whatever people typed (a certificate): the
    usual one is laid out once; only long texts cost another layout or two.
    """
    document = None
    for level in range(levels):
        document = weasyprint.HTML(string=render(level), base_url=base_url).render()
        if len(document.pages) <= max_pages:
            break
    return document
