"""The strategy PDF: laid out once per version of its text, then served from the cache."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from cultiva.core import documents
from cultiva.core.models import ActivityLog
from cultiva.strategy.models import Measure
from tests.factories import make_strategy

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def layouts(monkeypatch):
    """Counts the WeasyPrint layouts; starts from an empty cache."""
    cache.clear()
    calls = []
    real = documents.html_to_pdf

    def counted(html, *, base_url=None):
        calls.append(html)
        return real(html, base_url=base_url)

    monkeypatch.setattr(documents, "html_to_pdf", counted)
    yield calls
    cache.clear()


def test_the_same_document_is_laid_out_once_and_a_changed_one_again(client, world, layouts):
    strategy, measure = make_strategy(world.process)
    url = reverse("strategy:pdf", args=[strategy.pk])
    client.force_login(world.coordinator)
    first = client.get(url, {"lang": "hu"})
    assert first["Content-Type"] == "application/pdf"
    assert "Felújítás" in text_of(first)
    again = client.get(url, {"lang": "hu"})
    assert again.content == first.content
    assert len(layouts) == 1  # the second download came from the cache
    # Each download is still logged.
    assert ActivityLog.objects.filter(verb="strategy.exported").count() == 2

    # Another language is another document.
    assert "Restaurare" in text_of(client.get(url, {"lang": "ro"}))
    assert len(layouts) == 2

    # A changed measure title changes the text: a new layout, never the old PDF.
    Measure.objects.filter(pk=measure.pk).update(
        title={"hu": "Műemlékek felújítása", "ro": "Restaurarea monumentelor"}
    )
    changed = client.get(url, {"lang": "hu"})
    assert "Műemlékek felújítása" in text_of(changed)
    assert len(layouts) == 3
