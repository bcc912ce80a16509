"""Every write of proposals and partner searches. Each function is one transaction, checks
its rule, and leaves an audit row; the people concerned are told by e-mail (the
"projects" kind of notification, which they may turn off)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, Organisation
from cultiva.accounts.notifications import notification_mail_send
from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.ideas.models import Contribution
from cultiva.portfolio import rules
from cultiva.portfolio.models import (
    PartnerInterest,
    PartnerSearch,
    Project,
    ProjectOrigin,
    ProjectPartner,
    ProposalStep,
)
from cultiva.portfolio.proposals import REASON_REQUIRED
from cultiva.portfolio.services import fields_assign, links_assign, next_project_code

S = Project.ProposalStatus
MAX_REASON = 4000
# Origins a proposal may name: the process's published contributions.
ORIGIN_STATUSES = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)


# --- e-mail -----------------------------------------------------------------------------------


def _language_for(person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(person, "preferred_language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


def _mail(people, *, subject: Callable[[], str], body: Callable[[], str], url: str) -> int:
    """One e-mail to each person (in their language), after the transaction commits."""
    recipients = {p.pk: p for p in people if p is not None}
    link = absolute_url(url)

    def send() -> None:
        for person in recipients.values():
            language = _language_for(person)
            with translation.override(language):
                text = f"{body()}\n\n{link}"
                notification_mail_send(
                    person=person, kind="projects", subject=subject(), body=text, language=language
                )

    transaction.on_commit(send)
    return len(recipients)


def _lead_people(organisation_id: int | None):
    if organisation_id is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(organisation_id=organisation_id).select_related("user")
    ]


def proposal_url(project: Project) -> str:
    return reverse("portfolio:proposal_detail", args=[project.process.slug, project.pk])


# --- proposals --------------------------------------------------------------------------------


def _check_lead(actor, process, lead_organisation: Organisation | None) -> None:
    if lead_organisation is None:
        raise ValidationError({"lead_organisation": _("Choose your organisation.")})
    if rules.has_role(actor, process, *rules.STAFF_ROLES):
        return
    if lead_organisation.pk not in rules.user_organisation_ids(actor):
        raise ValidationError(
            {"lead_organisation": _("Choose one of the organisations you belong to.")}
        )


def _check_origins(process, origins: Sequence[Contribution]) -> None:
    for contribution in origins:
        if contribution.process_id != process.pk or contribution.status not in ORIGIN_STATUSES:
            raise ValidationError({"origins": _("Choose published contributions of this process.")})


def _set_origins(*, actor, project: Project, origins: Sequence[Contribution]) -> tuple:
    before = set(project.origin_links.values_list("contribution_id", flat=True))
    after = {c.pk for c in origins}
    project.origin_links.exclude(contribution_id__in=after).delete()
    ProjectOrigin.objects.bulk_create(
        [
            ProjectOrigin(project=project, contribution_id=pk, added_by=actor)
            for pk in sorted(after - before)
        ]
    )
    return sorted(before), sorted(after)


@transaction.atomic
def proposal_create(
    *,
    actor,
    process,
    title: dict[str, str],
    summary: dict[str, str],
    objectives: dict[str, str],
    lead_organisation: Organisation | None,
    domains: Sequence = (),
    settlements: Sequence = (),
    origins: Sequence[Contribution] = (),
) -> Project:
    """A member proposes a project for their organisation: a draft until they submit it."""
    rules.can_propose(actor, process).enforce()
    if not title:
        raise ValidationError({"title": _("Fill in the text in at least one language.")})
    _check_lead(actor, process, lead_organisation)
    _check_origins(process, origins)
    project = Project.objects.create(
        process=process,
        code="",
        title=title,
        summary=summary,
        objectives=objectives,
        lead_organisation=lead_organisation,
        created_by=actor,
        proposal_status=S.DRAFT,
    )
    project.domains.set(domains)
    project.settlements.set(settlements)
    _set_origins(actor=actor, project=project, origins=origins)
    ProposalStep.objects.create(project=project, source="", target=S.DRAFT, actor=actor)
    activity_record(
        actor=actor,
        verb="proposal.created",
        target=project,
        process=process,
        changes={
            "lead_organisation": lead_organisation.pk,
            "origins": [c.pk for c in origins],
        },
    )
    return project


@transaction.atomic
def proposal_update(
    *,
    actor,
    project: Project,
    title: dict[str, str],
    summary: dict[str, str],
    objectives: dict[str, str],
    lead_organisation: Organisation | None,
    domains: Sequence,
    settlements: Sequence,
    origins: Sequence[Contribution],
) -> Project:
    """Change a proposal while it is a draft or changes were asked for (the lead's people), or
    at any time (the process's staff)."""
    current = Project.objects.select_for_update().select_related("process").get(pk=project.pk)
    rules.can_edit_proposal(actor, current).enforce()
    if not title:
        raise ValidationError({"title": _("Fill in the text in at least one language.")})
    if lead_organisation != current.lead_organisation:
        _check_lead(actor, current.process, lead_organisation)
    _check_origins(current.process, origins)
    values = {
        "title": title,
        "summary": summary,
        "objectives": objectives,
        "lead_organisation": lead_organisation,
    }
    changes = fields_assign(current, values)
    changes.update(links_assign(current, {"domains": domains, "settlements": settlements}))
    before, after = _set_origins(actor=actor, project=current, origins=origins)
    if before != after:
        changes["origins"] = [before, after]
    if not changes:
        return current
    current.version = F("version") + 1
    current.save(update_fields=[*values, "version", "updated_at"])
    current.refresh_from_db(fields=["version"])
    activity_record(
        actor=actor,
        verb="proposal.updated",
        target=current,
        process=current.process,
        changes=changes,
    )
    return current


@transaction.atomic
def proposal_step_take(
    *, actor, project: Project, target: str, reason: str = "", source: str | None = None
) -> ProposalStep:
    """One step of the proposal workflow (portfolio.proposals). `source` is the status the
    person saw: if the proposal moved since, the step is refused. Accepting gives the project
    its code; asking for changes and declining need a reason, which the proposer is sent."""
    current = Project.objects.select_for_update().select_related("process").get(pk=project.pk)
    if source is not None and current.proposal_status != source:
        raise ValidationError(
            _(
                "The proposal is now “%(status)s”: someone decided while you were looking at "
                "it. Nothing was changed."
            )
            % {"status": current.get_proposal_status_display()},
            code="conflict",
        )
    verdict = rules.can_take_proposal_step(actor, current, target)
    if not verdict:
        raise ValidationError(verdict.reason, code="refused")
    reason = (reason or "").strip()
    if target in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason: the proposer will read it.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}}
        )
    before = current.proposal_status
    step = ProposalStep.objects.create(
        project=current, source=before, target=target, actor=actor, reason=reason
    )
    current.proposal_status = target
    fields = ["proposal_status", "updated_at"]
    if target == S.ACCEPTED and not current.code:
        current.code = next_project_code(current.process)
        fields.append("code")
    current.save(update_fields=fields)
    if target == S.ACCEPTED:
        _origins_enter_portfolio(actor=actor, project=current)
    activity_record(
        actor=actor,
        verb=f"proposal.{target}",
        target=current,
        process=current.process,
        changes={"proposal_status": [before, target], "reason": reason, "code": current.code},
    )
    _tell_about_step(actor=actor, project=current, step=step)
    return step


