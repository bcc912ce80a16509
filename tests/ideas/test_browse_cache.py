"""The contribution list under load: cached filter choices and rows read as plain values
must show exactly what the uncached page showed, to each reader, in each language."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cultiva.core.cache import REFERENCE_DATA, generation_bump, generation_cached
from cultiva.core.models import Settlement
from cultiva.core.territory import read_csv_upload, territory_load_csv
from cultiva.ideas.engagement.services import contribution_hide
from cultiva.ideas.models import Contribution, ContributionTranslation
from tests.factories import make_contribution, make_meeting, make_settlement, make_term

pytestmark = pytest.mark.django_db


def options(page: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of the options of the <select name=...>, "All" left out."""
    select = re.search(rf'<select id="[^"]+" name="{name}">(.*?)</select>', page, re.S)
    assert select, name
    return [
        (value, label)
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1])
        if value
    ]


def get(client: Client, url: str, language: str = "hu", **params) -> str:
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def url(world):
    return reverse("ideas:list", args=[world.process.slug])


def test_a_new_settlement_and_a_renamed_domain_show_at_once(world, url):
    client = Client()
    get(client, url)  # the choices are cached now
    make_settlement("Zetelaka", "Zetea", siruta=84999)
    term = make_term("domain", "film", hu="Film", ro="Film", en="Film")
    page = get(client, url)
    assert ("84999", "Zetelaka / Zetea") in options(page, "settlement")
    assert ("film", "Film") in options(page, "domain")

    term.name = {"hu": "Mozgókép", "ro": "Film", "en": "Cinema"}
    term.save()
    Settlement.objects.filter(siruta=84999).delete()
    page = get(client, url)
    assert ("film", "Mozgókép") in options(page, "domain")
    assert "84999" not in dict(options(page, "settlement"))


def test_settlements_loaded_in_bulk_show_at_once(world, url):
    client = Client()
    get(client, url)
    territory_load_csv(
        county_siruta=world.process.county.siruta,
        county_name_ro="Harghita",
        county_name_hu="Hargita",
        uat_rows=read_csv_upload(
            "siruta,type,name_ro,name_hu,micro_region,lat,lon\n"
            "85000,commune,Lueta,Lövéte,Udvarhelyszék,46.3,25.4\n".encode()
        ),
    )
    page = get(client, url)
    assert ("85000", "Lövéte / Lueta") in options(page, "settlement")
    assert "Udvarhelyszék" in dict(options(page, "micro_region")).values()


def test_a_value_computed_before_a_commit_is_not_kept_after_it(
    world, django_capture_on_commit_callbacks
):
    """Another request may read the rows while a change is being written, before it commits;
    what it caches then must not outlive the commit."""
    generation_cached(REFERENCE_DATA, "probe", lambda: "old rows")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generation_bump(REFERENCE_DATA)
        # As another request would, between the change and its commit:
        assert generation_cached(REFERENCE_DATA, "probe", lambda: "old rows again") == (
            "old rows again"
        )
    assert generation_cached(REFERENCE_DATA, "probe", lambda: "new rows") == "new rows"


def test_each_language_gets_its_own_names_and_alphabet(world, url):
    make_settlement("Csíkszentdomokos", "Sândominic", siruta=84101)
    make_settlement("Árapatak", "Araci", siruta=84102)
    make_settlement("Zsögöd", "Jigodin", siruta=84103)
    make_term("domain", "dance", hu="Tánc", ro="Dans", en="Dance")
    client = Client()
    for _round in range(2):  # the second round is served from the cache
        hungarian = get(client, url, "hu")
        romanian = get(client, url, "ro")
        english = get(client, url, "en")
        hu_names = [label for value, label in options(hungarian, "settlement")]
        ro_names = [label for value, label in options(romanian, "settlement")]
        # Hungarian: Á after A, Cs after C, Zs after Z; Romanian first in Romanian.
        assert hu_names.index("Árapatak / Araci") < hu_names.index("Csíkszentdomokos / Sândominic")
        assert hu_names.index("Csíkszentdomokos / Sândominic") < hu_names.index("Zsögöd / Jigodin")
        assert "Araci / Árapatak" in ro_names and "Jigodin / Zsögöd" in ro_names
        assert ro_names.index("Jigodin / Zsögöd") < ro_names.index("Sândominic / Csíkszentdomokos")
        assert ("dance", "Tánc") in options(hungarian, "domain")
        assert ("dance", "Dans") in options(romanian, "domain")
        assert ("dance", "Dance") in options(english, "domain")


def test_draft_meetings_are_offered_to_staff_only_whoever_asked_first(world, url):
    draft = make_meeting(world.process, is_published=False)
    public = make_meeting(world.process)
    for meeting in (draft, public):
        make_contribution(world.process, world.member, meeting=meeting)
    staff, member, anonymous = Client(), Client(), Client()
    staff.force_login(world.facilitator)
    member.force_login(world.member)
    for client, sees_draft in ((staff, True), (member, False), (anonymous, False), (staff, True)):
        meetings = dict(options(get(client, url), "meeting"))
        assert str(public.pk) in meetings
        assert (str(draft.pk) in meetings) is sees_draft


def test_new_contributions_show_and_hidden_ones_disappear(world, url):
    client = Client()
    first = make_contribution(world.process, world.member, title="Első ötlet")
    assert "Első ötlet" in get(client, url)
    second = make_contribution(world.process, world.member, title="Második ötlet")
    page = get(client, url)
    assert "Első ötlet" in page and "Második ötlet" in page
    contribution_hide(contribution=second, actor=world.facilitator, reason="Sértő.")
    page = get(client, url)
    assert "Második ötlet" not in page and "Első ötlet" in page
    assert first.pk


def test_a_row_shows_names_translations_and_guests_escaped(world, url):
    music = make_term("domain", "music", hu="Zene <&>", ro="Muzică", en="Music")
    place = make_settlement("Gyergyószentmiklós", "Gheorgheni", siruta=83437)
    translated = make_contribution(
        world.process, world.member, title="Táncház minden faluban", domains=[music]
    )
    ContributionTranslation.objects.create(
        contribution=translated,
        language="ro",
        title="Casă de dans <b>în fiecare sat</b>",
        body="…",
        translated_by=world.facilitator,
    )
    guest = make_contribution(
        world.process, world.member, title="<script>alert(1)</script>", settlements=[place]
    )
    Contribution.objects.filter(pk=guest.pk).update(
        is_guest=True, guest_name="Kiss & Nagy", guest_organisation_name='"Dalárda"'
    )
    client = Client()
    hungarian = get(client, url, "hu")
    assert "<script>alert(1)" not in hungarian and "&lt;script&gt;alert(1)" in hungarian
    assert "Kiss &amp; Nagy · &quot;Dalárda&quot;" in hungarian
    assert '<span class="tag">Zene &lt;&amp;&gt;</span>' in hungarian
    assert ">Gyergyószentmiklós</td>" in hungarian
    assert "data-translated-mark" not in hungarian
    romanian = get(client, url, "ro")
    assert (
        'lang="ro">Casă de dans &lt;b&gt;în fiecare sat&lt;/b&gt;</a> '
        '<span class="tag" data-translated-mark>' in romanian
    )
    assert ">Gheorgheni</td>" in romanian
    assert f'href="/contributions/{translated.pk}/"' in romanian
