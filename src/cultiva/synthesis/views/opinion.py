"""Opinion poll pages: the list, voting one statement at a time, the facilitator's statements
and moderation, the Pol.is import, and the opinion map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cultiva.core.charts import bar_chart
from cultiva.core.forms import add_service_errors, error_text
from cultiva.processes.views import get_visible_process
from cultiva.synthesis import rules
from cultiva.synthesis.forms_opinion import (
    ConversationForm,
    FromContributionsForm,
    PolisImportForm,
    StatementForm,
    StatementTranslationForm,
    VoteForm,
)
from cultiva.synthesis.models import Conversation, Statement
from cultiva.synthesis.selectors import opinion as selectors
from cultiva.synthesis.services import opinion as services
from cultiva.synthesis.tasks.opinion import opinion_analyse

# Above this many votes the map is computed in the background instead of in the request.
INLINE_ANALYSIS_VOTES = 50_000
SHOWN_CONSENSUS = 5
SHOWN_DIVISIVE = 5


def _conversation(process, pk: int) -> Conversation:
    try:
        return Conversation.objects.select_related("process", "meeting").get(pk=pk, process=process)
    except Conversation.DoesNotExist:
        raise Http404 from None


def _managed(request, slug: str, pk: int | None = None):
    process = get_visible_process(request, slug)
    rules.can_manage_conversations(request.user, process).enforce()
    if pk is None:
        return process, None
    return process, _conversation(process, pk)


def _statement(conversation: Conversation, statement_pk: int) -> Statement:
    try:
        return Statement.objects.select_related("conversation__process").get(
            pk=statement_pk, conversation=conversation
        )
    except Statement.DoesNotExist:
        raise Http404 from None


# --- participants ---------------------------------------------------------------------------


def conversation_list(request, slug: str):
    process = get_visible_process(request, slug)
    conversations = list(selectors.conversation_list(user=request.user, process=process))
    return render(
        request,
        "synthesis/opinion/list.html",
        {
            "process": process,
            "conversations": conversations,
            "can_manage": bool(rules.can_manage_conversations(request.user, process)),
        },
    )


def conversation_detail(request, slug: str, pk: int):
    """The voting page: one statement at a time, with the progress."""
    process = get_visible_process(request, slug)
    conversation = _conversation(process, pk)
    rules.can_view_conversation(request.user, conversation).enforce()
    try:
        wanted = int(request.GET.get("statement") or 0) or None
    except ValueError:
        wanted = None
    state = selectors.voting_state(
        conversation=conversation, user=request.user, statement_id=wanted
    )
    vote_verdict = rules.can_vote_in_conversation(request.user, conversation)
    propose_verdict = rules.can_propose_statement(request.user, conversation)
    return _voting_page(
        request,
        process,
        conversation,
        state,
        can_vote=bool(vote_verdict),
        vote_refusal=vote_verdict.reason,
        can_propose=bool(propose_verdict),
        statement_form=StatementForm() if propose_verdict else None,
    )


def _voting_page(request, process, conversation, state, *, status=200, **context):
    return render(
        request,
        "synthesis/opinion/detail.html",
        {
            "process": process,
            "conversation": conversation,
            "state": state,
            "my_vote": state.my_votes.get(state.current.pk) if state.current else None,
            "can_manage": bool(rules.can_manage_conversations(request.user, process)),
            "vote_choices": VOTE_BUTTONS,
            **context,
        },
        status=status,
    )


VOTE_BUTTONS = (
    (1, "agree"),
    (-1, "disagree"),
    (0, "pass"),
)


@require_POST
@login_required
def vote(request, slug: str, pk: int, statement_pk: int):
    process = get_visible_process(request, slug)
    conversation = _conversation(process, pk)
    rules.can_view_conversation(request.user, conversation).enforce()
    statement = _statement(conversation, statement_pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or pass."))
    else:
        verdict = rules.can_vote_in_conversation(request.user, conversation)
        if not verdict:
            messages.error(request, verdict.reason)
        else:
            try:
                services.vote_cast(
                    statement=statement, voter=request.user, value=form.cleaned_data["value"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
    return redirect("synthesis:conversation_detail", slug=slug, pk=conversation.pk)


@require_POST
@login_required
def statement_propose(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    conversation = _conversation(process, pk)
    rules.can_view_conversation(request.user, conversation).enforce()
    form = StatementForm(request.POST)
    if _statement_added(request, conversation, form):
        if rules.can_manage_conversations(request.user, process):
            messages.success(request, _("The statement was added."))
        else:
            messages.success(
                request, _("Thank you. Your statement is shown once a facilitator accepts it.")
            )
        return redirect("synthesis:conversation_detail", slug=slug, pk=conversation.pk)
    return _voting_page(
        request,
        process,
        conversation,
        selectors.voting_state(conversation=conversation, user=request.user),
        can_vote=bool(rules.can_vote_in_conversation(request.user, conversation)),
        can_propose=True,
        statement_form=form,
        status=400,
    )


def _statement_added(request, conversation, form) -> bool:
    """The statement saved; False, with the reasons on the form, when it was not."""
    if not form.is_valid():
        return False
    try:
        services.statement_add(
            conversation=conversation, actor=request.user, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


# --- facilitators ---------------------------------------------------------------------------


@login_required
def conversation_create(request, slug: str):
    process, _none = _managed(request, slug)
    return _conversation_form(
        request,
        process,
        None,
        lambda data: services.conversation_create(process=process, actor=request.user, **data),
        _("The poll was created. Now add its statements."),
    )


@login_required
def conversation_edit(request, slug: str, pk: int):
    process, conversation = _managed(request, slug, pk)
    return _conversation_form(
        request,
        process,
        conversation,
        lambda data: services.conversation_update(
            conversation=conversation, actor=request.user, **data
        ),
        _("The poll was saved."),
    )


def _conversation_form(request, process, conversation, save, success: str):
    """The poll's form (new when ``conversation`` is None); ``save`` gets the cleaned data."""
    initial = None
    if conversation is not None:
        initial = {
            "title": conversation.title,
            "description": conversation.description,
            "meeting": conversation.meeting,
            "allow_statements": conversation.allow_statements,
        }
    form = ConversationForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("synthesis:conversation_statements", slug=process.slug, pk=saved.pk)
    return render(
        request,
        "synthesis/opinion/form.html",
        {"process": process, "form": form, "conversation": conversation},
    )


