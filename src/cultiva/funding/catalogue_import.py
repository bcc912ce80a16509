"""Calls as an import kind of the core wizard: one call per row of a CSV or XLSX file.

Funders and programmes are found by name (any language, diacritics ignored) or created; the
funder's domains likewise (a new one is mapped to the Cultiva domain of the same name). Every
row's terms go through `funding.call_validation`, so a row with a minimum above its maximum, a
deadline before its opening or an unknown currency is refused with the column named, and the
wizard imports nothing while any row is refused. A call with the same funder, programme and
code is updated, or skipped when the file says nothing new: importing a file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cultiva.accounts.models import Organisation
from cultiva.accounts.organisation_import import LEGAL_FORM_WORDS
from cultiva.core.imports import LANGUAGES, ImportKind, RowResult, register
from cultiva.core.imports.matching import SettlementMatcher, fold
from cultiva.core.models import County, Settlement, TaxonomyTerm
from cultiva.funding import call_validation, rules
from cultiva.funding import catalogue_services as services
from cultiva.funding.models import Call, Funder, OwnContributionForm, Programme

LIST_SPLIT = re.compile(r"[;\n]")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
COUNTRY_NAMES = {
    "RO": ("romania", "romania", "romania", "roumanie", "rumania", "romanien"),
    "HU": ("hungary", "magyarorszag", "ungaria", "hongrie"),
    "MD": ("moldova", "republic of moldova", "moldova kozt", "republica moldova"),
    "UA": ("ukraine", "ukrajna", "ucraina"),
    "RS": ("serbia", "szerbia"),
    "SK": ("slovakia", "szlovakia", "slovacia"),
    "AT": ("austria", "ausztria"),
}
YES = {"yes", "igen", "da", "y", "i", "1", "true", "x"}
NO = {"no", "nem", "nu", "n", "0", "false", ""}

CONTRIBUTION_WORDS = {
    "cash": ("keszpenz", "numerar", "penz", "bani"),
    "in_kind": ("in kind", "termeszetbeni", "natura", "in natura"),
    "volunteering": ("onkentes munka", "onkentesseg", "voluntariat"),
    "income": ("bevetel", "venit", "venituri", "project income"),
}


def _words(words: dict, choices) -> dict[str, str]:
    found = {fold(word): value for value, aliases in words.items() for word in aliases}
    for value, label in choices:
        found[fold(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                found[fold(str(label))] = value
    return found


def parse_number(text: str):
    """A number as people write it: "250000", "250 000", "250.000", "250,000", "12,5"."""
    text = (text or "").strip().replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return "bad"
    return number if number.is_finite() else "bad"


def parse_date(text: str):
    text = (text or "").strip()
    if not text:
        return None
    text = text.split("T")[0].split(" ")[0].rstrip(".")
    for pattern in ("%Y-%m-%d", "%Y.%m.%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return "bad"


def parse_moment(text: str):
    """A deadline: a date (at 23:59) or a date and time, in the site's time zone."""
    text = (text or "").strip()
    day = parse_date(text)
    if day in (None, "bad"):
        return day
    clock = dt.time(23, 59)
    match = re.search(r"[T ](\d{1,2}):(\d{2})", text)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        clock = dt.time(int(match.group(1)), int(match.group(2)))
    return timezone.make_aware(dt.datetime.combine(day, clock))


def _country_of(text: str) -> str:
    """An ISO code (RO), or a country's name in English, Hungarian or Romanian."""
    if COUNTRY.match(text):
        return text.upper()
    folded = fold(text)
    return next((code for code, names in COUNTRY_NAMES.items() if folded in names), "")


def _parts(text: str) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(text or "") if part.strip()]


