"""The expert review's pages, all under /p/<slug>/review/. Thin: rules decide, services write,
selectors read; every object is fetched through the address's process."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import NotFound, get_or_not_found
from cultiva.portfolio import review_rules as rules
from cultiva.portfolio import review_selectors as selectors
from cultiva.portfolio import review_services as services
from cultiva.portfolio.eligibility import CATALOGUE
from cultiva.portfolio.forms_review import (
    CriterionForm,
    DeclarationForm,
    EntriesForm,
    ExpertiseForm,
    ManualAssignForm,
    ReopenForm,
    RoundForm,
    ScoreForm,
)
from cultiva.portfolio.models import Project, Review, ReviewRound
from cultiva.processes.views import get_visible_process


def _process(request, slug: str):
    return get_visible_process(request, slug)


def _managed_round(request, slug: str, round_pk: int) -> ReviewRound:
    process = _process(request, slug)
    rules.can_manage_review(request.user, process).enforce()
    return selectors.round_of(process=process, pk=round_pk)


def _round_url(round: ReviewRound):
    return redirect("portfolio:review_round", round.process.slug, round.pk)


@login_required
def review_index(request, slug: str):
    process = _process(request, slug)
    rules.can_view_reviews_page(request.user, process).enforce()
    manages = bool(rules.can_manage_review(request.user, process))
    return render(
        request,
        "portfolio/review/index.html",
        {
            "process": process,
            "rounds": selectors.rounds_of(process=process) if manages else [],
            "manages": manages,
            "reviews": bool(rules.can_review_in(request.user, process)),
        },
    )


@login_required
def round_create(request, slug: str):
    process = _process(request, slug)
    rules.can_manage_review(request.user, process).enforce()
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round = services.review_round_create(
            actor=request.user, process=process, **form.cleaned_data
        )
        messages.success(request, _("The review round is created. Add its criteria next."))
        return _round_url(round)
    return render(
        request,
        "portfolio/review/round_form.html",
        {"process": process, "form": form, "round": None},
    )


@login_required
def round_edit(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    form = RoundForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if round.status != ReviewRound.Status.DRAFT:
            data.pop("eligibility_checks")
        try:
            services.review_round_update(actor=request.user, round=round, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round's settings are saved."))
            return _round_url(round)
    return render(
        request,
        "portfolio/review/round_form.html",
        {"process": round.process, "form": form, "round": round},
    )


@login_required
def round_detail(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    setup = selectors.round_setup(round=round)
    return render(
        request,
        "portfolio/review/round.html",
        {
            "process": round.process,
            "round": round,
            **setup,
            "checks": [
                CATALOGUE[key].label for key in round.eligibility_checks if key in CATALOGUE
            ],
            "can_change_setup": bool(rules.can_change_setup(request.user, round)),
            "targets": [
                (t, ReviewRound.Status(t).label) for t in rules.round_targets(request.user, round)
            ],
            "may_assign": round.status in (ReviewRound.Status.DRAFT, ReviewRound.Status.OPEN),
        },
    )


@require_POST
@login_required
def round_status(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    target = request.POST.get("target", "")
    if target not in ReviewRound.Status.values:
        messages.error(request, _("This change of status is not possible."))
        return _round_url(round)
    rules.can_change_round_status(request.user, round, target).enforce()
    try:
        round = services.review_round_status_change(actor=request.user, round=round, target=target)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The round is now “%(status)s”.") % {"status": round.get_status_display()}
        )
    return _round_url(round)


@login_required
def criterion_create(request, slug: str, round_pk: int):
    return _criterion_page(request, _managed_round(request, slug, round_pk), None)


@login_required
def criterion_edit(request, slug: str, round_pk: int, criterion_pk: int):
    round = _managed_round(request, slug, round_pk)
    return _criterion_page(request, round, selectors.criterion_of(round=round, pk=criterion_pk))


def _criterion_page(request, round: ReviewRound, criterion):
    rules.can_change_setup(request.user, round).enforce()
    form = CriterionForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                actor=request.user, round=round, criterion=criterion, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The criterion is saved."))
            if criterion is None and "another" in request.POST:
                return redirect("portfolio:review_criterion_new", round.process.slug, round.pk)
            return _round_url(round)
    return render(
        request,
        "portfolio/review/criterion_form.html",
        {"process": round.process, "round": round, "form": form, "criterion": criterion},
    )


@require_POST
@login_required
def criterion_remove(request, slug: str, round_pk: int, criterion_pk: int):
    round = _managed_round(request, slug, round_pk)
    criterion = selectors.criterion_of(round=round, pk=criterion_pk)
    rules.can_change_setup(request.user, round).enforce()
    services.criterion_remove(actor=request.user, criterion=criterion)
    messages.success(request, _("The criterion is removed."))
    return _round_url(round)


@require_POST
@login_required
def criterion_move(request, slug: str, round_pk: int, criterion_pk: int):
    round = _managed_round(request, slug, round_pk)
    criterion = selectors.criterion_of(round=round, pk=criterion_pk)
    rules.can_change_setup(request.user, round).enforce()
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.criterion_move(actor=request.user, criterion=criterion, direction=direction)
    return _round_url(round)


@login_required
def round_entries(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    rules.can_change_setup(request.user, round).enforce()
    projects = selectors.portfolio_projects(process=round.process)
    chosen = list(round.entries.values_list("project_id", flat=True))
    form = EntriesForm(
        request.POST or None,
        projects=projects,
        initial={"mode": EntriesForm.CHOSEN if chosen else EntriesForm.ALL, "projects": chosen},
    )
    if request.method == "POST" and form.is_valid():
        ids = None
        if form.cleaned_data["mode"] == EntriesForm.CHOSEN:
            ids = [p.pk for p in form.cleaned_data["projects"]]
        eligible, refused = services.round_entries_set(
            actor=request.user, round=round, project_ids=ids
        )
        messages.success(
            request,
            ngettext(
                "%(count)s project entered the round.",
                "%(count)s projects entered the round.",
                eligible,
            )
            % {"count": eligible}
            + (
                " "
                + ngettext(
                    "%(count)s did not pass the pre-checks.",
                    "%(count)s did not pass the pre-checks.",
                    refused,
                )
                % {"count": refused}
                if refused
                else ""
            ),
        )
        return _round_url(round)
    return render(
        request,
        "portfolio/review/entries.html",
        {"process": round.process, "round": round, "form": form},
    )


@require_POST
@login_required
def round_assign(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    try:
        plan = services.assignments_auto(actor=request.user, round=round)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _round_url(round)
    messages.success(
        request,
        ngettext(
            "%(count)s assignment was made.", "%(count)s assignments were made.", len(plan.pairs)
        )
        % {"count": len(plan.pairs)},
    )
    if plan.shortfalls:
        missing = sum(plan.shortfalls.values())
        messages.warning(
            request,
            ngettext(
                "Not enough experts free of conflicts: %(count)s place stays empty. Invite more "
                "experts or assign by hand.",
                "Not enough experts free of conflicts: %(count)s places stay empty. Invite more "
                "experts or assign by hand.",
                missing,
            )
            % {"count": missing},
        )
    return _round_url(round)


@login_required
def assignment_create(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    projects = Project.objects.filter(review_entries__round=round, review_entries__eligible=True)
    from cultiva.accounts.models import User

    experts = User.objects.filter(
        process_roles__process=round.process, process_roles__role="expert"
    ).distinct()
    form = ManualAssignForm(request.POST or None, projects=projects, experts=experts)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.assignment_add(actor=request.user, round=round, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if row.status == row.Status.CONFLICT:
                messages.error(
                    request,
                    _("%(name)s cannot review this project: %(why)s")
                    % {"name": row.reviewer.public_name, "why": row.declaration.note},
                )
            else:
                messages.success(request, _("The expert is assigned."))
            return _round_url(round)
    return render(
        request,
        "portfolio/review/assignment_form.html",
        {"process": round.process, "round": round, "form": form},
    )


@require_POST
@login_required
def assignment_remove(request, slug: str, round_pk: int, pk: int):
    round = _managed_round(request, slug, round_pk)
    assignment = selectors.assignment_of(round=round, pk=pk)
    try:
        services.assignment_remove(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The assignment is withdrawn."))
    return _round_url(round)


def _reviewer_assignment(request, slug: str, round_pk: int, pk: int):
    process = _process(request, slug)
    round = selectors.round_of(process=process, pk=round_pk)
    assignment = selectors.assignment_of(round=round, pk=pk)
    verdict = rules.can_view_assignment(request.user, assignment)
    if not verdict:
        # Someone else's assignment: not even its existence is confirmed.
        raise NotFound(_("There is no such review assignment in this round."))
    return assignment


@login_required
def assignment_view(request, slug: str, round_pk: int, pk: int):
    """The scoring page: declaration first, then the project and the scores (phone-sized)."""
    assignment = _reviewer_assignment(request, slug, round_pk, pk)
    round = assignment.round
    review = getattr(assignment, "review", None)
    scoring = rules.can_score(request.user, assignment)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=round.criteria.all(),
        scores=selectors.scores_of(review=review),
        review=review,
    )
    if request.method == "POST":
        if not scoring:
            messages.error(request, scoring.reason)
            return redirect("portfolio:review_assignment", slug, round.pk, assignment.pk)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.review_save(
                    actor=request.user,
                    assignment=assignment,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your review is submitted. Thank you!")
                    if submit
                    else _("Your draft is saved."),
                )
                if submit:
                    return redirect("portfolio:review_mine", slug)
                return redirect("portfolio:review_assignment", slug, round.pk, assignment.pk)
    sees_project = rules.can_see_project(request.user, assignment)
    scores = selectors.scores_of(review=review)
    return render(
        request,
        "portfolio/review/assignment.html",
        {
            "process": round.process,
            "round": round,
            "assignment": assignment,
            "review": review,
            "project": selectors.project_for_review(project_id=assignment.project_id)
            if sees_project
            else None,
            "declaration": getattr(assignment, "declaration", None),
            "declaration_form": DeclarationForm()
            if rules.can_declare(request.user, assignment)
            else None,
            "form": form if scoring else None,
            "scoring_refusal": "" if scoring else scoring.reason,
            "criterion_scores": [(c, scores.get(c.pk)) for c in form.criteria],
            "others": selectors.other_reviews(assignment=assignment)
            if rules.can_see_other_scores(request.user, assignment)
            else None,
            "manages": bool(rules.can_manage_review(request.user, round.process)),
            "reopen_form": ReopenForm()
            if review is not None and rules.can_reopen(request.user, review)
            else None,
        },
    )


@require_POST
@login_required
def assignment_declare(request, slug: str, round_pk: int, pk: int):
    assignment = _reviewer_assignment(request, slug, round_pk, pk)
    rules.can_declare(request.user, assignment).enforce()
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("portfolio:review_assignment", slug, round_pk, pk)
    try:
        declaration = services.conflict_declare(
            actor=request.user, assignment=assignment, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portfolio:review_assignment", slug, round_pk, pk)
    if declaration.is_conflict:
        messages.info(
            request,
            _("Thank you. The project is taken off your list; the coordinators will see why."),
        )
        return redirect("portfolio:review_mine", slug)
    return redirect("portfolio:review_assignment", slug, round_pk, pk)


@login_required
def review_reopen(request, slug: str, round_pk: int, pk: int):
    round = _managed_round(request, slug, round_pk)
    assignment = selectors.assignment_of(round=round, pk=pk)
    review = get_or_not_found(
        Review.objects.filter(assignment=assignment).select_related("assignment__round__process"),
        _("This assignment has no review yet."),
    )
    rules.can_reopen(request.user, review).enforce()
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.review_reopen(
            actor=request.user, review=review, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The review is open again for its reviewer."))
        return redirect("portfolio:review_progress", slug, round.pk)
    return render(
        request,
        "portfolio/review/reopen.html",
        {"process": round.process, "round": round, "assignment": assignment, "form": form},
    )


@login_required
def progress(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    return render(
        request,
        "portfolio/review/progress.html",
        {"process": round.process, "round": round, "board": selectors.progress_board(round=round)},
    )


@require_POST
@login_required
def remind(request, slug: str, round_pk: int):
    round = _managed_round(request, slug, round_pk)
    try:
        sent = services.review_reminders_send(actor=request.user, round=round)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext("%(count)s reminder was sent.", "%(count)s reminders were sent.", sent)
            % {"count": sent},
        )
    return redirect("portfolio:review_progress", slug, round.pk)


@login_required
def my_reviews(request, slug: str):
    process = _process(request, slug)
    rules.can_review_in(request.user, process).enforce()
    return render(
        request,
        "portfolio/review/mine.html",
        {
            "process": process,
            "assignments": selectors.my_assignments(user=request.user, process=process),
        },
    )


@login_required
def expertise(request, slug: str):
    process = _process(request, slug)
    rules.can_review_in(request.user, process).enforce()
    current = selectors.expertise_of(user=request.user, process=process)
    initial = (
        {"domains": [d.pk for d in current.domains.all()], "note": current.note} if current else {}
    )
    form = ExpertiseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.reviewer_expertise_set(
            actor=request.user,
            process=process,
            domains=list(form.cleaned_data["domains"]),
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your areas of expertise are saved."))
        return redirect("portfolio:review_mine", slug)
    return render(request, "portfolio/review/expertise.html", {"process": process, "form": form})
