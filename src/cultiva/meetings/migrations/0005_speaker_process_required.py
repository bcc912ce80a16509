"""Speakers belong to a process (3 of 3): every speaker has one; one record per person."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_speaker_process_data")]

    operations = [
        migrations.AlterField(
            model_name="speaker",
            name="process",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="speakers",
                to="processes.process",
                verbose_name="process",
            ),
        ),
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person__isnull", False)),
                fields=("process", "person"),
                name="speaker_once_per_process",
            ),
        ),
    ]
