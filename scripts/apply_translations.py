"""Fill catalogue entries from a JSON file {language: {msgid: msgstr}} and compile them.

Used when a handful of new strings arrive: `python scripts/apply_translations.py FILE.json`.
Entries that are translated here lose their fuzzy flag; other entries are left alone.
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "cultiva" / "locale"


def main(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    for language, strings in translations.items():
        po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.msgid in strings:
                value = strings[entry.msgid]
                if entry.msgid_plural:
                    forms = value if isinstance(value, list) else [value]
                    for index in entry.msgstr_plural:
                        entry.msgstr_plural[index] = forms[min(index, len(forms) - 1)]
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                # All of makemessages' guess goes: a lone `#| msgid_plural` breaks msgfmt.
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
        catalogue.save()
        subprocess.run(
            ["msgfmt", "--check", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True
        )


if __name__ == "__main__":
    main(sys.argv[1])