@require_POST
@login_required
def conversation_set_open(request, slug: str, pk: int):
    process, conversation = _managed(request, slug, pk)
    is_open = request.POST.get("open") == "1"
    try:
        services.conversation_set_open(
            conversation=conversation, actor=request.user, is_open=is_open
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The poll is open for votes.") if is_open else _("The poll is closed to votes."),
        )
    return redirect("synthesis:conversation_statements", slug=slug, pk=conversation.pk)


def _statements_page(request, process, conversation, *, form=None, from_form=None, status=200):
    return render(
        request,
        "synthesis/opinion/statements.html",
        {
            "process": process,
            "conversation": conversation,
            "statements": list(selectors.statements_for_managing(conversation=conversation)),
            "form": form or StatementForm(),
            "from_form": from_form
            or FromContributionsForm(
                queryset=selectors.contributions_for_statements(conversation=conversation)
            ),
            "Moderation": Statement.Moderation,
        },
        status=status,
    )


@login_required
def conversation_statements(request, slug: str, pk: int):
    """The poll's statements with their votes, the moderation queue, adding statements."""
    process, conversation = _managed(request, slug, pk)
    if request.method == "POST":
        form = StatementForm(request.POST)
        if _statement_added(request, conversation, form):
            messages.success(request, _("The statement was added."))
            return redirect("synthesis:conversation_statements", slug=slug, pk=pk)
        return _statements_page(request, process, conversation, form=form, status=400)
    return _statements_page(request, process, conversation)