def _origins_enter_portfolio(*, actor, project: Project) -> None:
    """As when a facilitator promotes a contribution: the contributions an accepted proposal
    builds on are now in the portfolio."""
    for contribution in Contribution.objects.filter(
        project_links__project=project, status=Contribution.Status.SUBMITTED
    ):
        contribution.status = Contribution.Status.IN_PORTFOLIO
        contribution.save(update_fields=["status", "updated_at"])
        activity_record(
            actor=actor,
            verb="contribution.in_portfolio",
            target=contribution,
            process=project.process,
            changes={
                "status": [Contribution.Status.SUBMITTED, contribution.status],
                "project": project.code,
            },
        )


def _tell_about_step(*, actor, project: Project, step: ProposalStep) -> None:
    title = localize(project.title)
    if step.target == S.SUBMITTED:
        # The process's facilitators see it in their queue; nobody is e-mailed.
        return
    people = (
        [project.created_by]
        if project.created_by_id
        else _lead_people(project.lead_organisation_id)
    )
    people = [p for p in people if p is not None and p.pk != getattr(actor, "pk", None)]
    subjects = {
        S.ACCEPTED: lambda: _("Your proposal “%(title)s” is in the portfolio") % {"title": title},
        S.CHANGES_REQUESTED: lambda: (
            _("Changes are asked for your proposal “%(title)s”") % {"title": title}
        ),
        S.DECLINED: lambda: _("Your proposal “%(title)s” was declined") % {"title": title},
    }
    if step.target not in subjects:
        return

    def body() -> str:
        text = {
            S.ACCEPTED: _("Your proposal was accepted into the portfolio as project %(code)s.")
            % {"code": project.code},
            S.CHANGES_REQUESTED: _(
                "The facilitators ask you to change your proposal, then submit it again."
            ),
            S.DECLINED: _("The facilitators declined your proposal."),
        }[step.target]
        if step.reason:
            text += "\n\n" + _("Reason:") + "\n" + step.reason
        return text

    _mail(people, subject=subjects[step.target], body=body, url=proposal_url(project))


