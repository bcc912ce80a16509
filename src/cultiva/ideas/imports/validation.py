"""Checking mapped spreadsheet rows against the process's reference data. No ORM here.

The caller passes the reference data (settlements, domains, organisations, users, meetings,
extra fields) as plain dicts in a `Reference`; `rows_validate` returns one `RowResult` per
row, with the cleaned values ready to save and every problem in the active language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.imports import RowResult
from cultiva.core.imports.matching import (
    SettlementMatcher,
    fold,
    suggest,
    with_suggestions,
)
from cultiva.core.imports.matching import name_index as _index

__all__ = ["RowResult", "fold", "suggest"]

TITLE_MAX = 200
BODY_MAX = 20_000
TEXT_MAX = 5_000
EXTRA_TEXT_MAX = 2_000
AMOUNT_MAX = Decimal("999999999999.99")
LANGUAGES = ("hu", "ro", "en")

# The columns an import can fill: key, label (the template's header), required.
BASE_TARGETS: tuple[tuple[str, object, bool], ...] = (
    ("kind", gettext_lazy("Kind"), True),
    ("title", gettext_lazy("Title"), True),
    ("body", gettext_lazy("Description"), True),
    ("domains", gettext_lazy("Cultural domains"), False),
    ("settlements", gettext_lazy("Settlements"), False),
    ("target_groups", gettext_lazy("Target groups"), False),
    ("organisation", gettext_lazy("Organisation"), False),
    ("partners", gettext_lazy("Partners"), False),
    ("resources_needed", gettext_lazy("Resources needed"), False),
    ("amount_min", gettext_lazy("Amount needed, from"), False),
    ("amount_max", gettext_lazy("Amount needed, up to"), False),
    ("time_horizon", gettext_lazy("Time horizon"), False),
    ("language", gettext_lazy("Language"), False),
    ("meeting", gettext_lazy("Meeting"), False),
    ("author_email", gettext_lazy("Proposer's e-mail"), False),
)

# Extra header words recognised for each target, folded (no case, no diacritics).
ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("tipus", "fajta", "tip", "type", "kind"),
    "title": ("cim", "megnevezes", "titlu", "denumire", "title", "name"),
    "body": ("leiras", "reszletek", "descriere", "description", "body", "text", "szoveg"),
    "domains": ("terulet", "teruletek", "kulturalis terulet", "domeniu", "domenii", "domain"),
    "settlements": ("telepules", "telepulesek", "helyseg", "localitate", "localitati"),
    "target_groups": ("celcsoport", "celcsoportok", "grup tinta", "grupuri tinta"),
    "organisation": ("szervezet", "intezmeny", "organizatie", "institutie", "organization"),
    "partners": ("partnerek", "parteneri", "partners"),
    "resources_needed": ("eroforrasok", "szukseges eroforrasok", "resurse", "resurse necesare"),
    "amount_min": ("osszeg tol", "minimum", "suma minima", "min"),
    "amount_max": ("osszeg ig", "maximum", "suma maxima", "max"),
    "time_horizon": ("idotav", "idohorizont", "orizont de timp", "termen"),
    "language": ("nyelv", "limba", "language"),
    "meeting": ("talalkozo", "esemeny", "intalnire", "meeting"),
    "author_email": ("e-mail", "email", "e-mail cim", "adresa de e-mail"),
}

KIND_WORDS = {
    "idea": ("otlet", "idee", "idea", "ideea"),
    "need": ("szukseglet", "igeny", "nevoie", "need"),
    "shortcoming": ("hianyossag", "hiany", "deficienta", "lipsa", "shortcoming"),
    "good_practice": ("jo gyakorlat", "buna practica", "good practice", "good_practice"),
}
LANGUAGE_WORDS = {
    "hu": ("hu", "magyar", "maghiara", "hungarian"),
    "ro": ("ro", "roman", "romana", "romanian"),
    "en": ("en", "angol", "engleza", "english"),
}
YES_WORDS = ("igen", "da", "yes", "1", "x", "true", "i", "y")
NO_WORDS = ("nem", "nu", "no", "0", "false", "n")
SPLIT = re.compile(r"[;,\n]")
SPLIT_SEMICOLON = re.compile(r"[;\n]")


@dataclass
class Reference:
    """The process's reference data, as plain values."""

    settlements: list[dict] = field(default_factory=list)  # id, siruta, name_hu, name_ro
    # Villages: settlement_id (their administrative unit), name_hu, name_ro.
    localities: list[dict] = field(default_factory=list)
    domains: list[dict] = field(default_factory=list)  # id, slug, name {hu, ro, en}
    target_groups: list[dict] = field(default_factory=list)  # id, slug, name
    organisations: list[dict] = field(default_factory=list)  # id, names [..]
    users: dict[str, int] = field(default_factory=dict)  # lowercased e-mail → id
    meetings: list[dict] = field(default_factory=list)  # id, titles [..]
    extra_fields: list[dict] = field(default_factory=list)  # key, label, kind, choices, required
    default_author: int | None = None
    default_language: str = "hu"
    existing_keys: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._matcher = SettlementMatcher(self.settlements, self.localities)
        self._settlements = self._matcher.index
        self._domains = _index((d["id"], _term_names(d)) for d in self.domains)
        self._target_groups = _index((t["id"], _term_names(t)) for t in self.target_groups)
        self._organisations = _index((o["id"], o["names"]) for o in self.organisations)
        self._meetings = _index((m["id"], [*m["titles"], str(m["id"])]) for m in self.meetings)
        self._settlement_names = self._matcher.names
        self._domain_names = {d["id"]: _term_display(d) for d in self.domains}
        self._organisation_names = {
            o["id"]: o["names"][0] for o in self.organisations if o["names"]
        }

    def settlement_lookup(self, value: str) -> tuple[int | None, str | None, str | None]:
        """(unit id, problem, note) for a settlement cell: see SettlementMatcher.lookup."""
        return self._matcher.lookup(value)


