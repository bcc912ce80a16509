"""Reads for opinion polls: the list, the voting page, the statements page and the opinion map.

Each function issues a fixed number of queries however many statements and votes there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation

from cultiva.core.i18n import localize, version_in
from cultiva.ideas.models import Contribution
from cultiva.synthesis import rules
from cultiva.synthesis.models import Conversation, OpinionAnalysis, OpinionVote, Statement

Moderation = Statement.Moderation

# Okabe–Ito: told apart with every common colour-vision deficiency; each group also gets its
# own marker shape, so colour is never the only cue.
GROUP_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
GROUP_SHAPES = ("circle", "square", "triangle", "diamond")
MAP_WIDTH = 600
MAP_HEIGHT = 420
MAP_PADDING = 24


def group_label(index: int) -> str:
    """A, B, ... Z, AA, AB ... like Pol.is."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def _count_subquery(queryset) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("statement__conversation")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
        output_field=IntegerField(),
    )


def conversation_list(*, user, process):
    """The polls of a process this user may see, with their numbers (one query)."""
    queryset = Conversation.objects.filter(process=process).select_related("meeting")
    manager = bool(rules.can_manage_conversations(user, process))
    if not manager:
        queryset = queryset.filter(is_open=True).exclude(source=Conversation.Source.POLIS)
    votes = OpinionVote.objects.filter(
        statement__conversation=OuterRef("pk"), statement__moderation=Moderation.ACCEPTED
    )
    queryset = queryset.annotate(
        statement_count=Count(
            "statements", filter=Q(statements__moderation=Moderation.ACCEPTED), distinct=True
        ),
        pending_count=Count(
            "statements", filter=Q(statements__moderation=Moderation.PENDING), distinct=True
        ),
        vote_count=_count_subquery(votes),
    )
    if user.is_authenticated:
        queryset = queryset.annotate(my_vote_count=_count_subquery(votes.filter(voter=user)))
    else:
        queryset = queryset.annotate(my_vote_count=Value(0, output_field=IntegerField()))
    return queryset.order_by("-created_at", "-pk")


@dataclass
class VotingState:
    statements: list[Statement]
    my_votes: dict[int, int]
    current: Statement | None
    position: int  # 1-based place of the current statement among all
    voted: int
    total: int
    my_pending: list[Statement] = field(default_factory=list)

    @property
    def voted_rows(self) -> list[tuple[Statement, int]]:
        return [(s, self.my_votes[s.pk]) for s in self.statements if s.pk in self.my_votes]


def show_in(statements, language: str) -> list[Statement]:
    """Each statement with `shown_text` and `shown_language`: its version in the reader's
    language when there is one, else its original (`in_other_language` marks it). Those the
    reader can read in their language come first, each group in the order they were added."""
    for statement in statements:
        statement.shown_text, statement.shown_language = version_in(
            statement.text, language, statement.language
        )
        statement.in_other_language = statement.shown_language != language
    return sorted(statements, key=lambda s: (s.in_other_language, s.pk))


