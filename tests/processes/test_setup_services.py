"""Creating, editing and copying processes and their phases: validation and the activity log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cultiva.core.models import ActivityLog, MicroRegion
from cultiva.ideas.models import Contribution, ExtraField
from cultiva.processes import services
from cultiva.processes.logos import MAX_LOGO_BYTES, check_logo
from cultiva.processes.models import Phase, Process, ProcessRole
from cultiva.processes.timeline import TimelineBar, timeline_svg
from tests.factories import make_contribution, make_county, make_settlement, make_user

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 1)
END = dt.date(2027, 12, 31)
# The smallest valid PNG: a 1×1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def _values(**overrides):
    values = {
        "slug": "csik-2027",
        "title": {"hu": "Csíki kulturális stratégia", "ro": "Strategia culturală Ciuc"},
        "description": {"hu": "Leírás"},
        "county": make_county(),
        "languages": ["hu", "ro"],
        "starts_on": START,
        "ends_on": END,
    }
    values.update(overrides)
    return values


def _admin():
    from cultiva.accounts.models import User

    existing = User.objects.filter(email="admin@example.org").first()
    return existing or make_user("admin@example.org", is_staff=True, is_superuser=True)


def _process(actor=None, **overrides):
    return services.process_create(actor=actor or _admin(), **_values(**overrides))


def _phase(process, actor, **overrides):
    values = {
        "kind": Phase.Kind.SUBMISSION,
        "title": {"hu": "Ötletgyűjtés"},
        "starts_on": dt.date(2027, 2, 1),
        "ends_on": dt.date(2027, 3, 31),
        "accepts_contributions": True,
    }
    values.update(overrides)
    return services.phase_create(actor=actor, process=process, **values)


def test_admin_creates_a_process_names_coordinators_and_it_is_logged():
    admin = _admin()
    anna, bela = make_user("anna@example.org"), make_user("bela@example.org")
    settlement = make_settlement()
    process = services.process_create(
        actor=admin,
        coordinators=[anna, bela],
        micro_regions=[settlement.micro_region],
        settlements=[settlement],
        **_values(),
    )
    assert not process.is_published
    assert set(process.roles.values_list("user__email", "role")) == {
        ("anna@example.org", "coordinator"),
        ("bela@example.org", "coordinator"),
    }
    assert list(process.settlements.all()) == [settlement]
    created = ActivityLog.objects.get(verb="process.created")
    assert created.process == process and created.actor == admin
    assert created.changes["slug"] == "csik-2027"
    assert ActivityLog.objects.filter(verb="process_role.granted", process=process).count() == 2


def test_a_coordinator_who_creates_a_process_becomes_its_coordinator():
    coordinator = make_user("coord@example.org")
    process = _process(actor=coordinator)
    assert process.roles.filter(user=coordinator, role="coordinator").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": "Nem jó cím"}, "slug"),
        ({"ends_on": dt.date(2026, 12, 1)}, "ends_on"),
        ({"languages": []}, "languages"),
        ({"languages": ["de"]}, "languages"),
    ],
)
def test_bad_process_values_are_refused_on_their_field(overrides, field):
    with pytest.raises(ValidationError) as refused:
        _process(**overrides)
    assert field in refused.value.message_dict
    assert not Process.objects.exists()


def test_slug_must_be_unique_with_a_message():
    _process()
    with pytest.raises(ValidationError) as refused:
        _process(title={"hu": "Másik"})
    assert refused.value.message_dict["slug"] == ["Egy másik folyamatnak már ez a rövid címe."]


def test_territory_outside_the_county_is_refused():
    other_county_region = MicroRegion.objects.create(
        county=make_county().__class__.objects.create(siruta=10, name_ro="Alba"), name="Alsó"
    )
    with pytest.raises(ValidationError) as refused:
        _process(micro_regions=[other_county_region])
    assert "micro_regions" in refused.value.message_dict


def test_update_records_only_what_changed_and_keeps_phases_inside():
    admin = _admin()
    process = _process(actor=admin)
    _phase(process, admin)
    values = _values(title={"hu": "Új cím"}, is_published=True)
    services.process_update(actor=admin, process=process, **values)
    entry = ActivityLog.objects.get(verb="process.updated")
    assert set(entry.changes) == {"title", "is_published"}
    with pytest.raises(ValidationError) as refused:
        services.process_update(
            actor=admin,
            process=process,
            **_values(starts_on=dt.date(2027, 3, 1), is_published=True),
        )
    assert "starts_on" in refused.value.message_dict


def test_phase_validation_end_after_start_inside_process_no_overlap_of_same_kind():
    admin = _admin()
    process = _process(actor=admin)
    _phase(process, admin)
    with pytest.raises(ValidationError) as refused:
        _phase(process, admin, starts_on=dt.date(2027, 5, 1), ends_on=dt.date(2027, 4, 1))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _phase(process, admin, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2027, 1, 5))
    assert "starts_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _phase(process, admin, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 4, 30))
    assert "Átfedésben" in refused.value.message_dict["starts_on"][0]
    # Another kind may run at the same time; the same kind may follow.
    _phase(process, admin, kind=Phase.Kind.WORKSHOPS, title={"hu": "Műhelyek"})
    _phase(process, admin, starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 4, 30))
    assert process.phases.count() == 3


def test_phase_edit_move_and_delete_are_logged():
    admin = _admin()
    process = _process(actor=admin)
    first = _phase(process, admin)
    second = _phase(process, admin, kind=Phase.Kind.CONSULTATION, title={"hu": "Konzultáció"})
    # Editing a phase does not collide with itself.
    services.phase_update(
        actor=admin,
        phase=first,
        kind=first.kind,
        title={"hu": "Gyűjtés"},
        starts_on=first.starts_on,
        ends_on=dt.date(2027, 4, 15),
        accepts_contributions=True,
        accepts_votes=True,
    )
    services.phase_move(actor=admin, phase=second, up=True)
    assert list(process.phases.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    services.phase_delete(actor=admin, phase=first)
    assert list(process.phases.all()) == [second]
    verbs = list(ActivityLog.objects.filter(process=process).values_list("verb", flat=True))
    for verb in ("phase.created", "phase.updated", "phase.moved", "phase.deleted"):
        assert verb in verbs


def test_copy_shifts_phases_keeps_the_template_and_no_participants_data():
    admin = _admin()
    copier = make_user("copier@example.org")
    member = make_user("member@example.org")
    process = _process(actor=admin, coordinators=[copier], is_published=True)
    ProcessRole.objects.create(process=process, user=member, role="member")
    _phase(process, admin)
    ExtraField.objects.create(process=process, key="budget", label={"hu": "Költség"}, kind="number")
    make_contribution(process, member)
    copy = services.process_copy(
        actor=copier,
        source=process,
        slug="csik-2028",
        title={"hu": "Csík 2028"},
        starts_on=dt.date(2028, 1, 1),
    )
    shift = dt.date(2028, 1, 1) - START
    assert not copy.is_published and copy.ends_on == END + shift
    assert copy.languages == ["hu", "ro"] and copy.county == process.county
    phase = copy.phases.get()
    assert phase.starts_on == dt.date(2027, 2, 1) + shift and phase.accepts_contributions
    assert list(copy.extra_fields.values_list("key", flat=True)) == ["budget"]
    assert list(copy.roles.values_list("user__email", "role")) == [
        ("copier@example.org", "coordinator")
    ]
    assert not Contribution.objects.filter(process=copy).exists()
    assert ActivityLog.objects.filter(verb="process.copied", process=copy).exists()
    assert ActivityLog.objects.filter(verb="contribution_template.copied", process=copy).exists()


def test_publishing_is_logged():
    admin = _admin()
    process = _process(actor=admin)
    services.process_set_published(actor=admin, process=process, is_published=True)
    process.refresh_from_db()
    assert process.is_published
    assert ActivityLog.objects.filter(verb="process.published", process=process).exists()


def test_logo_is_checked_by_content_and_size():
    assert check_logo(SimpleUploadedFile("logo.png", PNG)) == "image/png"
    with pytest.raises(ValidationError):
        check_logo(SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'></svg>"))
    with pytest.raises(ValidationError):
        check_logo(SimpleUploadedFile("logo.png", PNG + b"\0" * MAX_LOGO_BYTES))
    with pytest.raises(ValidationError):
        check_logo(SimpleUploadedFile("logo.png", b""))


def test_logo_is_stored_with_its_content_type(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    process = _process(logo=SimpleUploadedFile("anything.jpg", PNG))
    assert process.logo_content_type == "image/png"
    assert process.logo.name.endswith(".png")
    assert io.BytesIO(process.logo.read()).getvalue() == PNG


def test_timeline_draws_one_bar_per_phase_and_escapes_titles():
    svg = timeline_svg(
        title="Idővonal",
        starts_on=START,
        ends_on=END,
        bars=[
            TimelineBar("<b>Gyűjtés</b>", "submission", dt.date(2027, 2, 1), dt.date(2027, 3, 31)),
            TimelineBar("Konzultáció", "consultation", dt.date(2027, 6, 1), dt.date(2027, 6, 30)),
        ],
        today=dt.date(2027, 5, 1),
    )
    assert svg.count('class="timeline-bar') == 2
    assert "<b>" not in svg and "&lt;b&gt;Gyűjtés" in svg
    assert "timeline-today" in svg and "style=" not in svg
