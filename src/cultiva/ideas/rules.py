"""Who may see, submit, change and moderate contributions."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.core.workflow import transition_verdict
from cultiva.ideas.models import CONTRIBUTION_TRANSITIONS, Contribution
from cultiva.processes.models import Phase, Process
from cultiva.processes.rules import STAFF_ROLES, can_facilitate, can_view_process, has_role

PUBLIC_STATUSES = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)


def submission_phase_open(process: Process) -> bool:
    today = timezone.localdate()
    return Phase.objects.filter(
        process=process, accepts_contributions=True, starts_on__lte=today, ends_on__gte=today
    ).exists()


def visible_contributions_q(user, process: Process) -> Q:
    """The filter for the contributions this user may read in the process."""
    if has_role(user, process, *STAFF_ROLES):
        return Q()
    visible = Q(status__in=PUBLIC_STATUSES)
    if user.is_authenticated:
        visible |= Q(author=user) & ~Q(status=Contribution.Status.HIDDEN)
    return visible


def can_view_contribution(user, contribution: Contribution) -> Verdict:
    verdict = can_view_process(user, contribution.process)
    if not verdict:
        return verdict
    if has_role(user, contribution.process, *STAFF_ROLES):
        return ALLOW
    if contribution.status in PUBLIC_STATUSES:
        return ALLOW
    # A merged duplicate was public; its page says where it went (not in lists, though).
    if contribution.status == Contribution.Status.MERGED:
        return ALLOW
    is_author = user.is_authenticated and contribution.author_id == user.pk
    if is_author and contribution.status != Contribution.Status.HIDDEN:
        return ALLOW
    return deny(_("This contribution is not public."))


def can_submit_contribution(user, process: Process, organisation=None) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in to submit a contribution."))
    verdict = can_view_process(user, process)
    if not verdict:
        return verdict
    staff = has_role(user, process, *STAFF_ROLES)
    if not staff and not submission_phase_open(process):
        return deny(_("The process is not collecting contributions at the moment."))
    speaks_for_others = organisation is not None and not staff
    if speaks_for_others and not user.memberships.filter(organisation=organisation).exists():
        return deny(_("You can only submit on behalf of an organisation you belong to."))
    return ALLOW


def actor_roles(user, contribution: Contribution) -> set[str]:
    from cultiva.processes.rules import roles_in

    roles = set(roles_in(user, contribution.process))
    if user.is_authenticated and user.is_superuser:
        roles |= {"coordinator"}
    if user.is_authenticated and contribution.author_id == user.pk:
        roles.add("author")
    return roles


def can_change_status(user, contribution: Contribution, target: str) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    return transition_verdict(
        CONTRIBUTION_TRANSITIONS,
        source=contribution.status,
        target=target,
        actor_roles=actor_roles(user, contribution),
    )


def can_edit_contribution(user, contribution: Contribution) -> Verdict:
    if not (user.is_authenticated and contribution.author_id == user.pk):
        return deny(_("Only the author can edit this contribution."))
    if contribution.status not in (Contribution.Status.DRAFT, Contribution.Status.SUBMITTED):
        return deny(_("This contribution can no longer be edited."))
    if not submission_phase_open(contribution.process):
        return deny(_("The submission phase is closed."))
    return ALLOW


def can_moderate(user, process: Process) -> Verdict:
    return can_facilitate(user, process)


# --- templates, paper entry, history --------------------------------------------------------


def can_manage_template(user, process: Process) -> Verdict:
    """The contribution template (extra fields) belongs to the process's coordinators."""
    if has_role(user, process, "coordinator"):
        return ALLOW
    return deny(_("Only the process's coordinators can change the contribution form."))


def can_enter_on_behalf(user, process: Process) -> Verdict:
    """Facilitators type in paper forms on behalf of an organisation or a person."""
    return can_facilitate(user, process)


def can_view_history(user, contribution: Contribution) -> Verdict:
    if has_role(user, contribution.process, *STAFF_ROLES):
        return ALLOW
    if user.is_authenticated and contribution.author_id == user.pk:
        return ALLOW
    return deny(_("Only the author and the process's facilitators can see the history."))


# --- supports, comments, follows, reports -------------------------------------------------------


def _engagement_open(user, contribution: Contribution) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    verdict = can_view_contribution(user, contribution)
    if not verdict:
        return verdict
    if contribution.status not in PUBLIC_STATUSES:
        return deny(_("Only submitted contributions can be supported or discussed."))
    return ALLOW


def can_support(user, contribution: Contribution) -> Verdict:
    verdict = _engagement_open(user, contribution)
    if not verdict:
        return verdict
    today = timezone.localdate()
    voting = Phase.objects.filter(
        process=contribution.process,
        accepts_votes=True,
        starts_on__lte=today,
        ends_on__gte=today,
    ).exists()
    if not voting:
        return deny(_("The process is not collecting supports at the moment."))
    return ALLOW


def can_comment(user, contribution: Contribution) -> Verdict:
    return _engagement_open(user, contribution)


def can_follow(user, contribution: Contribution) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    return can_view_contribution(user, contribution)


def can_report(user, contribution: Contribution) -> Verdict:
    return can_follow(user, contribution)


# --- import, export ---------------------------------------------------------------------------


def can_import(user, process: Process) -> Verdict:
    return can_facilitate(user, process)


def can_export(user, process: Process) -> Verdict:
    if has_role(user, process, *STAFF_ROLES, "decision_maker"):
        return ALLOW
    return deny(_("Only facilitators, coordinators and decision-makers can export."))


# --- the live wall ----------------------------------------------------------------------------


def can_manage_wall(user, process: Process) -> Verdict:
    """Open, arrange, time, vote on and close a workshop's wall."""
    return can_facilitate(user, process)


def can_join_wall(user, wall) -> Verdict:
    from cultiva.ideas.models import Wall

    if wall.status != Wall.Status.OPEN:
        return deny(_("This wall is closed."))
    if user.is_authenticated or wall.allow_guests:
        return ALLOW
    return deny(_("Please log in to join this wall."))


def can_translate_contribution(user, contribution: Contribution) -> Verdict:
    """Its author, or a facilitator (or coordinator) of its process, may give a contribution
    its text in another language."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    verdict = can_view_contribution(user, contribution)
    if not verdict:
        return verdict
    if contribution.status == Contribution.Status.MERGED:
        return deny(_("This contribution was merged into another one."))
    if contribution.author_id == user.pk or can_facilitate(user, contribution.process):
        return ALLOW
    return deny(_("Only its author or a facilitator of the process can translate a contribution."))