# --- looking for partners -------------------------------------------------------------------


@transaction.atomic
def partner_search_set(
    *,
    actor,
    project: Project,
    role: dict[str, str],
    sector=None,
    domains: Sequence = (),
    settlements: Sequence = (),
    note: str = "",
) -> PartnerSearch:
    """Mark the project as looking for partners, with the profile wanted (or change it)."""
    rules.can_manage_partner_search(actor, project).enforce()
    if not role:
        raise ValidationError({"role": _("Say what the partner would do in the project.")})
    search, created = PartnerSearch.objects.select_for_update().get_or_create(
        project=project,
        defaults={"role": role, "sector": sector, "note": note.strip(), "created_by": actor},
    )
    before = {
        "is_open": search.is_open,
        "role": search.role,
        "sector": search.sector_id,
        "note": search.note,
        "domains": sorted(search.domains.values_list("pk", flat=True)) if not created else [],
        "settlements": sorted(search.settlements.values_list("pk", flat=True))
        if not created
        else [],
    }
    search.is_open = True
    search.role = role
    search.sector = sector
    search.note = note.strip()
    search.save()
    search.domains.set(domains)
    search.settlements.set(settlements)
    after = {
        "is_open": True,
        "role": role,
        "sector": getattr(sector, "pk", None),
        "note": search.note,
        "domains": sorted(d.pk for d in domains),
        "settlements": sorted(s.pk for s in settlements),
    }
    changes = {k: [before[k], after[k]] for k in after if created or before[k] != after[k]}
    activity_record(
        actor=actor,
        verb="partner_search.opened"
        if created or not before["is_open"]
        else "partner_search.updated",
        target=project,
        process=project.process,
        changes=changes,
    )
    return search


@transaction.atomic
def partner_search_close(*, actor, project: Project) -> PartnerSearch | None:
    rules.can_manage_partner_search(actor, project).enforce()
    search = PartnerSearch.objects.select_for_update().filter(project=project).first()
    if search is None or not search.is_open:
        return search
    search.is_open = False
    search.save(update_fields=["is_open", "updated_at"])
    activity_record(
        actor=actor,
        verb="partner_search.closed",
        target=project,
        process=project.process,
        changes={"is_open": [True, False]},
    )
    return search


