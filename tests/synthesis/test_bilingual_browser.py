"""A facilitator adds the Romanian version of a statement from the translation queue; a
Romanian-speaking participant then votes on it, reading it in Romanian."""

from __future__ import annotations

import pytest

from cultiva.synthesis.models import Conversation, OpinionVote, Statement
from tests.factories import make_world
from tests.synthesis.test_opinion_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_translates_from_the_queue_and_a_romanian_reader_votes(new_page, axe_check):  # noqa: F811
    world = make_world()
    world.member.preferred_language = "ro"
    world.member.save(update_fields=["preferred_language"])
    poll = Conversation.objects.create(process=world.process, title="Mi kell a falvaknak?")
    statement = Statement.objects.create(
        conversation=poll, text={"hu": "Legyen táncház minden faluban."}, language="hu"
    )
    slug = world.process.slug

    facilitator = new_page()
    log_in(facilitator, world.facilitator)
    facilitator.goto(f"/p/{slug}/translations/")
    axe_check(facilitator)
    facilitator.locator(f"li[data-statement='{statement.pk}'] a").click()
    facilitator.wait_for_url(f"**/statements/{statement.pk}/languages/?next=queue")
    axe_check(facilitator)
    facilitator.fill(
        "#statement-languages textarea[lang=ro]", "Să fie casă de dans în fiecare sat."
    )
    facilitator.locator("#statement-languages button[type=submit]").click()
    facilitator.wait_for_url(f"**/p/{slug}/translations/")
    assert facilitator.locator(f"li[data-statement='{statement.pk}']").count() == 0
    statement.refresh_from_db()
    assert statement.text["ro"] == "Să fie casă de dans în fiecare sat."

    reader = new_page(locale="ro-RO")
    log_in(reader, world.member)
    reader.goto(f"/p/{slug}/polls/{poll.pk}/")
    shown = reader.locator(f"#statement-{statement.pk}")
    assert shown.inner_text() == "Să fie casă de dans în fiecare sat."
    assert shown.get_attribute("lang") == "ro"
    assert reader.locator("[data-untranslated]").count() == 0
    axe_check(reader)
    reader.locator("button[data-vote=agree]").click()
    reader.wait_for_selector("#poll[data-voted='1']")
    assert OpinionVote.objects.get(voter=world.member).statement_id == statement.pk
