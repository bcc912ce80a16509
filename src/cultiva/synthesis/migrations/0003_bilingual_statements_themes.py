"""Statements, theme names and theme descriptions become multilingual ({"hu": ..., "ro": ...}).

The existing text is kept in its language: a statement made from a contribution takes the
contribution's language, others the language their text reads in (detected), and when the
text is too short to tell, the site's default language. The original language is recorded.
"""

import django.db.models
from django.conf import settings
from django.db import migrations

import cultiva.core.i18n


def _language_of(text: str) -> str:
    from cultiva.synthesis.text import detect_language

    codes = [code for code, _name in settings.LANGUAGES]
    language = detect_language(text) if text else ""
    return language if language in codes else settings.LANGUAGE_CODE


def _halves(text: str) -> dict:
    """A name typed as "Hungarian / Romanian": one version per language."""
    from cultiva.synthesis.text import detect_language

    parts = [part.strip() for part in (text or "").split(" / ")]
    if len(parts) == 2 and all(parts):
        languages = [detect_language(part) for part in parts]
        codes = [code for code, _name in settings.LANGUAGES]
        if languages[0] != languages[1] and set(languages) <= set(codes):
            return dict(zip(languages, parts, strict=True))
    return {}


def forwards(apps, schema_editor):
    Statement = apps.get_model("synthesis", "Statement")
    Theme = apps.get_model("synthesis", "Theme")
    for statement in Statement.objects.select_related("contribution").iterator():
        language = (
            statement.contribution.language
            if statement.contribution_id
            else _language_of(statement.text_original)
        )
        statement.language = language
        statement.text = {language: statement.text_original} if statement.text_original else {}
        statement.save(update_fields=["language", "text"])
    for theme in Theme.objects.iterator():
        language = _language_of(f"{theme.label_original} {theme.description_original}".strip())
        theme.language = language
        theme.label = _halves(theme.label_original) or (
            {language: theme.label_original} if theme.label_original else {}
        )
        theme.description = (
            {language: theme.description_original} if theme.description_original else {}
        )
        theme.save(update_fields=["language", "label", "description"])


def backwards(apps, schema_editor):
    Statement = apps.get_model("synthesis", "Statement")
    Theme = apps.get_model("synthesis", "Theme")

    def original(value, language):
        value = value or {}
        return value.get(language) or next((t for t in value.values() if t), "")

    for statement in Statement.objects.iterator():
        statement.text_original = original(statement.text, statement.language)
        statement.save(update_fields=["text_original"])
    for theme in Theme.objects.iterator():
        theme.label_original = original(theme.label, theme.language)[:200]
        theme.description_original = original(theme.description, theme.language)
        theme.save(update_fields=["label_original", "description_original"])


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0007_contribution_translation"),
        ("synthesis", "0002_conversation_import_fingerprint"),
    ]

    operations = [
        migrations.RenameField("statement", "text", "text_original"),
        migrations.RenameField("theme", "label", "label_original"),
        migrations.RenameField("theme", "description", "description_original"),
        migrations.AlterField(
            "statement", "text_original", django.db.models.TextField(blank=True, default="")
        ),
        migrations.AlterField(
            "theme", "label_original", django.db.models.CharField(max_length=200, blank=True)
        ),
        migrations.AlterField(
            "theme", "description_original", django.db.models.TextField(blank=True, default="")
        ),
        migrations.AddField(
            model_name="statement",
            name="text",
            field=cultiva.core.i18n.MultilingualField(default=dict, verbose_name="statement"),
        ),
        migrations.AddField(
            model_name="statement",
            name="language",
            field=django.db.models.CharField(
                blank=True,
                choices=[("hu", "Hungarian"), ("ro", "Romanian"), ("en", "English")],
                max_length=5,
                verbose_name="original language",
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="label",
            field=cultiva.core.i18n.MultilingualField(default=dict, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="theme",
            name="description",
            field=cultiva.core.i18n.MultilingualField(
                blank=True, default=dict, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="language",
            field=django.db.models.CharField(
                blank=True,
                choices=[("hu", "Hungarian"), ("ro", "Romanian"), ("en", "English")],
                max_length=5,
                verbose_name="original language",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("statement", "text_original"),
        migrations.RemoveField("theme", "label_original"),
        migrations.RemoveField("theme", "description_original"),
    ]
