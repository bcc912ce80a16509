"""Inviting a list of people from a spreadsheet: the "invitations" kind of the import wizard.

Columns: e-mail address, role, language of the e-mail, name (role and language may be written
as a code or a name in any of the three languages: "facilitator", "moderátor", "ro", "română").
The wizard's rules hold: every row is checked before anything is sent, a list with any problem
invites nobody, and an address already invited to the role, or already holding it, is reported
as such and skipped, so importing the same list again invites no one twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cultiva.core.imports import ImportKind, RowResult, register
from cultiva.core.imports.matching import fold
from cultiva.core.site import site_url
from cultiva.processes import people
from cultiva.processes.models import ProcessRole
from cultiva.processes.rules import can_manage_people

NAME_LIMIT = 150


def _words_of(choices, extra: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """{folded word: code}: each choice's code and its label in every language."""
    words: dict[str, str] = {}
    for code, label in choices:
        words[fold(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                words.setdefault(fold(str(label)), code)
        for word in (extra or {}).get(code, ()):
            words.setdefault(fold(word), code)
    return words


LANGUAGE_WORDS = {
    "hu": ("magyar", "maghiară", "Hungarian"),
    "ro": ("román", "română", "Romanian"),
    "en": ("angol", "engleză", "English"),
}


class InvitationsKind(ImportKind):
    name = "invitations"
    scope = "process"
    url_namespace = "processes"
    url_prefix = "invitations_import_"
    title = gettext_lazy("Invite people from a spreadsheet")
    start_intro = gettext_lazy(
        "Upload an Excel (XLSX) or CSV file with one person per row: e-mail address, role, "
        "language of the e-mail (hu, ro or en; Hungarian when empty) and, if you wish, a name. "
        "Every row is checked before anything is sent; a list with a problem invites nobody. "
        "Addresses already invited to the role, or holding it, are skipped."
    )
    notes_heading = gettext_lazy("Skipped: already invited, or already holding the role")
    aliases = {
        "email": ("e-mail", "email", "e-mail cím", "adresă de e-mail", "mail"),
        "role": ("szerep", "rol"),
        "language": ("nyelv", "limbă", "limba"),
        "name": ("név", "nume", "full name"),
    }

    def permission(self, user, process):
        return can_manage_people(user, process)

    def scope_from_request(self, request, slug=None):
        from cultiva.processes.views import get_visible_process

        return get_visible_process(request, slug)

    def targets(self, *, process):
        return [
            ("email", _("E-mail address"), True),
            ("role", _("Role"), True),
            ("language", _("Language of the e-mail"), False),
            ("name", _("Name"), False),
        ]

    def rows_check(self, *, rows, mapping, formulas, process, actor) -> list[RowResult]:
        roles = _words_of(ProcessRole.Role.choices)
        languages = _words_of(settings.LANGUAGES, LANGUAGE_WORDS)

        def cell(cells, key) -> str:
            column = mapping.get(key)
            if column is None or column >= len(cells):
                return ""
            return str(cells[column] or "").strip()

        results: list[RowResult] = []
        first_row: dict[tuple[str, str], int] = {}
        for number, cells in rows:
            result = RowResult(number=number)
            results.append(result)
            if formulas and formulas.get(number):
                result.problems.append(
                    _("Formula cells are not imported; enter the value instead of the formula.")
                )
            email = cell(cells, "email").lower()
            try:
                validate_email(email)
            except ValidationError:
                result.problems.append(
                    _("This is not a valid e-mail address: %(address)s") % {"address": email or "—"}
                )
            role_text = cell(cells, "role")
            role = roles.get(fold(role_text))
            if role is None:
                result.problems.append(_("Unknown role: %(role)s") % {"role": role_text or "—"})
            language_text = cell(cells, "language")
            language = (
                languages.get(fold(language_text)) if language_text else settings.LANGUAGE_CODE
            )
            if language is None:
                result.problems.append(
                    _("Unknown language: %(language)s") % {"language": language_text}
                )
            name = cell(cells, "name")
            if len(name) > NAME_LIMIT:
                result.problems.append(
                    _("The name is too long (at most %(limit)d characters).")
                    % {"limit": NAME_LIMIT}
                )
            result.values = {"email": email, "role": role, "language": language, "name": name}
            if result.problems:
                continue
            if (email, role) in first_row:
                result.duplicate = True
                result.repeated_row = first_row[(email, role)]
            else:
                first_row[(email, role)] = number
        obstacles = people.invitation_obstacles(process=process, pairs=list(first_row))
        for result in results:
            values = result.values
            obstacle = obstacles.get((values.get("email"), values.get("role")))
            if obstacle and result.ok and result.repeated_row is None:
                result.duplicate = True
                result.notes.append(f"{values['email']}: {obstacle}")
        fresh = [r for r in results if r.ok and not r.duplicate]
        if len(fresh) > people.MAX_INVITATIONS_AT_ONCE:
            fresh[-1].problems.append(
                _("At most %(limit)s invitations can be sent at once; this would be %(count)s.")
                % {"limit": people.MAX_INVITATIONS_AT_ONCE, "count": len(fresh)}
            )
        return results

    def rows_commit(self, *, batch, rows, actor, process) -> int:
        created = people.invitations_create_many(
            actor=actor,
            process=process,
            rows=[people.InvitationRow(**row.values) for row in rows],
            base_url=site_url(),
        )
        return len(created)

    def commit_label(self, count: int) -> str:
        return ngettext("Send %(counter)s invitation", "Send %(counter)s invitations", count) % {
            "counter": count
        }

    def done_message(self, batch) -> str:
        return (
            ngettext(
                "%(counter)s invitation is on its way.",
                "%(counter)s invitations are on their way.",
                batch.created_count,
            )
            % {"counter": batch.created_count}
            + " "
            + ngettext(
                "%(counter)s row was skipped: already invited or holding the role.",
                "%(counter)s rows were skipped: already invited or holding the role.",
                batch.skipped_count,
            )
            % {"counter": batch.skipped_count}
        )

    def done_text(self, batch) -> str:
        return self.done_message(batch)

    def done_link(self, process):
        return _("Invitations"), reverse("processes:invitations", args=[process.slug])

    def section(self, process):
        return _("Invitations"), reverse("processes:invitations", args=[process.slug])


def register_kind() -> None:
    register(InvitationsKind())