class CallsKind(ImportKind):
    name = "funding_calls"
    scope = "process"
    url_namespace = "funding"
    url_prefix = "calls_import_"
    title = gettext_lazy("Import calls")
    start_title = gettext_lazy("Import grant calls from a spreadsheet")
    start_intro = gettext_lazy(
        "Upload an Excel (XLSX) or CSV file with one call per row: funder, programme, call "
        "code, title, currency at least. Lists (legal forms, domains, places, deadlines, "
        "documents) are separated by semicolons. A call with the same funder, programme and "
        "code is updated; every row is checked before anything is saved."
    )
    aliases = {
        "funder": ("tamogato", "finantator", "funder"),
        "programme": ("program", "programme", "program name"),
        "code": ("example call", "call code", "kod", "cod", "kiiras kodja", "cod apel"),
        "title_en": ("title", "cim", "titlu"),
        "applicant_types": ("applicant types", "palyazok", "solicitanti"),
        "domains": ("domains", "teruletek", "domenii"),
        "activity_in": ("geography", "activity", "activity in", "helyszin", "loc de desfasurare"),
        "registered_in": ("registered", "registered in", "bejegyzes", "sediu"),
        "individuals_admitted": ("individuals", "maganszemelyek", "persoane fizice"),
        "own_contribution_forms": ("own contribution forms", "onresz formai"),
        "total_budget": ("total budget", "teljes keret", "buget total"),
        "implementation_start": ("implementation start",),
        "implementation_end": ("implementation end",),
        "checked_on": ("date checked", "checked on", "ellenorizve"),
        "min_amount": ("min amount", "minimum", "min"),
        "max_amount": ("max amount", "maximum", "max"),
        "currency": ("penznem", "moneda", "valuta"),
        "own_contribution_min_pct": ("own contribution min pct", "onresz", "contributie proprie"),
        "funding_rate_max_pct": ("funding rate max pct", "tamogatasi arany", "rata de finantare"),
        "partners_min": ("partners min", "partners", "partnerek", "parteneri"),
        "countries_min": ("countries min", "countries", "orszagok", "tari"),
        "duration_max_months": ("duration max months", "duration", "idotartam", "durata"),
        "opens_on": ("opens", "opening", "nyitas", "deschidere"),
        "deadlines": ("deadline", "deadlines", "hatarido", "termen limita"),
        "max_applications_per_applicant": ("max applications per applicant",),
        "exclusions": ("notes", "exclusions", "kizarasok", "excluderi"),
        "source_url": ("source", "forras", "sursa", "link"),
        "documents": ("documents", "dokumentumok", "documente"),
    }

    def permission(self, user, process):
        return rules.can_manage_catalogue(user, process)

    def scope_from_request(self, request, slug=None):
        from cultiva.processes.views import get_visible_process

        return get_visible_process(request, slug)

    def targets(self, *, process):
        return [
            ("funder", gettext_lazy("Funder"), True),
            ("programme", gettext_lazy("Programme"), True),
            ("code", gettext_lazy("Call code"), True),
            ("title_hu", gettext_lazy("Title in Hungarian"), False),
            ("title_ro", gettext_lazy("Title in Romanian"), False),
            ("title_en", gettext_lazy("Title in English"), False),
            ("applicant_types", gettext_lazy("Applicants, as the call words it"), False),
            ("legal_forms", gettext_lazy("Legal forms admitted"), False),
            ("individuals_admitted", gettext_lazy("Natural persons may apply"), False),
            ("domains", gettext_lazy("Domains"), False),
            ("registered_in", gettext_lazy("Applicants registered in"), False),
            ("activity_in", gettext_lazy("Activity in"), False),
            ("min_amount", gettext_lazy("Minimum amount"), False),
            ("max_amount", gettext_lazy("Maximum amount"), False),
            ("currency", gettext_lazy("Currency"), True),
            ("total_budget", gettext_lazy("Total budget"), False),
            ("own_contribution_min_pct", gettext_lazy("Minimum own contribution (%)"), False),
            ("funding_rate_max_pct", gettext_lazy("Maximum funding rate (%)"), False),
            ("own_contribution_forms", gettext_lazy("What may count as own contribution"), False),
            ("partners_min", gettext_lazy("Minimum partners"), False),
            ("countries_min", gettext_lazy("Minimum countries"), False),
            ("duration_max_months", gettext_lazy("Maximum duration (months)"), False),
            ("max_applications_per_applicant", gettext_lazy("Applications per applicant"), False),
            ("opens_on", gettext_lazy("Opens on"), False),
            ("deadlines", gettext_lazy("Deadlines"), False),
            ("implementation_start", gettext_lazy("Implementation from"), False),
            ("implementation_end", gettext_lazy("Implementation until"), False),
            ("exclusions", gettext_lazy("Exclusions"), False),
            ("documents", gettext_lazy("Required documents"), False),
            ("source_url", gettext_lazy("Source"), False),
            ("checked_on", gettext_lazy("Date checked"), False),
        ]

    # --- the dry run --------------------------------------------------------------------

    def _reference(self, process) -> dict:
        funders = list(Funder.objects.filter(process=process).prefetch_related("domains"))
        funder_index = {}
        for funder in funders:
            for name in [funder.short_name, *(funder.name or {}).values()]:
                if name:
                    funder_index.setdefault(fold(name), funder)
        programmes = {}
        for programme in Programme.objects.filter(funder__process=process):
            for name in (programme.name or {}).values():
                if name:
                    programmes.setdefault((programme.funder_id, fold(name)), programme)
        calls = {
            (call.programme_id, call.code): call
            for call in Call.objects.filter(process=process).prefetch_related(
                "areas", "deadlines", "documents", "domains"
            )
        }
        counties = {}
        for county in County.objects.all():
            for name in (county.name_ro, county.name_hu):
                if name:
                    counties.setdefault(fold(name), county.pk)
                    counties.setdefault(fold(f"{name} county"), county.pk)
        settlements = SettlementMatcher(
            list(Settlement.objects.values("id", "siruta", "name_hu", "name_ro")), []
        )
        terms = {}
        for term in TaxonomyTerm.objects.filter(vocabulary="domain"):
            terms.setdefault(fold(term.slug), term.pk)
            for name in (term.name or {}).values():
                if name:
                    terms.setdefault(fold(name), term.pk)
        return {
            "funders": funder_index,
            "programmes": programmes,
            "calls": calls,
            "counties": counties,
            "settlements": settlements,
            "terms": terms,
            "legal_forms": _words(LEGAL_FORM_WORDS, Organisation.LegalForm.choices),
            "contribution_forms": _words(CONTRIBUTION_WORDS, OwnContributionForm.choices),
        }

    def rows_check(self, *, rows, mapping, formulas, process, actor):
        ref = self._reference(process)
        labels = {key: str(label) for key, label, _required in self.targets(process=process)}
        language = (translation.get_language() or "hu")[:2]
        if language not in LANGUAGES:
            language = "en"
        seen: dict[tuple, int] = {}
        results = []
        for number, cells in rows:

            def cell(key, cells=cells):
                column = mapping.get(key)
                return cells[column].strip() if column is not None and column < len(cells) else ""

            result = RowResult(number=number)
            values, problems = result.values, result.problems

            def problem(key, message, problems=problems, **more):
                problems.append(message % {"field": labels[key], **more})

            for column in formulas.get(number, ()):
                if column in mapping.values():
                    problems.append(
                        _("Formula cells are not imported; enter the value instead of the formula.")
                    )
                    break
            for key in ("funder", "programme", "code", "currency"):
                if not cell(key):
                    problem(key, _("%(field)s is missing."))
            for key in ("funder", "programme", "code"):
                if len(cell(key)) > (60 if key == "code" else 200):
                    problem(key, _("%(field)s is too long."))
            title = {code: cell(f"title_{code}") for code in LANGUAGES if cell(f"title_{code}")}
            if not title:
                problems.append(_("The title is missing (in Hungarian, Romanian or English)."))
            fields: dict = {
                "code": cell("code")[:60],
                "title": title,
                "currency": cell("currency").upper(),
            }
            for key in ("applicant_types", "exclusions"):
                fields[key] = {language: cell(key)} if cell(key) else {}
            source = cell("source_url")
            if source and not re.match(r"^https?://", source):
                source = "https://" + source
            fields["source_url"] = source[:200]
            fields["individuals_admitted"] = False
            admitted = fold(cell("individuals_admitted"))
            if admitted in YES:
                fields["individuals_admitted"] = True
            elif admitted not in NO:
                problem(
                    "individuals_admitted",
                    _("%(field)s: write yes or no, not “%(value)s”."),
                    value=cell("individuals_admitted"),
                )
            for key in (*call_validation.AMOUNT_FIELDS, *call_validation.PERCENT_FIELDS):
                number = parse_number(cell(key))
                if number == "bad":
                    problem(key, _("%(field)s: “%(value)s” is not a number."), value=cell(key))
                    number = None
                fields[key] = number
            for key in (
                "partners_min",
                "countries_min",
                "duration_max_months",
                "max_applications_per_applicant",
            ):
                number = parse_number(cell(key))
                if number == "bad" or (number is not None and number != int(number)):
                    problem(
                        key, _("%(field)s: “%(value)s” is not a whole number."), value=cell(key)
                    )
                    number = None
                fields[key] = int(number) if number is not None else None
            for key in ("opens_on", "implementation_start", "implementation_end", "checked_on"):
                day = parse_date(cell(key))
                if day == "bad":
                    problem(
                        key,
                        _("%(field)s: “%(value)s” is not a date (write it as 2025-03-31)."),
                        value=cell(key),
                    )
                    day = None
                fields[key] = day
            deadlines = []
            for part in _parts(cell("deadlines")):
                moment = parse_moment(part)
                if moment == "bad":
                    problem(
                        "deadlines",
                        _("%(field)s: “%(value)s” is not a date (write it as 2025-03-31)."),
                        value=part,
                    )
                else:
                    deadlines.append({"due_at": moment, "stage": {}})
            fields["legal_forms"] = []
            for part in _parts(cell("legal_forms").replace(",", ";")):
                value = ref["legal_forms"].get(fold(part))
                if value is None:
                    problem(
                        "legal_forms",
                        _("%(field)s: unknown legal form “%(value)s”."),
                        value=part,
                    )
                elif value not in fields["legal_forms"]:
                    fields["legal_forms"].append(value)
            fields["own_contribution_forms"] = []
            for part in _parts(cell("own_contribution_forms").replace(",", ";")):
                value = ref["contribution_forms"].get(fold(part))
                if value is None:
                    problem(
                        "own_contribution_forms",
                        _("%(field)s: unknown form “%(value)s”."),
                        value=part,
                    )
                elif value not in fields["own_contribution_forms"]:
                    fields["own_contribution_forms"].append(value)
            areas = []
            for basis in ("registered", "activity"):
                key = f"{basis}_in"
                for part in _parts(cell(key)):
                    area = {"basis": basis, "country": "", "county": None, "settlement": None}
                    country = _country_of(part)
                    if country:
                        area["country"] = country
                    elif fold(part) in ref["counties"]:
                        area["county"] = ref["counties"][fold(part)]
                    else:
                        pk, trouble, _note = ref["settlements"].lookup(part)
                        if pk is None:
                            problem(
                                key,
                                _(
                                    "%(field)s: “%(value)s” is neither a country code (RO, "
                                    "HU), a county nor a settlement."
                                ),
                                value=part,
                            )
                            continue
                        area["settlement"] = pk
                    areas.append(area)
            documents = [
                {"name": {language: part[:300]}, "required": True}
                for part in _parts(cell("documents"))
            ]
            domain_labels = _parts(cell("domains"))
            if not problems:
                checked = {k: v for k, v in fields.items() if k in call_validation.field_labels()}
                checked["deadlines"] = [d["due_at"] for d in deadlines]
                for messages in call_validation.call_terms_problems(
                    checked,
                    labels={k: labels[k] for k in call_validation.field_labels() if k in labels},
                ).values():
                    problems.extend(messages)
            # Only what the file has a column for is written: a column left out leaves
            # that term of an existing call as it is.
            values.update(
                funder=cell("funder")[:200],
                programme=cell("programme")[:200],
                fields={k: v for k, v in fields.items() if k in ("code", "title") or k in mapping},
                areas=areas if {"registered_in", "activity_in"} & set(mapping) else None,
                deadlines=deadlines if "deadlines" in mapping else None,
                documents=documents if "documents" in mapping else None,
                domains=domain_labels if "domains" in mapping else None,
            )
            if not problems:
                funder = ref["funders"].get(fold(cell("funder")))
                programme = (
                    ref["programmes"].get((funder.pk, fold(cell("programme")))) if funder else None
                )
                call = ref["calls"].get((programme.pk, fields["code"])) if programme else None
                key = (fold(cell("funder")), fold(cell("programme")), fields["code"])
                if call is not None:
                    problems.extend(_merged_problems(call, values, labels))
                if problems:
                    results.append(result)
                    continue
                if key in seen:
                    result.duplicate = True
                    result.repeated_row = seen[key]
                elif call is not None and not _differs(call, values, funder):
                    result.duplicate = True
                elif call is not None:
                    result.notes.append(
                        _("%(code)s: the call is already in the catalogue; it will be updated.")
                        % {"code": fields["code"]}
                    )
                seen.setdefault(key, number)
            results.append(result)
        return results

    # --- the import ---------------------------------------------------------------------

    def rows_commit(self, *, batch, rows, actor, process) -> int:
        ref = self._reference(process)
        created = 0
        for row in rows:
            values = row.values
            funder = ref["funders"].get(fold(values["funder"]))
            if funder is None:
                funder = services.funder_save(
                    actor=actor,
                    process=process,
                    fields={
                        "name": {"en": values["funder"]},
                        "short_name": values["funder"][:40],
                        "kind": Funder.Kind.NATIONAL,
                    },
                )
                ref["funders"][fold(values["funder"])] = funder
            programme = ref["programmes"].get((funder.pk, fold(values["programme"])))
            if programme is None:
                programme = services.programme_save(
                    actor=actor,
                    process=process,
                    funder=funder,
                    fields={"name": {"en": values["programme"]}},
                )
                ref["programmes"][(funder.pk, fold(values["programme"]))] = programme
            domain_ids = (
                None
                if values["domains"] is None
                else _domain_ids(funder, values["domains"], ref["terms"], actor, process)
            )
            call = Call.objects.filter(
                process=process, programme=programme, code=values["fields"]["code"]
            ).first()
            _call, outcome = services.call_write(
                actor=actor,
                process=process,
                programme=programme,
                fields=values["fields"],
                domains=domain_ids,
                areas=values["areas"],
                deadlines=values["deadlines"],
                documents=values["documents"],
                call=call,
            )
            created += outcome == "created"
        return created

    def commit_label(self, count):
        return ngettext("Import %(count)d call", "Import %(count)d calls", count) % {"count": count}

    def done_message(self, batch):
        updated = max(batch.row_count - batch.created_count - batch.skipped_count, 0)
        return _(
            "%(created)d calls added, %(updated)d updated; %(skipped)d rows skipped (already "
            "in the catalogue as they are, or repeated in the file)."
        ) % {"created": batch.created_count, "updated": updated, "skipped": batch.skipped_count}

    def done_text(self, batch):
        return f"{batch.filename}: {self.done_message(batch)}"

    def template_links(self, process):
        return [
            (
                _("Example file (CSV)"),
                reverse("funding:calls_import_example", args=[process.slug]),
            )
        ]

    def done_link(self, process):
        return _("See the funding catalogue"), reverse("funding:index", args=[process.slug])

    def section(self, process):
        return _("Funding"), reverse("funding:index", args=[process.slug])