def _term_names(term: dict) -> list[str]:
    return [term.get("slug", ""), *[value for value in term.get("name", {}).values() if value]]


def _term_display(term: dict) -> str:
    names = term.get("name", {})
    language = (translation.get_language() or "hu")[:2]
    return names.get(language) or names.get("hu") or names.get("ro") or term.get("slug", "")


# --- mapping ------------------------------------------------------------------------------


def targets(extra_fields: list[dict]) -> list[tuple[str, str, bool]]:
    """Every field a column can be mapped to: (key, label, required)."""
    base = [(key, str(label), required) for key, label, required in BASE_TARGETS]
    extra = [
        (f"extra:{f['key']}", _label(f["label"]), bool(f.get("required"))) for f in extra_fields
    ]
    return base + extra


def _label(value) -> str:
    if isinstance(value, dict):
        language = (translation.get_language() or "hu")[:2]
        return value.get(language) or value.get("hu") or value.get("ro") or ""
    return str(value or "")


def _target_words(extra_fields: list[dict]) -> dict[str, set[str]]:
    words: dict[str, set[str]] = {}
    for key, label, _required in BASE_TARGETS:
        names = {fold(key), *(fold(alias) for alias in ALIASES.get(key, ()))}
        for language in LANGUAGES:
            with translation.override(language):
                names.add(fold(str(label)))
        words[key] = names
    for extra in extra_fields:
        label = extra["label"]
        labels = label.values() if isinstance(label, dict) else [label]
        words[f"extra:{extra['key']}"] = {fold(extra["key"]), *(fold(v) for v in labels if v)}
    return words


def mapping_guess(header: list[str], extra_fields: list[dict]) -> dict[str, int]:
    """{target: column index}, by the header's names in Hungarian, Romanian or English."""
    words = _target_words(extra_fields)
    mapping: dict[str, int] = {}
    for column, name in enumerate(header):
        folded = fold(name.rstrip("* "))
        for target, names in words.items():
            if target not in mapping and folded in names:
                mapping[target] = column
                break
    return mapping


