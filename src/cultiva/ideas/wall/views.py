"""Pages of the live wall: opening it, the projector with its controls, and the phone page.

Every change also works without JavaScript (plain forms); with it, wall.js sends the same
changes over the WebSocket and redraws from the server's messages.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.models import TaxonomyTerm
from cultiva.ideas import rules
from cultiva.ideas.models import Contribution, Wall, WallCard, WallColumn, WallParticipant
from cultiva.ideas.wall import selectors, services
from cultiva.ideas.wall.broadcast import (
    cards_message,
    wall_broadcast,
    wall_broadcast_removal,
    wall_broadcast_state,
)
from cultiva.ideas.wall.consumers import token_cookie_name
from cultiva.ideas.wall.forms import CardForm, ColumnForm, GuestJoinForm, TimerForm, WallOpenForm
from cultiva.meetings.services.certificates import qr_svg
from cultiva.meetings.views.common import visible_meeting

COOKIE_MAX_AGE = 14 * 24 * 3600


def _join_url(request, wall: Wall) -> str:
    return request.build_absolute_uri(reverse("ideas:wall_join", args=[wall.code]))


def _managed_wall(request, pk: int) -> Wall:
    wall = selectors.wall_by_pk(pk)
    if wall is None:
        raise Http404
    rules.can_manage_wall(request.user, wall.meeting.process).enforce()
    return wall


def _i18n() -> dict:
    return {
        "connected": _("Connected: changes appear live."),
        "reconnecting": _("Connection lost, reconnecting…"),
        "connecting": _("Connecting…"),
        "pending": _("waiting to be sent"),
        "dots": pgettext("label before a number", "Dots"),
        "yours": _("yours"),
        "move_to": _("Move to column"),
        "move": _("Move"),
        "add_dot": _("Add a dot"),
        "remove_dot": _("Take back a dot"),
        "dots_left": _("Dots left"),
        "voting_open": _("Dot voting is open."),
        "voting_closed": _("Dot voting is not open."),
        "closed": _("This wall is closed."),
        "no_cards": _("No cards yet."),
        "time_left": _("Time left"),
        "time_up": _("Time is up."),
        "no_column": _("No column"),
        "hide": _("Hide"),
        "restore": _("Restore"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this card for good?"),
        "confirm_column_delete": _(
            "Delete this column? Its cards stay on the wall without a column."
        ),
        "move_left": _("Move left"),
        "move_right": _("Move right"),
        "delete_column": _("Delete the column"),
        "hidden_cards": _("Hidden cards"),
        "contribution": _("The contribution it became"),
        "kinds": {key: str(label) for key, label in Contribution.Kind.choices},
    }


# --- facilitator -----------------------------------------------------------------------------


def wall_open(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk)
    process = meeting.process
    rules.can_manage_wall(request.user, process).enforce()
    form = WallOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wall = services.wall_open(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                allow_guests=form.cleaned_data["allow_guests"],
                dots_per_person=form.cleaned_data["dots_per_person"],
                columns=form.column_titles(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The wall is open. Show this page on the projector."))
            return redirect("ideas:wall_projector", wall.pk)
    return render(
        request,
        "ideas/wall/open.html",
        {
            "process": process,
            "meeting": meeting,
            "form": form,
            "walls": selectors.meeting_walls(meeting),
        },
    )


def wall_projector(request, pk: int):
    wall = _managed_wall(request, pk)
    join_url = _join_url(request, wall)
    state = selectors.wall_state(wall, manager=True)
    columns = list(wall.columns.select_related("domain").order_by("position", "id"))
    cards = selectors.wall_cards(wall)
    for column in columns:
        column.card_list = [card for card in cards if card.column_id == column.pk]
    loose = [card for card in cards if card.column_id is None]
    return render(
        request,
        "ideas/wall/projector.html",
        {
            "process": wall.meeting.process,
            "meeting": wall.meeting,
            "wall": wall,
            "columns": columns,
            "loose_cards": loose,
            "hidden_cards": selectors.wall_cards(wall, hidden=True)
            if wall.status == Wall.Status.OPEN
            else [],
            "join_url": join_url,
            "short_url": reverse("ideas:wall_join", args=[wall.code]),
            "qr": qr_svg(join_url, title=_("QR code to join the wall")),
            "state": state,
            "i18n": _i18n(),
            "column_form": ColumnForm(),
            "domains": selectors.domain_choices() if wall.status == Wall.Status.OPEN else [],
            "timer_form": TimerForm(),
            "contributions": wall.meeting.contributions.filter(wall_card__wall=wall).count()
            if wall.status == Wall.Status.CLOSED
            else 0,
            # ?view=screen: what the room sees on the projector, without the facilitator's
            # controls (the same page in a second tab keeps them).
            "screen_only": request.GET.get("view") == "screen",
        },
    )


@require_POST
def wall_control(request, pk: int, action: str):
    wall = _managed_wall(request, pk)
    post = request.POST
    user = request.user
    removed = None
    try:
        if action in ("hide", "delete"):
            card = _object(WallCard, wall, post.get("card"))
            removed = card.pk
            if action == "hide":
                services.wall_card_hide(actor=user, wall=wall, card=card)
            else:
                services.wall_card_delete(actor=user, wall=wall, card=card)
        elif action == "restore":
            services.wall_card_restore(
                actor=user, wall=wall, card=_object(WallCard, wall, post.get("card"))
            )
        elif action == "column_delete":
            services.wall_column_delete(
                actor=user, wall=wall, column=_object(WallColumn, wall, post.get("column"))
            )
        elif action == "column_move":
            services.wall_column_move(
                actor=user,
                wall=wall,
                column=_object(WallColumn, wall, post.get("column")),
                step=1 if post.get("step") == "1" else -1,
            )
        elif action == "column_add":
            form = ColumnForm(post)
            if not form.is_valid():
                raise ValidationError(_("Please give a column title."))
            services.wall_column_add(actor=user, wall=wall, title=form.cleaned_data["title"])
        elif action == "column_rename":
            # The editor's row of a column: its title and, optionally, its cultural domain.
            column = _object(WallColumn, wall, post.get("column"))
            domain = _domain(post.get("domain")) if "domain" in post else column.domain
            if post.get("title", "").strip() != column.title:
                services.wall_column_rename(
                    actor=user, wall=wall, column=column, title=post.get("title", "")
                )
            services.wall_column_domain_set(actor=user, wall=wall, column=column, domain=domain)
        elif action == "move":
            services.wall_card_move(
                actor=user,
                wall=wall,
                card=_object(WallCard, wall, post.get("card")),
                column=_object(WallColumn, wall, post.get("column")),
            )
        elif action == "timer":
            form = TimerForm(post)
            if not form.is_valid():
                raise ValidationError(
                    _("The timer runs between 1 and %(max)s minutes.")
                    % {"max": services.MAX_TIMER_MINUTES}
                )
            services.wall_timer_set(actor=user, wall=wall, minutes=form.cleaned_data["minutes"])
        elif action == "voting":
            services.wall_voting_set(actor=user, wall=wall, voting_open=post.get("open") == "1")
        elif action == "close":
            made = services.wall_close(actor=user, wall=wall)
            messages.success(
                request,
                ngettext(
                    "The wall is closed; %(count)s card became a contribution.",
                    "The wall is closed; %(count)s cards became contributions.",
                    len(made),
                )
                % {"count": len(made)},
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if removed is not None:
            wall_broadcast_removal(wall, removed)
        else:
            wall_broadcast_state(wall)
    if request.headers.get("x-requested-with") == "fetch":
        return redirect("ideas:wall_state", wall.code)
    return redirect("ideas:wall_projector", wall.pk)


def _domain(value) -> TaxonomyTerm | None:
    if not value:
        return None
    try:
        return TaxonomyTerm.objects.get(vocabulary=TaxonomyTerm.Vocabulary.DOMAIN, pk=int(value))
    except (TypeError, ValueError, TaxonomyTerm.DoesNotExist):
        raise ValidationError(_("Please choose a cultural domain.")) from None


def _object(model, wall: Wall, pk):
    try:
        return model.objects.get(wall=wall, pk=int(pk))
    except (TypeError, ValueError, model.DoesNotExist):
        raise ValidationError(_("This card or column is not on this wall.")) from None


# --- participants ----------------------------------------------------------------------------


def _wall_or_404(code: str) -> Wall:
    wall = selectors.wall_by_code(code)
    if wall is None:
        raise Http404
    return wall


def current_participant(request, wall: Wall) -> WallParticipant | None:
    participant = selectors.participant_by_token(
        wall, request.COOKIES.get(token_cookie_name(wall.code))
    )
    if not selectors.participant_fits(participant, wall, request.user):
        participant = None
    if participant is None:
        participant = selectors.participant_for_user(wall, request.user)
    return participant


def _remember(response, wall: Wall, participant: WallParticipant):
    response.set_cookie(
        token_cookie_name(wall.code),
        participant.token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _participant_page(request, wall, participant, card_form=None, status=200):
    cards = selectors.wall_cards(wall)
    mine = selectors.participant_dots(participant) if participant else {}
    for card in cards:
        card.my_dots = mine.get(card.pk, 0)
    response = render(
        request,
        "ideas/wall/participant.html",
        {
            "wall": wall,
            "meeting": wall.meeting,
            "participant": participant,
            "cards": cards,
            "dots_used": sum(mine.values()),
            "dots_left": max(wall.dots_per_person - sum(mine.values()), 0),
            "card_form": card_form or CardForm(initial={"client_id": uuid.uuid4().hex}),
            "state": selectors.wall_state(wall),
            "i18n": _i18n(),
        },
        status=status,
    )
    if participant is not None:
        _remember(response, wall, participant)
    return response


def wall_join(request, code: str):
    wall = _wall_or_404(code)
    participant = current_participant(request, wall)
    if participant is not None or wall.status == Wall.Status.CLOSED:
        return _participant_page(request, wall, participant)
    if request.user.is_authenticated:
        participant = services.wall_participant_join(wall=wall, user=request.user)
        return _participant_page(request, wall, participant)
    if not wall.allow_guests:
        return redirect_to_login(request.get_full_path())
    form = GuestJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.wall_participant_join(
                wall=wall,
                user=request.user,
                guest_name=form.cleaned_data["name"],
                guest_organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _remember(redirect("ideas:wall_join", wall.code), wall, participant)
    return render(request, "ideas/wall/guest_join.html", {"wall": wall, "form": form})


@require_POST
def wall_post(request, code: str):
    wall = _wall_or_404(code)
    participant = current_participant(request, wall)
    if participant is None:
        return redirect("ideas:wall_join", wall.code)
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            card, created = services.wall_card_post(
                participant=participant,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                wall_broadcast(wall, cards_message([selectors.card_json(card)]))
            if request.headers.get("x-requested-with") == "fetch":
                return redirect("ideas:wall_state", wall.code)
            messages.success(request, _("Your card is on the wall."))
            return redirect("ideas:wall_join", wall.code)
    return _participant_page(request, wall, participant, card_form=form, status=400)


@require_POST
def wall_dot(request, code: str):
    wall = _wall_or_404(code)
    participant = current_participant(request, wall)
    if participant is None:
        return redirect("ideas:wall_join", wall.code)
    try:
        card = _object(WallCard, wall, request.POST.get("card"))
        if request.POST.get("action") == "remove":
            services.wall_dot_remove(participant=participant, card=card)
        else:
            services.wall_dot_add(participant=participant, card=card)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        wall_broadcast(wall, cards_message([], {card.pk: selectors.card_dot_count(card.pk)}))
    return redirect(reverse("ideas:wall_join", args=[wall.code]) + "#cards")


def wall_state(request, code: str):
    """The wall's snapshot as JSON, for screens whose WebSocket is down."""
    from django.http import JsonResponse

    wall = _wall_or_404(code)
    participant = current_participant(request, wall)
    manager = bool(rules.can_manage_wall(request.user, wall.meeting.process))
    if participant is None and not manager:
        raise Http404
    data = selectors.wall_state(wall, manager=manager)
    if participant is not None:
        data["my_dots"] = selectors.my_dots_message(participant, wall)
    return JsonResponse(data)
