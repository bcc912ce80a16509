"""Materials: who may add, download and remove them; uploads checked by content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.meetings import uploads
from cultiva.meetings.models import Material, Registration, Speaker
from cultiva.meetings.services.materials import material_create, material_delete
from tests.factories import make_meeting, make_term

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


# --- files built in memory -----------------------------------------------------------------


def make_pdf(text: str = "Hello") -> bytes:
    """A small valid one-page PDF whose page shows `text` (ASCII)."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def make_docx() -> bytes:
    content_types = (
        b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>'
    )
    return make_zip({"[Content_Types].xml": content_types, "word/document.xml": b"<w/>"})


def make_odp() -> bytes:
    return make_zip(
        {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"}
    )


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# --- uploads.check_upload ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("slides.pdf", make_pdf(), "pdf"),
        ("notes.docx", make_docx(), "docx"),
        ("deck.odp", make_odp(), "odp"),
        ("photo.png", PNG, "png"),
        ("jegyzet.txt", "Közművelődés, Școala".encode(), "txt"),
        ("adatok.csv", "név;szám\nÁrpád;3\n".encode("cp1250"), "csv"),
        ("README.md", b"# Title\n\nText", "md"),
    ],
)
def test_accepted_files_are_recognised_by_content(name, data, kind):
    checked = uploads.check_upload(upload(name, data), max_bytes=10_000_000)
    assert checked.kind == kind
    assert checked.content_type == uploads.KINDS[kind].content_type
    assert checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.pdf", b"", "empty"),
        ("virus.pdf", EXE, "mismatch"),
        ("archive.docx", make_zip({"a.txt": b"hello"}), "mismatch"),
        ("notes.docx", make_odp(), "mismatch"),
        ("photo.pdf", PNG, "mismatch"),
        ("binary.txt", bytes(range(256)) * 4, "mismatch"),
        ("program.exe", EXE, "type"),
        ("archive.zip", make_zip({"a.txt": b"hello"}), "type"),
        ("noextension", make_pdf(), "type"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "damaged"),
    ],
)
def test_refused_files(name, data, code):
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, data), max_bytes=10_000_000)
    assert refused.value.code == code


def test_oversized_file_names_the_limit():
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("big.txt", b"a" * 3_000_000), max_bytes=2 * 1024 * 1024)
    assert refused.value.code == "too_large"
    assert "2 MB" in refused.value.messages[0]


def test_zip_bomb_is_refused():
    limit = 100_000
    # 3 MB of zeros packs into a few kilobytes: 30× the limit once unpacked.
    bomb = make_zip(
        {
            "[Content_Types].xml": b"wordprocessingml.document.main+xml",
            "word/document.xml": b"\x00" * 3_000_000,
        }
    )
    assert len(bomb) < limit
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("innocent.docx", bomb), max_bytes=limit)
    assert refused.value.code == "zip_bomb"


def test_pdf_text_is_extracted_for_search():
    file = upload("slides.pdf", make_pdf("Szinhaztortenet Csikszereda"))
    assert "Szinhaztortenet" in uploads.extract_text(file, "pdf")
    assert uploads.extract_text(upload("x.pdf", b"%PDF-1.4 garbage"), "pdf") == ""


# --- adding materials ----------------------------------------------------------------------


@pytest.fixture
def meeting(world):
    return make_meeting(world.process)


@pytest.fixture
def speaker(world, meeting):
    speaker = Speaker.objects.create(
        process=world.process, person=world.expert, full_name="Dr. Szabó Anna"
    )
    meeting.speakers.add(speaker)
    return speaker


def form_data(**overrides):
    data = {
        "title": "Múzeumi pedagógia",
        "description": "Előadás diái",
        "language": "hu",
        "licence": Material.Licence.CC_BY,
        "visibility": Material.Visibility.PUBLIC,
    }
    data.update(overrides)
    return data


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, ["login", 403, 403, 200, 200], strict=True)),
)
def test_add_material_page_per_role(client, world, meeting, role, expected):
    login(client, world, role)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    assert outcome(client.get(url)) == expected


def test_speaker_uploads_a_pdf(client, world, meeting, speaker):
    topic = make_term("expertise", "management")
    client.force_login(world.expert)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    page = client.get(url)
    assert page.context["form"].initial["speaker"] == speaker.pk
    response = client.post(
        url,
        form_data(
            file=upload("diák.pdf", make_pdf("Muzeumpedagogia")),
            speaker=speaker.pk,
            topics=[topic.pk],
        ),
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "application/pdf"
    assert material.size > 0
    assert material.speaker == speaker
    assert list(material.topics.all()) == [topic]
    assert material.file.name.startswith("materials/") and material.file.name.endswith(".pdf")
    assert "diák" not in material.file.name  # stored under a name nobody can guess
    assert " muzeumpedagogia " in material.search_document
    assert " pedagogia " in material.search_document
    assert ActivityLog.objects.filter(verb="material.added", actor=world.expert).exists()


def test_facilitator_adds_a_link(client, world, meeting):
    client.force_login(world.facilitator)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    response = client.post(url, form_data(url="https://example.org/video"))
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.url == "https://example.org/video"
    assert not material.file and material.size == 0


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("virus.pdf", EXE, "mismatch"),
        ("archive.docx", make_zip({"a.txt": b"hello"}), "mismatch"),
        ("big.txt", b"a" * 5000, "too_large"),
        ("program.exe", EXE, "type"),
    ],
)
def test_refused_upload_shows_message_and_stores_nothing(
    client, world, meeting, settings, name, data, code
):
    settings.MATERIAL_MAX_BYTES = 4000
    client.force_login(world.facilitator)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    response = client.post(url, form_data(file=upload(name, data)))
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert errors[0].code == code
    assert errors[0].messages[0].replace("'", "&#x27;") in response.content.decode()
    assert not Material.objects.exists()
    assert not ActivityLog.objects.filter(verb="material.added").exists()


