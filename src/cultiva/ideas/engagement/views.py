"""Engagement pages and actions: support, follow, comment, report, moderate, notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.redirects import local_url
from cultiva.ideas import rules
from cultiva.ideas.engagement import selectors, services
from cultiva.ideas.engagement.forms import CommentForm, OptionalReasonForm, ReasonForm
from cultiva.ideas.models import Comment, Report
from cultiva.ideas.views.contributions import get_visible_contribution
from cultiva.processes.views import get_visible_process


def _back(contribution, anchor: str = ""):
    response = redirect("ideas:detail", pk=contribution.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _visible_comment(request, pk: int) -> Comment:
    try:
        comment = selectors.comment_detail(pk=pk)
    except Comment.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_contribution(request.user, comment.contribution):
        raise Http404
    return comment


# --- support and follow ---------------------------------------------------------------------


def _toggle(request, pk: int, *, rule, service, on_message: str, off_message: str):
    """Support and follow work alike: check the rule, flip the state, say what happened."""
    contribution = get_visible_contribution(request, pk)
    verdict = rule(request.user, contribution)
    if not verdict:
        messages.error(request, verdict.reason)
    elif service(contribution=contribution, person=request.user):
        messages.success(request, on_message)
    else:
        messages.success(request, off_message)
    return _back(contribution, "engagement")


@require_POST
@login_required
def support_toggle(request, pk: int):
    return _toggle(
        request,
        pk,
        rule=rules.can_support,
        service=services.support_toggle,
        on_message=_("Thank you for your support."),
        off_message=_("You withdrew your support."),
    )


@require_POST
@login_required
def follow_toggle(request, pk: int):
    return _toggle(
        request,
        pk,
        rule=rules.can_follow,
        service=services.follow_toggle,
        on_message=_("You will be notified of new comments."),
        off_message=_("You no longer follow this contribution."),
    )


# --- comments -------------------------------------------------------------------------------


@require_POST
@login_required
def comment_create(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    verdict = rules.can_comment(request.user, contribution)
    if not verdict:
        messages.error(request, verdict.reason)
        return _back(contribution, "comments")
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        if parent_id:
            parent = Comment.objects.filter(pk=parent_id, contribution=contribution).first()
            if parent is None:
                form.add_error(None, _("The comment you replied to no longer exists."))
    if form.is_valid():
        try:
            comment = services.comment_create(
                contribution=contribution,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return _back(contribution, f"comment-{comment.pk}")
    # Show the form again with the text kept.
    return render(
        request,
        "ideas/engagement/comment_form.html",
        {"process": contribution.process, "contribution": contribution, "form": form},
        status=400,
    )


# --- reports --------------------------------------------------------------------------------


def _report(request, contribution, *, comment=None):
    verdict = rules.can_report(request.user, contribution)
    if not verdict:
        messages.error(request, verdict.reason)
        return _back(contribution)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            if comment is None:
                services.report_create(
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    contribution=contribution,
                )
            else:
                services.report_create(
                    reporter=request.user, reason=form.cleaned_data["reason"], comment=comment
                )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
    else:
        messages.error(request, _("Tell the moderators what is wrong (at most 300 characters)."))
    return _back(contribution, f"comment-{comment.pk}" if comment else "engagement")


@require_POST
@login_required
def contribution_report(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    return _report(request, contribution)


@require_POST
@login_required
def comment_report(request, pk: int):
    comment = _visible_comment(request, pk)
    return _report(request, comment.contribution, comment=comment)


# --- moderation -----------------------------------------------------------------------------


def _moderated(request, action, contribution, anchor: str, done: str, form_class=ReasonForm):
    """Run a moderation service from a reason form; errors become messages, never 500s."""
    rules.can_moderate(request.user, contribution.process).enforce()
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason (at most 300 characters)."))
    else:
        try:
            action(form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        except PermissionDenied as error:
            messages.error(request, str(error) or _("This is not possible now."))
        else:
            messages.success(request, done)
    if request.POST.get("next") == "queue":
        return redirect("ideas:moderation", slug=contribution.process.slug)
    return _back(contribution, anchor)


@require_POST
@login_required
def comment_hide(request, pk: int):
    comment = _visible_comment(request, pk)
    return _moderated(
        request,
        lambda reason: services.comment_hide(comment=comment, actor=request.user, reason=reason),
        comment.contribution,
        f"comment-{comment.pk}",
        _("The comment is hidden."),
    )


@require_POST
@login_required
def comment_restore(request, pk: int):
    comment = _visible_comment(request, pk)
    return _moderated(
        request,
        lambda reason: services.comment_restore(comment=comment, actor=request.user, reason=reason),
        comment.contribution,
        f"comment-{comment.pk}",
        _("The comment is visible again."),
        form_class=OptionalReasonForm,
    )


@require_POST
@login_required
def contribution_hide(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    return _moderated(
        request,
        lambda reason: services.contribution_hide(
            contribution=contribution, actor=request.user, reason=reason
        ),
        contribution,
        "engagement",
        _("The contribution is hidden."),
    )


@require_POST
@login_required
def contribution_restore(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    return _moderated(
        request,
        lambda reason: services.contribution_restore(
            contribution=contribution, actor=request.user, reason=reason
        ),
        contribution,
        "engagement",
        _("The contribution is visible again."),
        form_class=OptionalReasonForm,
    )


@require_POST
@login_required
def report_resolve(request, pk: int):
    try:
        report = selectors.report_detail(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None
    contribution = report.contribution or report.comment.contribution
    rules.can_moderate(request.user, contribution.process).enforce()
    services.report_resolve(report=report, actor=request.user)
    messages.success(request, _("The report is closed."))
    return redirect("ideas:moderation", slug=contribution.process.slug)


@login_required
def moderation_queue(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_moderate(request.user, process).enforce()
    return render(
        request,
        "ideas/engagement/moderation.html",
        {"process": process, "reports": selectors.open_reports(process=process)},
    )


# --- notifications --------------------------------------------------------------------------


@login_required
def notification_list(request):
    return render(
        request,
        "ideas/engagement/notifications.html",
        {"notifications": selectors.notifications_of(person=request.user)},
    )


@require_POST
@login_required
def notifications_read(request):
    raw = request.POST.get("notification", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.notifications_mark_read(person=request.user, ids=ids)
    if ids:
        from cultiva.ideas.models import Notification

        target = Notification.objects.filter(person=request.user, pk=ids[0]).first()
        if target is not None and local_url(request, target.url):
            return HttpResponseRedirect(target.url)
    return redirect("ideas:notifications")
