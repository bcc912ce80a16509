"""Speakers belong to a process (1 of 3): the field, empty for now; see 0004."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_fulltext_search"),
        ("processes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="process",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="speakers",
                to="processes.process",
                verbose_name="process",
            ),
        ),
        migrations.AlterField(
            model_name="speaker",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="speaker_profiles",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
    ]
