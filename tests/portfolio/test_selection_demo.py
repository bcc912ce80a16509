"""The demo shows saved portfolios at work: one picked by hand, one chosen by a rule."""

import pytest
from django.urls import reverse

from cultiva.demo.generator import demo_generate
from cultiva.portfolio.models import SavedPortfolio

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_a_hand_picked_and_a_rule_portfolio(client):
    result = demo_generate(scale="small", seed=1)
    saved = {s.kind: s for s in SavedPortfolio.objects.filter(process=result.process)}
    assert set(saved) == {"hand", "rule"}
    hand = saved["hand"]
    regions = {
        s.micro_region.name
        for p in hand.projects.all()
        for s in p.settlements.all()
        if s.micro_region
    }
    region = hand.name.split(" – ")[0]
    assert region in regions
    assert 1 <= hand.projects.count() <= 8
    assert saved["rule"].parameters == {"budget": "2000000.00"}
    for selection in saved.values():
        response = client.get(
            reverse("portfolio:selection", args=[result.process.slug, selection.pk])
        )
        assert response.status_code == 200
    page = client.get(reverse("portfolio:selection", args=[result.process.slug, hand.pk]))
    assert len(page.context["rows"]) == hand.projects.count()