# --- values -------------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """As the contribution form stores numbers: "1500", "12.5"."""
    if value == value.to_integral():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def parse_amount(text: str) -> Decimal | None:
    """1 000 / 1.000 / 1,000.50 / 1.000,50 / 2500 lei → a Decimal; None if not a number."""
    cleaned = re.sub(r"(?i)\s|lei|ron|huf|eur|ft|€|\u00a0", "", text)
    if not cleaned or not re.fullmatch(r"-?[\d.,]+", cleaned):
        return None
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = cleaned.replace(",", "").replace(".", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _choice_words(table: dict[str, tuple[str, ...]], labels: dict[str, object]) -> dict[str, str]:
    words = {fold(word): value for value, aliases in table.items() for word in aliases}
    for value, label in labels.items():
        words.setdefault(fold(value), value)
        for language in LANGUAGES:
            with translation.override(language):
                words.setdefault(fold(str(label)), value)
    return words


def import_key(*, process_id: int, title: str, body: str, organisation: str, settlements) -> str:
    """The row's fingerprint: the same row imported again is recognised and skipped."""
    parts = [
        str(process_id),
        " ".join(fold(title).split()),
        " ".join(fold(body).split()),
        fold(organisation),
        ",".join(sorted(str(pk) for pk in settlements)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class RowChecker:
    """Validates rows one by one with the lookups built once."""

    def __init__(
        self,
        *,
        reference: Reference,
        mapping: dict[str, int],
        process_id: int,
        formulas: dict[int, set[int]] | None = None,
    ):
        from cultiva.ideas.models import Contribution

        self.reference = reference
        self.mapping = mapping
        self.process_id = process_id
        # Row number → columns holding a formula without a stored value (XLSX).
        self.formulas = formulas or {}
        self._row_formulas: set[int] = set()
        self.kinds = _choice_words(KIND_WORDS, dict(Contribution.Kind.choices))
        self.horizons = _choice_words(
            {
                "short": ("rovid", "rovid tavu", "termen scurt", "short"),
                "medium": ("kozep", "kozeptavu", "termen mediu", "medium"),
                "long": ("hosszu", "hosszu tavu", "termen lung", "long"),
            },
            dict(Contribution.TimeHorizon.choices),
        )
        self.languages = {word: code for code, words in LANGUAGE_WORDS.items() for word in words}
        self.seen_keys: dict[str, int] = {}  # fingerprint → first row of this file
        # Labels translated once, not once per row.
        self.labels = {key: str(label) for key, label, _required in BASE_TARGETS}
        self.unknown_domain = _("Unknown cultural domain “%(value)s”.")
        self.unknown_target_group = _("Unknown target group “%(value)s”.")
        self.extra_fields = {f"extra:{f['key']}": f for f in reference.extra_fields}

    def missing(self, problems: list[str], target: str, label) -> None:
        """A required cell is empty (one holding a formula is reported as such already)."""
        if self.mapping.get(target) not in self._row_formulas:
            problems.append(_("%(field)s is missing.") % {"field": label})

    def formula_problems(self, problems: list[str]) -> None:
        """Formula cells without a stored value: say so, rather than "missing"."""
        for target, column in self.mapping.items():
            if column in self._row_formulas:
                if target in self.extra_fields:
                    definition = self.extra_fields[target]
                    label = _label(definition["label"]) or definition["key"]
                else:
                    label = self.labels.get(target, target)
                problems.append(
                    _(
                        "%(field)s: formula cells are not imported; enter the value instead "
                        "of the formula."
                    )
                    % {"field": label}
                )

    def cell(self, cells: list[str], target: str) -> str:
        column = self.mapping.get(target)
        if column is None or column >= len(cells):
            return ""
        return cells[column].strip()

    def check(self, number: int, cells: list[str]) -> RowResult:
        ref = self.reference
        result = RowResult(number=number)
        values = result.values
        problems = result.problems
        self._row_formulas = self.formulas.get(number, set())
        self.formula_problems(problems)

        def text(target: str, label, limit: int, required: bool = False) -> str:
            value = self.cell(cells, target)
            if required and not value:
                self.missing(problems, target, label)
            elif len(value) > limit:
                problems.append(
                    _("%(field)s is too long (%(length)d characters, at most %(limit)d).")
                    % {"field": label, "length": len(value), "limit": limit}
                )
            return value

        kind_text = self.cell(cells, "kind")
        if not kind_text:
            self.missing(problems, "kind", self.labels["kind"])
        else:
            values["kind"] = self.kinds.get(fold(kind_text))
            if values["kind"] is None:
                problems.append(
                    _("Unknown kind “%(value)s”: use idea, need, shortcoming or good practice.")
                    % {"value": kind_text}
                )
        values["title"] = text("title", self.labels["title"], TITLE_MAX, required=True)
        values["body"] = text("body", self.labels["body"], BODY_MAX, required=True)
        values["partners"] = text("partners", self.labels["partners"], TEXT_MAX)
        values["resources_needed"] = text(
            "resources_needed", self.labels["resources_needed"], TEXT_MAX
        )

        values["domains"] = self._terms(
            cells,
            "domains",
            ref._domains,
            ref._domain_names,
            self.unknown_domain,
            problems,
        )
        values["target_groups"] = self._terms(
            cells, "target_groups", ref._target_groups, {}, self.unknown_target_group, problems
        )
        values["settlements"] = self._settlements(cells, problems, result.notes)

        organisation = self.cell(cells, "organisation")
        values["organisation"] = None
        if organisation:
            values["organisation"] = ref._organisations.get(fold(organisation))
            if values["organisation"] is None:
                problems.append(
                    with_suggestions(
                        _("Unknown organisation “%(value)s”.") % {"value": organisation},
                        suggest(organisation, ref._organisations, ref._organisation_names),
                    )
                )

        amounts = {}
        for target, label in (
            ("amount_min", self.labels["amount_min"]),
            ("amount_max", self.labels["amount_max"]),
        ):
            raw = self.cell(cells, target)
            amount = parse_amount(raw) if raw else None
            if raw and (amount is None or amount < 0 or amount > AMOUNT_MAX):
                problems.append(
                    _("%(field)s: “%(value)s” is not a valid amount.")
                    % {"field": label, "value": raw}
                )
                amount = None
            amounts[target] = amount
        low, high = amounts["amount_min"], amounts["amount_max"]
        if low is not None and high is not None and low > high:
            problems.append(_("The amount range is reversed: “from” is larger than “up to”."))
        values.update(amounts)

        horizon = self.cell(cells, "time_horizon")
        values["time_horizon"] = ""
        if horizon:
            values["time_horizon"] = self.horizons.get(fold(horizon), "")
            if not values["time_horizon"]:
                problems.append(_("Unknown time horizon “%(value)s”.") % {"value": horizon})

        language = self.cell(cells, "language")
        values["language"] = ref.default_language
        if language:
            code = self.languages.get(fold(language))
            if code is None:
                problems.append(
                    _("Unknown language “%(value)s”: use hu, ro or en.") % {"value": language}
                )
            else:
                values["language"] = code

        meeting = self.cell(cells, "meeting")
        values["meeting"] = None
        if meeting:
            values["meeting"] = ref._meetings.get(fold(meeting))
            if values["meeting"] is None:
                problems.append(
                    _("Unknown meeting “%(value)s” in this process.") % {"value": meeting}
                )

        email = self.cell(cells, "author_email").lower()
        values["author"] = ref.users.get(email) if email else None
        if email and "@" not in email:
            problems.append(_("“%(value)s” is not an e-mail address.") % {"value": email})
        if values["author"] is None:
            values["author"] = ref.default_author

        values["extra"] = self._extra(cells, problems, result.notes)

        if result.ok:
            key = import_key(
                process_id=self.process_id,
                title=values["title"],
                body=values["body"],
                organisation=organisation,
                settlements=values["settlements"],
            )
            values["import_key"] = key
            if key in self.seen_keys:
                result.duplicate = True
                result.repeated_row = self.seen_keys[key]
            elif key in ref.existing_keys:
                result.duplicate = True
            self.seen_keys.setdefault(key, number)
        return result

    def _terms(self, cells, target, index, names, message, problems) -> list[int]:
        raw = self.cell(cells, target)
        found: list[int] = []
        for part in SPLIT.split(raw):
            part = part.strip()
            if not part:
                continue
            pk = index.get(fold(part))
            if pk is None:
                problems.append(
                    with_suggestions(message % {"value": part}, suggest(part, index, names))
                )
            elif pk not in found:
                found.append(pk)
        return found

    def _settlements(self, cells, problems, notes) -> list[int]:
        raw = self.cell(cells, "settlements")
        found: list[int] = []
        for part in SPLIT.split(raw):
            part = part.strip()
            if not part:
                continue
            pk, problem, note = self.reference.settlement_lookup(part)
            if problem:
                problems.append(problem)
            if note and note not in notes:
                notes.append(note)
            if pk is not None and pk not in found:
                found.append(pk)
        return found

    def _extra(self, cells, problems, notes) -> dict:
        ref = self.reference
        extra: dict = {}
        for target, definition in self.extra_fields.items():
            label = _label(definition["label"]) or definition["key"]
            raw = self.cell(cells, target)
            if not raw:
                if definition.get("required"):
                    self.missing(problems, target, label)
                continue
            kind = definition["kind"]
            key = definition["key"]
            if kind == "number":
                number = parse_amount(raw)
                if number is None:
                    problems.append(
                        _("%(field)s: “%(value)s” is not a number.")
                        % {"field": label, "value": raw}
                    )
                else:
                    extra[key] = decimal_text(number)
            elif kind == "money_range":
                parts = [p for p in re.split(r"\s*[–—]\s*|\s+-\s+|\.\.", raw) if p.strip()]
                amounts = [parse_amount(p) for p in parts]
                if not 1 <= len(amounts) <= 2 or any(a is None or a < 0 for a in amounts):
                    problems.append(
                        _("%(field)s: “%(value)s” is not a valid amount.")
                        % {"field": label, "value": raw}
                    )
                else:
                    low, high = amounts[0], amounts[-1]
                    if low > high:
                        problems.append(_("%(field)s: the range is reversed.") % {"field": label})
                    extra[key] = {"min": decimal_text(low), "max": decimal_text(high)}
            elif kind in ("single_choice", "multiple_choice"):
                # choices: [(stored value, [names in every language]), ...]
                options = {}
                for stored, names in definition.get("choices") or []:
                    for name in [stored, *names]:
                        if name:
                            options.setdefault(fold(name), stored)
                parts = [raw] if kind == "single_choice" else SPLIT_SEMICOLON.split(raw)
                picked = []
                for part in (p.strip() for p in parts):
                    if not part:
                        continue
                    if fold(part) not in options:
                        problems.append(
                            _("%(field)s: “%(value)s” is not one of the choices.")
                            % {"field": label, "value": part}
                        )
                    else:
                        picked.append(options[fold(part)])
                if picked:
                    extra[key] = picked[0] if kind == "single_choice" else picked
            elif kind == "yes_no":
                if fold(raw) in YES_WORDS:
                    extra[key] = True
                elif fold(raw) in NO_WORDS:
                    extra[key] = False
                else:
                    problems.append(_("%(field)s: answer yes or no.") % {"field": label})
            elif kind == "date":
                match = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?", raw) or None
                if match is None:
                    problems.append(
                        _("%(field)s: “%(value)s” is not a date (YYYY-MM-DD).")
                        % {"field": label, "value": raw}
                    )
                else:
                    extra[key] = "{:04d}-{:02d}-{:02d}".format(*map(int, match.groups()))
            elif kind == "settlement":
                pk, problem, note = ref.settlement_lookup(raw)
                if problem:
                    problems.append(problem)
                else:
                    extra[key] = pk
                    if note and note not in notes:
                        notes.append(note)
            elif kind == "domain":
                pk = ref._domains.get(fold(raw))
                if pk is None:
                    problems.append(
                        with_suggestions(
                            self.unknown_domain % {"value": raw},
                            suggest(raw, ref._domains, ref._domain_names),
                        )
                    )
                else:
                    extra[key] = pk
            else:
                if len(raw) > EXTRA_TEXT_MAX:
                    problems.append(
                        _("%(field)s is too long (%(length)d characters, at most %(limit)d).")
                        % {"field": label, "length": len(raw), "limit": EXTRA_TEXT_MAX}
                    )
                extra[key] = raw
        return extra


def rows_validate(
    *,
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    reference: Reference,
    process_id: int,
    formulas: dict[int, set[int]] | None = None,
) -> list[RowResult]:
    checker = RowChecker(
        reference=reference, mapping=mapping, process_id=process_id, formulas=formulas
    )
    return [checker.check(number, cells) for number, cells in rows]