def _domain_ids(funder, labels, terms, actor, process) -> list[int]:
    """The funder's domains named in the row (any language); new ones are added to the
    funder's list, mapped to the Cultiva domain of the same name when there is one."""
    if not labels:
        return []
    index = {}
    for domain in funder.domains.all():
        for text in (domain.label or {}).values():
            if text:
                index.setdefault(fold(text), domain.pk)
    missing = [label for label in labels if fold(label) not in index]
    if missing:
        rows = [
            {
                "id": domain.pk,
                "label": domain.label,
                "terms": [t.pk for t in domain.terms.all()],
            }
            for domain in funder.domains.prefetch_related("terms")
        ]
        language = (translation.get_language() or "en")[:2]
        for label in dict.fromkeys(missing):
            term = terms.get(fold(label))
            rows.append({"label": {language: label}, "terms": [term] if term else []})
        services.funder_save(actor=actor, process=process, fields={}, domains=rows, funder=funder)
        for domain in funder.domains.all():
            for text in (domain.label or {}).values():
                if text:
                    index.setdefault(fold(text), domain.pk)
    return list(dict.fromkeys(index[fold(label)] for label in labels if fold(label) in index))


def _merged_problems(call: Call, values: dict, labels: dict) -> list[str]:
    """The problems of an existing call's terms once the row is applied (a new minimum
    against the kept maximum, a new opening against the kept deadlines)."""
    names = call_validation.field_labels()
    terms = {key: getattr(call, key) for key in names if key != "deadlines"}
    terms.update({k: v for k, v in values["fields"].items() if k in names})
    kept = values["deadlines"]
    terms["deadlines"] = (
        [d.due_at for d in call.deadlines.all()] if kept is None else [d["due_at"] for d in kept]
    )
    found = call_validation.call_terms_problems(
        terms, labels={k: labels[k] for k in names if k in labels}
    )
    return [message for messages in found.values() for message in messages]


def _differs(call: Call, values: dict, funder) -> bool:
    """Whether the row would change the call (a row that would not is skipped)."""
    for key, value in values["fields"].items():
        if getattr(call, key) != value:
            return True
    if values["areas"] is not None:
        areas = {(a.basis, a.country, a.county_id, a.settlement_id) for a in call.areas.all()}
        wanted = {(a["basis"], a["country"], a["county"], a["settlement"]) for a in values["areas"]}
        if areas != wanted:
            return True
    if values["deadlines"] is not None and {d.due_at for d in call.deadlines.all()} != {
        d["due_at"] for d in values["deadlines"]
    }:
        return True
    if values["documents"] is not None:
        names = [set((d.name or {}).values()) for d in call.documents.all()]
        wanted_names = [set(d["name"].values()) for d in values["documents"]]
        if len(names) != len(wanted_names) or any(
            not (a & b) for a, b in zip(names, wanted_names, strict=False)
        ):
            return True
    if values["domains"] is None:
        return False
    domains = {fold(text) for d in call.domains.all() for text in (d.label or {}).values() if text}
    labels = {fold(label) for label in values["domains"]}
    return not labels <= domains or len(labels) != len(call.domains.all())


KIND = register(CallsKind())
