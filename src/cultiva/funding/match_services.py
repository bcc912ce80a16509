"""The weekly digest of newly matching calls.

For each organisation: the open and upcoming calls for which one of its portfolio projects
(it leads) is eligible or eligible if, and of which it was not told yet (`MatchNotice`) → one
e-mail to each of its people who want "funding_matches" e-mails, in that person's language;
then the notices, so that a call is announced to an organisation once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.accounts.models import Organisation, User
from cultiva.accounts.notifications import notification_mail_send, people_wanting
from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.funding import match_selectors as selectors
from cultiva.funding import matching
from cultiva.funding.eligibility import ELIGIBLE, ELIGIBLE_IF, VERDICT_LABELS
from cultiva.funding.models import Call, MatchNotice
from cultiva.funding.money import format_date
from cultiva.portfolio.models import Project

logger = logging.getLogger(__name__)
KIND = "funding_matches"


def _new_matches(*, today: dt.date) -> dict[int, dict[int, list]]:
    """organisation id → call id → [(Match)] for the calls not announced to it yet."""
    found: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    process_ids = set(Call.objects.values_list("process_id", flat=True).distinct())
    for process_id in sorted(process_ids):
        projects = Project.objects.in_portfolio().filter(
            process_id=process_id, lead_organisation__isnull=False
        )
        facts = selectors.facts_of(projects)
        if not facts:
            continue
        calls = selectors.terms_of(Call.objects.filter(process_id=process_id))
        open_calls = [
            (call, terms)
            for call, terms in calls
            if matching.call_status(terms, today) != matching.CLOSED
        ]
        if not open_calls:
            continue
        rates = selectors.rates_for(process=open_calls[0][0].process)
        for call, terms in open_calls:
            for project, project_fact in facts:
                row = matching.match(terms, project_fact, rates, today)
                if row.verdict in (ELIGIBLE, ELIGIBLE_IF):
                    found[project.lead_organisation_id][call.pk].append(
                        matching.MatchRow(row, call_obj=call, project_obj=project)
                    )
    if not found:
        return {}
    told = set(
        MatchNotice.objects.filter(organisation_id__in=found).values_list(
            "organisation_id", "call_id"
        )
    )
    return {
        organisation_id: {
            c: rows for c, rows in by_call.items() if (organisation_id, c) not in told
        }
        for organisation_id, by_call in found.items()
    }


def _call_url(call: Call) -> str:
    path = reverse("funding:call_detail", args=[call.process.slug, call.pk])
    return settings.SITE_URL.rstrip("/") + path


def _digest_text(*, person, organisation, by_call: dict[int, list], language: str):
    with translation.override(language):
        count = len(by_call)
        name = localize(organisation.name, language)
        subject = ngettext(
            "A new funding call matches projects of %(organisation)s",
            "%(count)s new funding calls match projects of %(organisation)s",
            count,
        ) % {"count": count, "organisation": name}
        lines = [
            _("Hello %(name)s,") % {"name": person.public_name},
            "",
            ngettext(
                "This call may fund projects of %(organisation)s:",
                "These calls may fund projects of %(organisation)s:",
                count,
            )
            % {"organisation": name},
            "",
        ]
        for rows in by_call.values():
            call = rows[0].call_obj
            deadline = rows[0].call.last_deadline
            lines.append(f"* {localize(call.title, language)} ({call.programme.funder})")
            if deadline is not None:
                lines.append("  " + _("Deadline: %(date)s") % {"date": format_date(deadline)})
            for row in rows:
                lines.append(
                    f"  - {localize(row.project_obj.title, language)}: "
                    f"{VERDICT_LABELS[row.verdict]}"
                )
            lines.append("  " + _call_url(call))
            lines.append("")
        lines.append(
            _(
                "Open a call's page for its terms and the reasons why each project fits it "
                "or what it would have to change."
            )
        )
    return subject, "\n".join(lines)


def funding_digest_send(*, today: dt.date | None = None) -> int:
    """Send the digest of newly matching calls; returns how many e-mails went out."""
    today = today or timezone.localdate()
    pending = {org: by_call for org, by_call in _new_matches(today=today).items() if by_call}
    if not pending:
        return 0
    organisations = Organisation.objects.in_bulk(list(pending))
    sent = 0
    for organisation_id, by_call in pending.items():
        organisation = organisations[organisation_id]
        # Claim each (organisation, call) first: a second run at the same time sends nothing.
        claimed = {}
        with transaction.atomic():
            for call_id, rows in by_call.items():
                try:
                    with transaction.atomic():
                        MatchNotice.objects.create(organisation=organisation, call_id=call_id)
                except IntegrityError:
                    continue
                claimed[call_id] = rows
            if not claimed:
                continue
            people = people_wanting(
                User.objects.filter(memberships__organisation=organisation).distinct(), KIND
            )
            count = 0
            for person in people:
                language = person.preferred_language or settings.LANGUAGE_CODE
                subject, body = _digest_text(
                    person=person, organisation=organisation, by_call=claimed, language=language
                )
                try:
                    if notification_mail_send(
                        person=person,
                        kind=KIND,
                        subject=subject,
                        body=body,
                        language=language,
                        check=False,
                    ):
                        count += 1
                except Exception:
                    logger.exception("Funding digest to person %s could not be sent", person.pk)
            first_call = next(iter(claimed.values()))[0].call_obj
            activity_record(
                actor=None,
                verb="funding.digest_sent",
                target=organisation,
                process=first_call.process,
                changes={"calls": sorted(claimed), "emails": count},
            )
            sent += count
    return sent