def test_zip_bomb_upload_is_refused(client, world, meeting, settings):
    settings.MATERIAL_MAX_BYTES = 100_000
    bomb = make_zip(
        {"[Content_Types].xml": b"wordprocessingml.document.main+xml", "x": b"0" * 3_000_000}
    )
    client.force_login(world.facilitator)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    response = client.post(url, form_data(file=upload("report.docx", bomb)))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "zip_bomb"
    assert not Material.objects.exists()


def test_empty_upload_is_refused(client, world, meeting):
    client.force_login(world.facilitator)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    response = client.post(url, form_data(file=upload("empty.pdf", b"")))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Material.objects.exists()


@pytest.mark.parametrize("extra", [{}, {"url": "https://example.org"}])
def test_file_or_link_one_of_the_two(client, world, meeting, extra):
    client.force_login(world.facilitator)
    url = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    data = form_data(**extra)
    if extra:
        data["file"] = upload("a.pdf", make_pdf())
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Material.objects.exists()


def test_service_checks_files_and_rules_too(world, meeting):
    with pytest.raises(PermissionDenied):
        material_create(
            actor=world.member,
            meeting=meeting,
            title="x",
            language="hu",
            licence="cc0-1.0",
            url="https://example.org",
        )
    with pytest.raises(ValidationError):
        material_create(
            actor=world.facilitator,
            meeting=meeting,
            title="x",
            language="hu",
            licence="cc0-1.0",
            file=upload("virus.pdf", EXE),
        )
    assert not Material.objects.exists()


# --- downloading and removing --------------------------------------------------------------


@pytest.fixture
def materials(world, meeting):
    made = {}
    for visibility in Material.Visibility.values:
        made[visibility] = material_create(
            actor=world.facilitator,
            meeting=meeting,
            title=f"Diák {visibility}",
            language="hu",
            licence="cc-by-4.0",
            visibility=visibility,
            file=upload("slides.pdf", make_pdf()),
        )
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    return made


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [
        ("public", [200, 200, 200, 200, 200]),
        ("participants", ["login", 403, 200, 200, 200]),
    ],
)
def test_download_per_role(client, world, materials, visibility, expected):
    material = materials[visibility]
    url = reverse("meetings:material_download", args=[world.process.slug, material.pk])
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        login(client, world, role)
        response = client.get(url)
        assert outcome(response) == status, role
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert 'filename="diak-' in response["Content-Disposition"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_of_another_process_material_is_404(client, world, materials):
    from tests.factories import make_process

    other = make_process()
    url = reverse("meetings:material_download", args=[other.slug, materials["public"].pk])
    assert client.get(url).status_code == 404


def test_link_material_redirects_after_the_check(client, world, meeting):
    material = material_create(
        actor=world.facilitator,
        meeting=meeting,
        title="Videó",
        language="hu",
        licence="cc-by-4.0",
        visibility="participants",
        url="https://example.org/video",
    )
    url = reverse("meetings:material_download", args=[world.process.slug, material.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "https://example.org/video"


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, ["login", 403, 403, 302, 302], strict=True)),
)
def test_delete_per_role(client, world, materials, role, expected):
    material = materials["public"]
    login(client, world, role)
    url = reverse("meetings:material_delete", args=[world.process.slug, material.pk])
    assert outcome(client.post(url)) == expected
    assert Material.objects.filter(pk=material.pk).exists() == (expected != 302)


def test_uploader_removes_own_material_and_the_file_goes(
    client, world, meeting, speaker, django_capture_on_commit_callbacks
):
    material = material_create(
        actor=world.expert,
        meeting=meeting,
        title="Saját",
        language="ro",
        licence="cc0-1.0",
        file=upload("a.pdf", make_pdf()),
    )
    storage, name = material.file.storage, material.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        material_delete(actor=world.expert, material=material)
    assert not storage.exists(name)
    log = ActivityLog.objects.get(verb="material.deleted")
    assert log.changes["title"] == "Saját"


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, ["login", 403, 403, 200, 200], strict=True)),
)
def test_delete_asks_for_confirmation_first(client, world, materials, role, expected):
    material = materials["public"]
    login(client, world, role)
    url = reverse("meetings:material_delete", args=[world.process.slug, material.pk])
    response = client.get(url, {"next": "https://evil.example/"})
    assert outcome(response) == expected
    if expected == 200:
        assert response.context["next"] == ""  # no open redirect
    assert Material.objects.filter(pk=material.pk).exists()


def test_delete_returns_to_a_safe_page(client, world, meeting, materials):
    client.force_login(world.coordinator)
    first = reverse("meetings:material_delete", args=[world.process.slug, materials["public"].pk])
    library = reverse("meetings:library", args=[world.process.slug])
    assert client.post(first, {"next": library})["Location"] == library
    second = reverse(
        "meetings:material_delete", args=[world.process.slug, materials["participants"].pk]
    )
    response = client.post(second, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("meetings:detail", args=[world.process.slug, meeting.pk])
    assert not Material.objects.exists()


def test_materials_can_be_added_after_the_meeting(world):
    # A meeting in the past still accepts materials from its staff (slides after the talk).
    past = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=2))
    material = material_create(
        actor=world.coordinator,
        meeting=past,
        title="Utólag",
        language="hu",
        licence="cc-by-4.0",
        url="https://example.org",
    )
    assert material.process == world.process
