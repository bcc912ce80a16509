"""The county's list of organisations as an import kind of the core wizard (platform-wide).

Coordinators upload a CSV or XLSX list; settlements are matched by name in Hungarian or
Romanian (diacritics ignored; a village maps to its administrative unit), sectors, legal forms
and domains by their names in any language. All rows or none are imported. A row whose tax
code is already registered, or whose name and settlement match an existing organisation, is
skipped: importing the same list again adds nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cultiva.accounts import rules
from cultiva.accounts.models import Organisation
from cultiva.accounts.organisations import cif_problem
from cultiva.core.activity import activity_record
from cultiva.core.imports import LANGUAGES, ImportKind, RowResult, register
from cultiva.core.imports.matching import (
    SettlementMatcher,
    fold,
    name_index,
    suggest,
    with_suggestions,
)
from cultiva.core.models import Locality, Settlement, TaxonomyTerm

NAME_MAX = 200

LEGAL_FORM_WORDS = {
    "public_institution": ("intezmeny", "kozintezmeny", "institutie", "institutie publica"),
    "local_government": (
        "onkormanyzat",
        "polgarmesteri hivatal",
        "primaria",
        "primarie",
        "consiliu local",
        "uat",
    ),
    "association": ("egyesulet", "asociatie", "asociatia"),
    "foundation": ("alapitvany", "fundatie", "fundatia"),
    "church": ("egyhaz", "egyhazkozseg", "plebania", "biserica", "parohie", "parohia"),
    "company": ("ceg", "vallalkozas", "kft", "srl", "sa", "societate", "companie"),
    "informal_group": ("informalis csoport", "grup informal"),
}
SIZE_WORDS = {
    "micro": ("1 4", "micro", "mikro"),
    "small": ("5 19", "small", "kicsi", "mic"),
    "medium": ("20 99", "medium", "kozepes", "mediu"),
    "large": ("100+", "100", "large", "nagy", "mare"),
}


def _choice_words(words: dict[str, tuple[str, ...]], choices) -> dict[str, str]:
    found = {fold(word): value for value, aliases in words.items() for word in aliases}
    for value, label in choices:
        found.setdefault(fold(value), value)
        for language in LANGUAGES:
            with translation.override(language):
                found.setdefault(fold(str(label)), value)
    return found


def _term_index(vocabulary: str) -> tuple[dict[str, int], dict[int, str]]:
    terms = list(TaxonomyTerm.objects.filter(vocabulary=vocabulary).values("id", "slug", "name"))
    index = name_index(
        (t["id"], [t["slug"], *[v for v in (t["name"] or {}).values() if v]]) for t in terms
    )
    names = {t["id"]: (t["name"] or {}).get("hu") or t["slug"] for t in terms}
    return index, names


def _name_key(name: str, settlement_id) -> str:
    return f"{' '.join(fold(name).split())}|{settlement_id}"


class OrganisationsKind(ImportKind):
    name = "organisations"
    scope = "platform"
    url_namespace = "accounts"
    url_prefix = "organisation_import_"
    title = gettext_lazy("Import organisations")
    start_title = gettext_lazy("Import the list of organisations")
    start_intro = gettext_lazy(
        "Upload an Excel (XLSX) or CSV file with one organisation per row: its name in "
        "Hungarian and/or Romanian, legal form, sector and settlement at least. Organisations "
        "already registered (same tax code, or same name and settlement) are skipped."
    )
    aliases = {
        "name_hu": ("nev", "magyar nev", "szervezet neve", "denumire maghiara"),
        "name_ro": ("denumire", "nume", "roman nev", "roman nyelvu nev"),
        "short_name": ("rovid nev", "rovidites", "acronim", "prescurtare"),
        "legal_form": ("jogi forma", "forma juridica"),
        "sector": ("agazat", "szektor", "sector"),
        "settlement": ("telepules", "helyseg", "localitate", "localitatea", "settlement"),
        "domains": ("teruletek", "kulturalis teruletek", "domenii", "domains"),
        "size_band": ("meret", "letszam", "marime", "size"),
        "registry_code": ("adoszam", "cui", "cif", "cod fiscal", "tax code"),
        "website": ("honlap", "weboldal", "site", "web"),
        "email": ("e-mail", "email", "e mail", "adresa de e-mail"),
    }

    def permission(self, user, process):
        return rules.can_import_organisations(user)

    def targets(self, *, process):
        return [
            ("name_hu", gettext_lazy("Name in Hungarian"), False),
            ("name_ro", gettext_lazy("Name in Romanian"), False),
            ("short_name", gettext_lazy("Short name"), False),
            ("legal_form", gettext_lazy("Legal form"), True),
            ("sector", gettext_lazy("Sector"), True),
            ("settlement", gettext_lazy("Settlement"), True),
            ("domains", gettext_lazy("Cultural domains"), False),
            ("size_band", gettext_lazy("Size"), False),
            ("registry_code", gettext_lazy("Tax code (CUI/CIF)"), False),
            ("website", gettext_lazy("Website"), False),
            ("email", gettext_lazy("Contact e-mail address of the organisation"), False),
        ]

    def rows_check(self, *, rows, mapping, formulas, process, actor):
        settlements = SettlementMatcher(
            list(Settlement.objects.values("id", "siruta", "name_hu", "name_ro")),
            list(Locality.objects.values("id", "settlement_id", "siruta", "name_hu", "name_ro")),
        )
        sectors, sector_names = _term_index("sector")
        domains, domain_names = _term_index("domain")
        legal_forms = _choice_words(LEGAL_FORM_WORDS, Organisation.LegalForm.choices)
        sizes = _choice_words(SIZE_WORDS, Organisation.SizeBand.choices)
        existing_codes = set(
            Organisation.objects.filter(merged_into__isnull=True)
            .exclude(registry_code="")
            .values_list("registry_code", flat=True)
        )
        existing_names = set()
        for names, settlement_id in Organisation.objects.filter(
            merged_into__isnull=True
        ).values_list("name", "settlement_id"):
            for name in (names or {}).values():
                if name:
                    existing_names.add(_name_key(name, settlement_id))
        labels = {key: str(label) for key, label, _required in self.targets(process=process)}
        url_valid = URLValidator(schemes=["http", "https"])
        seen: dict[str, int] = {}
        results = []
        for number, cells in rows:

            def cell(key, cells=cells):
                column = mapping.get(key)
                return cells[column].strip() if column is not None and column < len(cells) else ""

            result = RowResult(number=number)
            values, problems = result.values, result.problems
            for column in formulas.get(number, ()):
                if column in mapping.values():
                    problems.append(
                        _("Formula cells are not imported; enter the value instead of the formula.")
                    )
                    break
            names = {code: cell(f"name_{code}") for code in ("hu", "ro") if cell(f"name_{code}")}
            if not names:
                problems.append(_("The name is missing (in Hungarian, Romanian or both)."))
            for code, text in names.items():
                if len(text) > NAME_MAX:
                    problems.append(
                        _("%(field)s is too long (%(length)d characters, at most %(limit)d).")
                        % {"field": labels[f"name_{code}"], "length": len(text), "limit": NAME_MAX}
                    )
            values["name"] = names
            values["short_name"] = cell("short_name")[:60]

            def choose(key, words, message, cell=cell, problems=problems):
                raw = cell(key)
                if not raw:
                    return ""
                found = words.get(fold(raw))
                if found is None:
                    problems.append(message % {"value": raw})
                    return ""
                return found

            values["legal_form"] = choose(
                "legal_form", legal_forms, _("Unknown legal form “%(value)s”.")
            )
            if not cell("legal_form"):
                problems.append(_("%(field)s is missing.") % {"field": labels["legal_form"]})
            values["size_band"] = choose("size_band", sizes, _("Unknown size “%(value)s”."))
            sector_text = cell("sector")
            values["sector"] = sectors.get(fold(sector_text)) if sector_text else None
            if not sector_text:
                problems.append(_("%(field)s is missing.") % {"field": labels["sector"]})
            elif values["sector"] is None:
                problems.append(
                    with_suggestions(
                        _("Unknown sector “%(value)s”.") % {"value": sector_text},
                        suggest(sector_text, sectors, sector_names),
                    )
                )
            settlement_text = cell("settlement")
            values["settlement"] = None
            if not settlement_text:
                problems.append(_("%(field)s is missing.") % {"field": labels["settlement"]})
            else:
                pk, problem, note = settlements.lookup(settlement_text)
                values["settlement"] = pk
                if problem:
                    problems.append(problem)
                if note:
                    result.notes.append(note)
            values["domains"] = []
            for part in cell("domains").replace(",", ";").split(";"):
                part = part.strip()
                if not part:
                    continue
                pk = domains.get(fold(part))
                if pk is None:
                    problems.append(
                        with_suggestions(
                            _("Unknown cultural domain “%(value)s”.") % {"value": part},
                            suggest(part, domains, domain_names),
                        )
                    )
                elif pk not in values["domains"]:
                    values["domains"].append(pk)
            code, problem = cif_problem(cell("registry_code"))
            values["registry_code"] = code
            if problem:
                problems.append(problem)
            website = cell("website")
            if website and "://" not in website:
                website = "https://" + website
            if website:
                try:
                    url_valid(website)
                except ValidationError:
                    problems.append(
                        _("“%(value)s” is not a web address.") % {"value": cell("website")}
                    )
            values["website"] = website
            email = cell("email")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
            values["email"] = email
            # Already registered, or repeated in this file: skipped, never imported twice.
            keys = [f"code:{code}"] if code else []
            keys += [_name_key(name, values["settlement"]) for name in names.values()]
            if not problems:
                if (code and code in existing_codes) or any(k in existing_names for k in keys):
                    result.duplicate = True
                else:
                    earlier = next((seen[k] for k in keys if k in seen), None)
                    if earlier is not None:
                        result.duplicate = True
                        result.repeated_row = earlier
                for key in keys:
                    seen.setdefault(key, number)
            results.append(result)
        return results

    def rows_commit(self, *, batch, rows, actor, process) -> int:
        for row in rows:
            values = dict(row.values)
            domains = values.pop("domains")
            organisation = Organisation(
                created_by=actor,
                sector_id=values.pop("sector"),
                settlement_id=values.pop("settlement"),
                **values,
            )
            organisation.save()
            organisation.domains.set(domains)
            activity_record(
                actor=actor,
                verb="organisation.imported",
                target=organisation,
                changes={"import": batch.pk, "row": row.number},
            )
        return len(rows)

    def commit_label(self, count):
        return ngettext(
            "Import %(count)d organisation", "Import %(count)d organisations", count
        ) % {"count": count}

    def done_text(self, batch):
        return _(
            "%(name)s: %(created)d organisations imported, %(skipped)d rows skipped because "
            "they were already registered."
        ) % {"name": batch.filename, "created": batch.created_count, "skipped": batch.skipped_count}

    def done_message(self, batch):
        return _(
            "%(created)d organisations imported; %(skipped)d rows were skipped (already "
            "registered, or repeated in the file)."
        ) % {"created": batch.created_count, "skipped": batch.skipped_count}

    def done_link(self, process):
        return _("See the organisations"), reverse("accounts:organisation_list")

    def section(self, process):
        return _("Organisations"), reverse("accounts:organisation_list")


KIND = register(OrganisationsKind())
