"""Feedback: the process's questions, the form after a meeting, and the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.charts import bar_chart
from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.i18n import localize
from cultiva.meetings import rules
from cultiva.meetings.forms.feedback import FeedbackForm, FeedbackQuestionForm
from cultiva.meetings.models import FeedbackQuestion
from cultiva.meetings.selectors.feedback import (
    feedback_questions,
    feedback_results,
    has_given_feedback,
)
from cultiva.meetings.services import feedback as services
from cultiva.meetings.views.common import meeting_in_process
from cultiva.processes.views import get_visible_process


@login_required
def question_list(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_manage_feedback_questions(request.user, process).enforce()
    form = FeedbackQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_question_create(
                actor=request.user,
                process=process,
                label=data["label"],
                kind=data["kind"],
                is_required=data["is_required"],
                position=data["position"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been added."))
            return redirect("meetings:feedback_questions", slug=process.slug)
    return render(
        request,
        "meetings/feedback/questions.html",
        {"process": process, "questions": feedback_questions(process=process), "form": form},
    )


def _get_question(process, question_pk: int) -> FeedbackQuestion:
    try:
        return FeedbackQuestion.objects.select_related("process").get(
            pk=question_pk, process=process
        )
    except FeedbackQuestion.DoesNotExist:
        raise Http404 from None


@login_required
def question_edit(request, slug: str, question_pk: int):
    process = get_visible_process(request, slug)
    rules.can_manage_feedback_questions(request.user, process).enforce()
    question = _get_question(process, question_pk)
    form = FeedbackQuestionForm(
        request.POST or None,
        initial={
            "label": question.label,
            "kind": question.kind,
            "is_required": question.is_required,
            "position": question.position,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_question_update(
                actor=request.user,
                question=question,
                label=data["label"],
                kind=data["kind"],
                is_required=data["is_required"],
                position=data["position"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("meetings:feedback_questions", slug=process.slug)
    return render(
        request,
        "meetings/feedback/question_form.html",
        {"process": process, "question": question, "form": form},
    )


@require_POST
@login_required
def question_delete(request, slug: str, question_pk: int):
    process = get_visible_process(request, slug)
    rules.can_manage_feedback_questions(request.user, process).enforce()
    question = _get_question(process, question_pk)
    try:
        services.feedback_question_delete(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("meetings:feedback_questions", slug=process.slug)


@login_required
def feedback_form(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_give_feedback(request.user, meeting).enforce()
    context = {"process": process, "meeting": meeting, "already": False, "form": None}
    if has_given_feedback(user=request.user, meeting=meeting):
        context["already"] = True
        return render(request, "meetings/feedback/form.html", context)
    questions = list(feedback_questions(process=process))
    form = FeedbackForm(request.POST if request.method == "POST" else None, questions=questions)
    context["form"] = form
    if request.method == "POST" and questions and form.is_valid():
        try:
            services.feedback_submit(
                meeting=meeting, respondent=request.user, answers=form.answers()
            )
        except services.FeedbackAlreadyGiven:
            context.update(already=True, form=None)
            return render(request, "meetings/feedback/form.html", context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("meetings:detail", slug=process.slug, pk=meeting.pk)
    return render(request, "meetings/feedback/form.html", context)


@login_required
def results(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_view_feedback_results(request.user, meeting).enforce()
    summary = feedback_results(meeting=meeting)
    for result in summary.questions:
        if result.is_rating and result.answered:
            label = localize(result.question.label)
            result.chart = bar_chart(
                title=label,
                labels=[str(rating) for rating in result.counts],
                values=list(result.counts.values()),
                width=360,
                description=_("Number of answers per rating, from 1 to 5: %(values)s.")
                % {"values": ", ".join(str(count) for count in result.counts.values())},
            )
    return render(
        request,
        "meetings/feedback/results.html",
        {
            "process": process,
            "meeting": meeting,
            "summary": summary,
            "can_define": rules.can_manage_feedback_questions(request.user, process),
        },
    )
