"""The process page links to the strategy only for people who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.strategy.models import Strategy
from tests.factories import make_strategy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        ("anonymous", False),
        ("member", False),
        ("outsider", False),
        ("expert", True),
        ("decision_maker", True),
        ("facilitator", True),
        ("coordinator", True),
    ],
)
def test_strategy_button_only_where_the_strategy_opens(client, world, role, sees_draft):
    strategy, _measure = make_strategy(world.process)
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    process_url = reverse("processes:detail", args=[world.process.slug])
    strategy_url = reverse("strategy:for_process", args=[world.process.slug])

    def shown() -> bool:
        return strategy_url in client.get(process_url).content.decode()

    assert shown() == sees_draft
    assert (client.get(strategy_url).status_code == 200) == sees_draft
    Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.CONSULTATION)
    assert shown()
    assert client.get(strategy_url).status_code == 200
