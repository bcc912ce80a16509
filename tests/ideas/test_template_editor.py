"""Coordinators shape the process's contribution form: add, edit, reorder, remove fields."""

from __future__ import annotations

from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import ExtraField
from tests.ideas.test_submission_helpers import make_field


def _add(client, world, **data):
    client.force_login(world.coordinator)
    return client.post(reverse("ideas:template_add", args=[world.process.slug]), data)


def test_coordinator_adds_a_choice_field_in_three_languages(client, world):
    response = _add(
        client,
        world,
        label_hu="Kinek szól?",
        label_ro="Cui se adresează?",
        label_en="Who is it for?",
        help_text_hu="Válasszon egyet.",
        kind="single_choice",
        choices="Gyerekek | Copii | Children\nIdősek | Vârstnici | Elderly\n\n",
        is_required="on",
    )
    assert response.status_code == 302
    field = ExtraField.objects.get(process=world.process)
    assert field.label == {"hu": "Kinek szól?", "ro": "Cui se adresează?", "en": "Who is it for?"}
    assert field.help_text == {"hu": "Válasszon egyet."}
    assert field.choices == [
        {"hu": "Gyerekek", "ro": "Copii", "en": "Children"},
        {"hu": "Idősek", "ro": "Vârstnici", "en": "Elderly"},
    ]
    assert field.is_required and field.key == "kinek-szol" and field.position == 0
    assert ActivityLog.objects.filter(verb="contribution_template.field_added").count() == 1
    listing = client.get(reverse("ideas:template", args=[world.process.slug]))
    assert "Kinek szól?" in listing.content.decode()


def test_choice_field_without_choices_is_refused_and_keeps_the_input(client, world):
    response = _add(client, world, label_hu="Célcsoport", kind="multiple_choice", choices=" \n")
    assert response.status_code == 200
    assert "choices" in response.context["form"].errors
    assert 'value="Célcsoport"' in response.content.decode()
    assert not ExtraField.objects.exists()


def test_label_is_required(client, world):
    response = _add(client, world, kind="text")
    assert response.status_code == 200 and "label" in response.context["form"].errors
    assert not ExtraField.objects.exists()


def test_duplicate_key_is_refused_with_a_message(client, world):
    make_field(world.process, "budget", "text")
    response = _add(client, world, label_hu="Költség", key="budget", kind="number")
    assert response.status_code == 200 and "key" in response.context["form"].errors
    assert ExtraField.objects.count() == 1


def test_keys_from_labels_are_made_unique(client, world):
    _add(client, world, label_hu="Partner", kind="text")
    _add(client, world, label_hu="Partner", kind="text")
    assert sorted(ExtraField.objects.values_list("key", flat=True)) == ["partner", "partner-2"]
    assert sorted(ExtraField.objects.values_list("position", flat=True)) == [0, 1]


def test_edit_shows_choices_as_lines_and_saves_changes(client, world):
    field = make_field(
        world.process,
        "kor",
        "single_choice",
        choices=[{"hu": "Fiatal", "ro": "Tânăr", "en": "Young"}],
    )
    client.force_login(world.coordinator)
    url = reverse("ideas:template_edit", args=[world.process.slug, field.pk])
    page = client.get(url).content.decode()
    assert "Fiatal | Tânăr | Young" in page
    response = client.post(
        url,
        {
            "label_hu": "Korosztály",
            "kind": "multiple_choice",
            "key": "kor",
            "choices": "Fiatal | Tânăr | Young\nIdős | Vârstnic",
        },
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.kind == "multiple_choice" and field.label == {"hu": "Korosztály"}
    assert field.choices[1] == {"hu": "Idős", "ro": "Vârstnic"}
    entry = ActivityLog.objects.get(verb="contribution_template.field_changed")
    assert entry.changes["kind"] == ["single_choice", "multiple_choice"]


def test_reorder_and_delete(client, world):
    first = make_field(world.process, "a", "text", position=0)
    second = make_field(world.process, "b", "text", position=1)
    third = make_field(world.process, "c", "text", position=2)
    client.force_login(world.coordinator)
    slug = world.process.slug
    client.post(reverse("ideas:template_move", args=[slug, third.pk]), {"direction": "up"})
    client.post(reverse("ideas:template_move", args=[slug, first.pk]), {"direction": "up"})
    order = list(ExtraField.objects.order_by("position").values_list("key", flat=True))
    assert order == ["a", "c", "b"]
    confirm = client.get(reverse("ideas:template_delete", args=[slug, second.pk]))
    assert confirm.status_code == 200 and ExtraField.objects.filter(pk=second.pk).exists()
    client.post(reverse("ideas:template_delete", args=[slug, second.pk]))
    assert list(ExtraField.objects.values_list("key", flat=True)) == ["a", "c"]
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"contribution_template.field_moved", "contribution_template.field_removed"} <= verbs


def test_field_of_another_process_is_not_found(client, world):
    from tests.factories import make_process

    other = make_field(make_process(), "x", "text")
    client.force_login(world.coordinator)
    url = reverse("ideas:template_edit", args=[world.process.slug, other.pk])
    assert client.get(url).status_code == 404