def voting_state(
    *,
    conversation: Conversation,
    user,
    statement_id: int | None = None,
    language: str | None = None,
):
    """The accepted statements, the user's votes, and the statement to show next (2-3 queries).

    A reader is asked first about the statements written in, or translated into, their
    language (`language`, the active one when not given); the others follow, in their original
    language and marked so."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    statements = show_in(
        Statement.objects.filter(conversation=conversation, moderation=Moderation.ACCEPTED).only(
            "pk", "text", "language", "conversation_id", "moderation"
        ),
        language,
    )
    my_votes: dict[int, int] = {}
    my_pending: list[Statement] = []
    if user.is_authenticated:
        my_votes = dict(
            OpinionVote.objects.filter(
                statement__conversation=conversation, voter=user
            ).values_list("statement_id", "value")
        )
        my_pending = show_in(
            Statement.objects.filter(
                conversation=conversation, author=user, moderation=Moderation.PENDING
            ),
            language,
        )
    current = None
    if statement_id is not None:
        current = next((s for s in statements if s.pk == statement_id), None)
    if current is None:
        current = next((s for s in statements if s.pk not in my_votes), None)
    position = statements.index(current) + 1 if current is not None else 0
    voted = sum(1 for s in statements if s.pk in my_votes)
    return VotingState(
        statements=statements,
        my_votes=my_votes,
        current=current,
        position=position,
        voted=voted,
        total=len(statements),
        my_pending=my_pending,
    )


def statements_for_managing(*, conversation: Conversation):
    """Every statement with its vote counts, pending ones first (one query)."""
    return (
        Statement.objects.filter(conversation=conversation)
        .select_related("author", "contribution")
        .annotate(
            agree_count=Count("votes", filter=Q(votes__value=1)),
            disagree_count=Count("votes", filter=Q(votes__value=-1)),
            pass_count=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("moderation", "pk")
    )


def contributions_for_statements(*, conversation: Conversation):
    """Submitted contributions of the process not yet put to this poll."""
    return (
        Contribution.objects.filter(
            process_id=conversation.process_id,
            status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
        )
        .exclude(statements__conversation=conversation)
        .only("pk", "title", "kind")
        .order_by("-pk")
    )


def polis_conversations(*, process):
    return Conversation.objects.filter(process=process, source=Conversation.Source.POLIS).order_by(
        "-created_at"
    )


def conversation_analysis(conversation: Conversation) -> OpinionAnalysis | None:
    return OpinionAnalysis.objects.filter(conversation=conversation).first()


# --- the opinion map ------------------------------------------------------------------------


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class StatementLine:
    statement_id: int
    text: str
    agree: int | None = None  # percentages
    disagree: int | None = None
    passed: int | None = None
    votes: int = 0
    score: float = 0.0
    direction: str = ""  # "agree" | "disagree" for representative statements
    in_agree: int | None = None
    in_disagree: int | None = None
    out_agree: int | None = None
    out_disagree: int | None = None
    per_group: list[tuple[str, int | None, int | None]] = field(default_factory=list)


@dataclass
class GroupView:
    number: int
    label: str
    colour: str
    shape: str
    size: int
    share: int | None
    representative: list[StatementLine]
    legend_path: str = ""  # the marker in a 16 × 16 box


@dataclass
class PointView:
    index: int
    label: str
    colour: str
    shape: str
    x: float  # analysis coordinates
    y: float
    px: float  # map coordinates
    py: float
    vote_count: int
    path: str = ""  # the SVG marker


@dataclass
class OpinionMap:
    groups: list[GroupView]
    points: list[PointView]
    consensus: list[StatementLine]  # every group agrees, best first
    divisive: list[StatementLine]
    group_count: int
    participant_count: int
    excluded_participants: int
    silhouette: float | None
    consensus_disagree: list[StatementLine] = field(default_factory=list)
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT


def _shape_path(shape: str, x: float, y: float, r: float = 6.0) -> str:
    if shape == "square":
        return f"M{x - r:.1f} {y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.1:.1f} {y + r:.1f}H{x - r * 1.1:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f} {y - r * 1.3:.1f}L{x + r * 1.3:.1f} {y:.1f}L{x:.1f} {y + r * 1.3:.1f}" + (
            f"L{x - r * 1.3:.1f} {y:.1f}z"
        )
    # a circle as a path, so every marker is one element kind
    return f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0a{r:.1f} {r:.1f} 0 1 0 " + (
        f"{-2 * r:.1f} 0z"
    )


def marker_path(shape: str, x: float, y: float, r: float = 6.0) -> str:
    return _shape_path(shape, x, y, r)


def _shared(lines: list[StatementLine], direction: str) -> list[StatementLine]:
    """The lines on which every group has a majority for `direction` (agree or disagree)."""
    column = 1 if direction == "agree" else 2
    return [
        item
        for item in lines
        if item.per_group
        and all(shares[column] is not None and shares[column] > 50 for shares in item.per_group)
    ]


def opinion_map(*, conversation: Conversation, analysis: OpinionAnalysis) -> OpinionMap | None:
    """The stored analysis made ready for the page: groups A, B..., points placed on the map,
    statements with their texts and percentages in and outside each group (one query)."""
    from cultiva.synthesis import opinion

    if not analysis.result:
        return None
    result = opinion.result_from_json(analysis.result)
    texts = {
        pk: localize(text)
        for pk, text in Statement.objects.filter(conversation=conversation).values_list(
            "pk", "text"
        )
    }

    def text_of(statement: str) -> str:
        try:
            return texts.get(int(statement), "")
        except (TypeError, ValueError):
            return ""

    numbers = sorted({g.group for g in result.groups} | {p.group for p in result.participants})
    numbers = [n for n in numbers if n is not None and n >= 0]
    order = {number: index for index, number in enumerate(numbers)}

    labels = {number: group_label(index) for number, index in order.items()}

    def label(number: int) -> str:
        return labels.get(number, "?")

    def colour(number: int) -> str:
        return GROUP_COLOURS[order.get(number, 0) % len(GROUP_COLOURS)]

    def shape(number: int) -> str:
        return GROUP_SHAPES[order.get(number, 0) % len(GROUP_SHAPES)]

    stats = {str(s.statement): s for s in result.statements}

    def per_group(stat, number: int) -> tuple[int, int, int]:
        counts = stat.per_group.get(number)
        if counts is None:
            counts = stat.per_group.get(str(number), (0, 0, 0))  # type: ignore[arg-type]
        return tuple(int(c) for c in counts)  # type: ignore[return-value]

    def line(statement: str, score: float = 0.0, direction: str = "", group=None):
        stat = stats.get(str(statement))
        item = StatementLine(
            statement_id=int(statement) if str(statement).isdigit() else 0,
            text=text_of(statement),
            score=float(score),
            direction=direction,
        )
        if stat is None:
            return item
        total = stat.agree + stat.disagree + stat.passed
        item.votes = total
        item.agree = _share(stat.agree, total)
        item.disagree = _share(stat.disagree, total)
        item.passed = _share(stat.passed, total)
        for number in numbers:
            a, d, p = per_group(stat, number)
            item.per_group.append((label(number), _share(a, a + d + p), _share(d, a + d + p)))
        if group is not None:
            a, d, p = per_group(stat, group)
            oa = od = op = 0
            for number in numbers:
                if number != group:
                    x, y, z = per_group(stat, number)
                    oa, od, op = oa + x, od + y, op + z
            item.in_agree = _share(a, a + d + p)
            item.in_disagree = _share(d, a + d + p)
            item.out_agree = _share(oa, oa + od + op)
            item.out_disagree = _share(od, oa + od + op)
        return item

    placed = [p for p in result.participants if p.group is not None and p.group >= 0]
    participant_count = len(placed)
    groups = [
        GroupView(
            number=g.group,
            label=label(g.group),
            colour=colour(g.group),
            shape=shape(g.group),
            size=g.size,
            share=_share(g.size, participant_count),
            representative=[
                line(statement, repness, direction, group=g.group)
                for statement, direction, repness in g.representative
            ],
            legend_path=marker_path(shape(g.group), 8, 8, 6),
        )
        for g in sorted(result.groups, key=lambda g: order.get(g.group, 0))
    ]

    xs = [p.x for p in placed] or [0.0]
    ys = [p.y for p in placed] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    inner_w = MAP_WIDTH - 2 * MAP_PADDING
    inner_h = MAP_HEIGHT - 2 * MAP_PADDING
    points = []
    for index, p in enumerate(sorted(placed, key=lambda p: (order.get(p.group, 0), p.x, p.y))):
        px = MAP_PADDING + (p.x - min(xs)) / span_x * inner_w
        py = MAP_PADDING + (max(ys) - p.y) / span_y * inner_h
        points.append(
            PointView(
                index=index + 1,
                label=label(p.group),
                colour=colour(p.group),
                shape=shape(p.group),
                x=round(p.x, 3),
                y=round(p.y, 3),
                px=round(px, 1),
                py=round(py, 1),
                vote_count=p.vote_count,
                path=marker_path(shape(p.group), px, py),
            )
        )
    return OpinionMap(
        groups=groups,
        points=points,
        consensus=_shared(
            [line(statement, score) for statement, score in result.consensus], "agree"
        ),
        consensus_disagree=_shared(
            [line(statement, score) for statement, score in result.consensus_disagree],
            "disagree",
        ),
        divisive=[line(statement, score) for statement, score in result.divisive],
        group_count=result.group_count,
        participant_count=participant_count,
        excluded_participants=result.excluded_participants,
        silhouette=result.silhouette,
    )