@transaction.atomic
def partner_interest_express(
    *, actor, project: Project, organisation: Organisation, message: str
) -> PartnerInterest:
    """An organisation offers itself as a partner; the lead's people are told."""
    rules.can_express_interest(actor, project, organisation).enforce()
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tell the lead what your organisation would bring.")})
    if len(message) > MAX_REASON:
        raise ValidationError(
            {"message": _("Keep the message under %(n)d characters.") % {"n": MAX_REASON}}
        )
    if ProjectPartner.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is already a partner of the project.")},
            code="conflict",
        )
    if PartnerInterest.objects.filter(
        project=project, organisation=organisation, status=PartnerInterest.Status.PENDING
    ).exists():
        raise ValidationError(
            {
                "organisation": _(
                    "This organisation has already offered itself; wait for the answer."
                )
            },
            code="conflict",
        )
    interest = PartnerInterest.objects.create(
        project=project, organisation=organisation, message=message, created_by=actor
    )
    activity_record(
        actor=actor,
        verb="partner_interest.expressed",
        target=interest,
        process=project.process,
        changes={"project": project.pk, "organisation": organisation.pk},
    )
    title = localize(project.title)
    name = localize(organisation.name)
    _mail(
        [p for p in _lead_people(project.lead_organisation_id) if p.pk != actor.pk],
        subject=lambda: (
            _("%(organisation)s would be a partner of “%(title)s”")
            % {"organisation": name, "title": title}
        ),
        body=lambda: (
            _("%(organisation)s offers to be a partner of your project. Their message:")
            % {"organisation": name}
            + "\n\n"
            + message
        ),
        url=reverse("portfolio:partner_manage", args=[project.process.slug, project.pk]),
    )
    return interest


@transaction.atomic
def partner_interest_decide(
    *, actor, interest: PartnerInterest, accept: bool, answer: str = ""
) -> PartnerInterest:
    """The lead accepts the organisation as a partner (in the role wanted) or declines."""
    current = (
        PartnerInterest.objects.select_for_update(of=("self",))
        .select_related("project__process", "organisation", "created_by")
        .get(pk=interest.pk)
    )
    project = current.project
    rules.can_decide_interest(actor, project).enforce()
    if current.status != PartnerInterest.Status.PENDING:
        raise ValidationError(_("This offer has already been answered."), code="conflict")
    current.status = PartnerInterest.Status.ACCEPTED if accept else PartnerInterest.Status.DECLINED
    current.answer = (answer or "").strip()[:MAX_REASON]
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    if accept:
        search = PartnerSearch.objects.filter(project=project).first()
        ProjectPartner.objects.get_or_create(
            project=project,
            organisation=current.organisation,
            defaults={"role": search.role if search else {}},
        )
        Project.objects.filter(pk=project.pk).update(version=F("version") + 1)
    activity_record(
        actor=actor,
        verb=f"partner_interest.{current.status}",
        target=current,
        process=project.process,
        changes={
            "status": [PartnerInterest.Status.PENDING, current.status],
            "organisation": current.organisation_id,
            "answer": current.answer,
        },
    )
    title = localize(project.title)
    accepted = accept

    def body() -> str:
        text = (
            _("Your organisation is now a partner of the project “%(title)s”.")
            if accepted
            else _("The lead of the project “%(title)s” declined your offer.")
        ) % {"title": title}
        if current.answer:
            text += "\n\n" + current.answer
        return text

    _mail(
        [current.created_by] if current.created_by_id else [],
        subject=lambda: (
            (_("You are a partner of “%(title)s”") if accepted else _("Answer about “%(title)s”"))
            % {"title": title}
        ),
        body=body,
        url=reverse("portfolio:partner_detail", args=[project.process.slug, project.pk]),
    )
    return current