@require_POST
@login_required
def statements_from_contributions(request, slug: str, pk: int):
    process, conversation = _managed(request, slug, pk)
    form = FromContributionsForm(
        request.POST, queryset=selectors.contributions_for_statements(conversation=conversation)
    )
    if form.is_valid():
        try:
            created = services.statements_from_contributions(
                conversation=conversation,
                actor=request.user,
                contributions=form.cleaned_data["contributions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d statement was added from contributions.",
                    "%(count)d statements were added from contributions.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("synthesis:conversation_statements", slug=slug, pk=pk)
    return _statements_page(request, process, conversation, from_form=form, status=400)


@require_POST
@login_required
def statement_moderate(request, slug: str, pk: int, statement_pk: int):
    _process, conversation = _managed(request, slug, pk)
    statement = _statement(conversation, statement_pk)
    try:
        moderation = int(request.POST.get("moderation", ""))
    except ValueError:
        moderation = None
    try:
        services.statement_moderate(statement=statement, actor=request.user, moderation=moderation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Moderation saved."))
    return redirect("synthesis:conversation_statements", slug=slug, pk=pk)


@login_required
def statement_translate(request, slug: str, pk: int, statement_pk: int):
    """A statement's versions in each language: facilitators enter or correct a translation."""
    process, conversation = _managed(request, slug, pk)
    statement = _statement(conversation, statement_pk)
    form = StatementTranslationForm(request.POST or None, initial={"text": statement.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_translate(
                statement=statement, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The statement was saved."))
            back = request.POST.get("next") or ""
            if back == "queue":
                return redirect("synthesis:translation_queue", slug=slug)
            return redirect("synthesis:conversation_statements", slug=slug, pk=pk)
    return render(
        request,
        "synthesis/opinion/statement_translate.html",
        {
            "process": process,
            "conversation": conversation,
            "statement": statement,
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next") or "",
        },
        status=400 if form.errors else 200,
    )


@login_required
def polis_import(request, slug: str):
    from cultiva.synthesis.polis import PolisFormatError

    process, _none = _managed(request, slug)
    form = PolisImportForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        comments = form.cleaned_data["comments"]
        try:
            result = services.polis_import(
                process=process,
                actor=request.user,
                comments_csv=comments.read(),
                votes_csv=form.cleaned_data["votes"].read(),
                title=form.cleaned_data["title"],
                filename=comments.name,
                conversation=form.cleaned_data["conversation"],
            )
        except PolisFormatError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.changed:
                messages.success(
                    request,
                    # Label first, number after: no plural form to agree with, in any language.
                    _(
                        "Imported. New statements: %(statements)d, new votes: %(votes)d, "
                        "changed votes: %(updated)d."
                    )
                    % {
                        "statements": result.statements_created,
                        "votes": result.votes_created,
                        "updated": result.votes_updated,
                    },
                )
            else:
                messages.info(request, _("These files were already imported: nothing changed."))
            if result.changed and (
                services.analysis_state(result.conversation)[0] > INLINE_ANALYSIS_VOTES
            ):
                opinion_analyse.enqueue(result.conversation.pk)
            return redirect("synthesis:conversation_map", slug=slug, pk=result.conversation.pk)
    return render(
        request,
        "synthesis/opinion/polis_import.html",
        {"process": process, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def conversation_map(request, slug: str, pk: int):
    """The opinion map: participants placed by their votes, groups, statements that unite and
    divide. Computed here when stale and small, otherwise in the background."""
    process, conversation = _managed(request, slug, pk)
    analysis = selectors.conversation_analysis(conversation)
    vote_count, _latest = services.analysis_state(conversation)
    stale = services.analysis_is_stale(conversation, analysis)
    if stale and vote_count <= INLINE_ANALYSIS_VOTES:
        analysis = services.analysis_compute(conversation=conversation, actor=request.user)
        stale = False
    opinion_map = (
        selectors.opinion_map(conversation=conversation, analysis=analysis) if analysis else None
    )
    size_chart = None
    if opinion_map and opinion_map.groups:
        size_chart = bar_chart(
            title=_("Participants per opinion group"),
            labels=[_("Group %(label)s") % {"label": g.label} for g in opinion_map.groups],
            values=[g.size for g in opinion_map.groups],
        )
    return render(
        request,
        "synthesis/opinion/map.html",
        {
            "process": process,
            "conversation": conversation,
            "analysis": analysis,
            "map": opinion_map,
            "consensus": opinion_map.consensus[:SHOWN_CONSENSUS] if opinion_map else [],
            "divisive": opinion_map.divisive[:SHOWN_DIVISIVE] if opinion_map else [],
            "rejected": opinion_map.consensus_disagree[:SHOWN_CONSENSUS] if opinion_map else [],
            "stale": stale,
            "vote_count": vote_count,
            "size_chart": size_chart,
        },
    )


@require_POST
@login_required
def conversation_analyse(request, slug: str, pk: int):
    """Recompute the map in the background (for large polls)."""
    _process, conversation = _managed(request, slug, pk)
    opinion_analyse.enqueue(conversation.pk)
    messages.info(request, _("The opinion map is being computed. Reload the page in a minute."))
    return redirect("synthesis:conversation_map", slug=slug, pk=pk)
