"""Uploads nobody imported are deleted after a while, files included."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import ImportBatch


def make_batch(world, *, status, age_days):
    batch = ImportBatch(
        process=world.process,
        uploaded_by=world.facilitator,
        filename="ötletek.csv",
        file_hash="0" * 64,
        status=status,
    )
    batch.file.save("stale-test.csv", ContentFile(b"title;body\n"), save=False)
    batch.save()
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(days=age_days)
    )
    return batch


def test_stale_unimported_uploads_are_deleted_with_their_files(
    world, django_capture_on_commit_callbacks
):
    old = make_batch(world, status=ImportBatch.Status.CHECKED, age_days=10)
    recent = make_batch(world, status=ImportBatch.Status.CHECKED, age_days=1)
    done = make_batch(world, status=ImportBatch.Status.COMMITTED, age_days=30)
    old_name = old.file.name
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_cleanup", "--days", "7", stdout=out)
    assert "1" in out.getvalue()  # how many were deleted, in the active language
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    assert not default_storage.exists(old_name)
    assert ActivityLog.objects.filter(verb="import.discarded", target_id=str(old.pk)).exists()


def test_days_must_be_positive(db):
    with pytest.raises(CommandError):
        call_command("import_cleanup", "--days", "0")
