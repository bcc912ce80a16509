from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.imports.parsing import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file (XLSX or CSV)"),
        help_text=_("At most 5 MB and 5,000 rows. The first row must name the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)d MB can be imported at once.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class MappingForm(forms.Form):
    """One select per field the import can fill, listing the file's columns."""

    def __init__(self, *args, header: list[str], targets: list[tuple], initial_columns, **kw):
        super().__init__(*args, **kw)
        options = [("", _("— not in the file —"))] + [
            (str(index), name or _("column %(number)d") % {"number": index + 1})
            for index, name in enumerate(header)
        ]
        self.target_keys = []
        for key, label, required in targets:
            name = self.field_name(key)
            self.target_keys.append((name, key))
            initial = initial_columns.get(key)
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=options,
                required=required,
                initial="" if initial is None else str(initial),
            )
            if required:
                self.fields[name].error_messages["required"] = _(
                    "Choose the column that holds this required field."
                )

    @staticmethod
    def field_name(key: str) -> str:
        return "map__" + key.replace(":", "__")

    def mapping(self) -> dict[str, int]:
        return {
            key: int(self.cleaned_data[name])
            for name, key in self.target_keys
            if self.cleaned_data.get(name) not in (None, "")
        }

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for name, _key in self.target_keys:
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            if value in used:
                self.add_error(name, _("This column is already used for another field."))
            used[value] = name
        return cleaned
