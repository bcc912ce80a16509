"""The gap page's cache: its key changes with every change the matrix depends on."""

import pytest
from django.urls import reverse

from cultiva.ideas.models import Contribution, Support
from cultiva.portfolio.gap_selectors import gap_data_version
from cultiva.portfolio.models import ProjectOrigin
from tests.factories import make_contribution, make_project, make_settlement, make_term


@pytest.fixture
def setting(db, world):
    heritage = make_term("domain", "heritage")
    csik = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík", siruta=85760)
    need = make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        domains=[heritage],
        settlements=[csik],
    )
    other = make_contribution(world.process, world.outsider, kind=Contribution.Kind.NEED)
    return {"heritage": heritage, "csik": csik, "need": need, "other": other}


def test_every_change_the_matrix_reads_changes_the_version(world, setting):
    need, other, csik = setting["need"], setting["other"], setting["csik"]
    seen = {gap_data_version()}

    def changed() -> bool:
        version = gap_data_version()
        fresh = version not in seen
        seen.add(version)
        return fresh

    assert not changed()  # reading twice: the same key
    support = Support.objects.create(contribution=need, person=world.outsider)
    assert changed()
    Support.objects.filter(pk=support.pk).update(contribution=other)  # merging duplicates
    assert changed()
    project = make_project(world.process)
    assert changed()
    ProjectOrigin.objects.create(project=project, contribution=need)
    assert changed()
    project.settlements.set([csik])
    assert changed()
    project.domains.set([setting["heritage"]])
    assert changed()
    need.settlements.set([])
    assert changed()
    csik.name_hu = "Csíkszentdomokos falu"
    csik.save()
    assert changed()
    need.status = Contribution.Status.HIDDEN
    need.save()
    assert changed()


def test_the_page_changes_right_after_a_project_takes_up_a_need(client, world, setting):
    url = reverse("portfolio:gaps", args=[world.process.slug]) + "?rows=settlements"
    row = '<th scope="row">Csíkszentdomokos / Sândominic</th>'
    first = client.get(url).content.decode().split(row, 1)[1].split("</tr>", 1)[0]
    assert 'class="gap-cell is-gap"' in first
    again = client.get(url).content.decode().split(row, 1)[1].split("</tr>", 1)[0]
    assert again == first  # from the cache: the same row

    project = make_project(world.process)
    project.domains.set([setting["heritage"]])
    project.settlements.set([setting["csik"]])
    ProjectOrigin.objects.create(project=project, contribution=setting["need"])
    after = client.get(url).content.decode()
    assert "is-gap" not in after.split(row, 1)[1].split("</tr>", 1)[0]
