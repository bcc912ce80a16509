"""Writes for opinion polls: polls, statements, moderation, votes, Pol.is import, the map.

One transaction each; every state change is written to the activity log. The computing (opinion
groups, the Pol.is file format) lives in `cultiva.synthesis.opinion` and `.polis`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, field_changes
from cultiva.ideas.models import Contribution
from cultiva.synthesis import rules
from cultiva.synthesis.models import Conversation, OpinionAnalysis, OpinionVote, Statement

TITLE_MAX_LENGTH = 200
STATEMENT_MAX_LENGTH = 500
POLIS_MAX_BYTES = 20 * 1024 * 1024
BULK_BATCH = 2000
# Shorter texts ("Népzene", "Biblioteci") are taken to be in the writer's language.
DETECT_MIN_WORDS = 4

Moderation = Statement.Moderation


# --- polls ----------------------------------------------------------------------------------


def _one_line(text: str, *, field: str, limit: int, empty: str, too_long: str) -> str:
    """White space folded; refused, on ``field``, when empty or longer than ``limit``."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError({field: too_long % {"max": limit}})
    return text


def _clean_title(title: str) -> str:
    return _one_line(
        title,
        field="title",
        limit=TITLE_MAX_LENGTH,
        empty=_("Give the poll a title."),
        too_long=_("A title can be at most %(max)s characters."),
    )


def _check_meeting(process, meeting) -> None:
    if meeting is not None and meeting.process_id != process.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this process.")})


@transaction.atomic
def conversation_create(
    *,
    process,
    actor,
    title: str,
    description: str = "",
    allow_statements: bool = False,
    meeting=None,
    source: str = Conversation.Source.STATEMENTS,
    is_open: bool = True,
) -> Conversation:
    rules.can_manage_conversations(actor, process).enforce()
    _check_meeting(process, meeting)
    return _conversation_new(
        actor=actor,
        process=process,
        meeting=meeting,
        title=_clean_title(title),
        description=(description or "").strip(),
        allow_statements=allow_statements,
        source=source,
        is_open=is_open,
    )


def _conversation_new(*, actor, process, **fields) -> Conversation:
    conversation = Conversation.objects.create(process=process, created_by=actor, **fields)
    activity_record(
        actor=actor,
        verb="conversation.created",
        target=conversation,
        process=process,
        changes={"title": conversation.title, "source": conversation.source},
    )
    return conversation


EDITABLE = ("title", "description", "allow_statements", "meeting_id")


def _snapshot(conversation: Conversation) -> dict:
    return {name: getattr(conversation, name) for name in EDITABLE}


@transaction.atomic
def conversation_update(
    *,
    conversation: Conversation,
    actor,
    title: str,
    description: str = "",
    allow_statements: bool = False,
    meeting=None,
) -> Conversation:
    rules.can_manage_conversations(actor, conversation.process).enforce()
    _check_meeting(conversation.process, meeting)
    before = _snapshot(conversation)
    conversation.title = _clean_title(title)
    conversation.description = (description or "").strip()
    conversation.allow_statements = allow_statements
    conversation.meeting = meeting
    changes = field_changes(before, _snapshot(conversation))
    if changes:
        conversation.save()
        activity_record(
            actor=actor,
            verb="conversation.updated",
            target=conversation,
            process=conversation.process,
            changes=changes,
        )
    return conversation


@transaction.atomic
def conversation_set_open(*, conversation: Conversation, actor, is_open: bool) -> Conversation:
    """Close the poll to votes, or open it again."""
    rules.can_manage_conversations(actor, conversation.process).enforce()
    if is_open and conversation.source == Conversation.Source.POLIS:
        raise ValidationError(_("Imported Pol.is conversations take no new votes."))
    if conversation.is_open == is_open:
        return conversation
    conversation.is_open = is_open
    conversation.save(update_fields=["is_open"])
    activity_record(
        actor=actor,
        verb="conversation.reopened" if is_open else "conversation.closed",
        target=conversation,
        process=conversation.process,
        changes={"is_open": [not is_open, is_open]},
    )
    return conversation


# --- statements -----------------------------------------------------------------------------


def _clean_statement(text: str) -> str:
    return _one_line(
        text,
        field="text",
        limit=STATEMENT_MAX_LENGTH,
        empty=_("Write the statement first."),
        too_long=_("A statement can be at most %(max)s characters."),
    )


def _refuse_polis(conversation: Conversation) -> None:
    if conversation.source == Conversation.Source.POLIS:
        raise ValidationError(
            _("An imported Pol.is conversation takes its statements from its export only.")
        )


def text_language(text: str) -> str:
    """The language a new text is written in: the writer's (the interface's) language, unless
    the text is long enough to tell and reads in another one."""
    from cultiva.synthesis.text import detect_language

    codes = [code for code, _name in settings.LANGUAGES]
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    active = active if active in codes else settings.LANGUAGE_CODE
    if len((text or "").split()) >= DETECT_MIN_WORDS:
        detected = detect_language(text)
        if detected in codes:
            return detected
    return active


def _already_in_poll(conversation: Conversation, text: str, *, exclude: int | None = None) -> bool:
    """The same words (any case) in any language version of another statement of the poll."""
    wanted = text.casefold()
    versions = Statement.objects.filter(conversation=conversation).exclude(pk=exclude)
    return any(
        (version or "").casefold() == wanted
        for value in versions.values_list("text", flat=True)
        for version in (value or {}).values()
    )


@transaction.atomic
def statement_add(*, conversation: Conversation, actor, text: str, language: str = "") -> Statement:
    """A statement typed by a facilitator (shown at once) or a participant (moderated first);
    `language` is the one it is written in (found from the text when not given)."""
    if rules.can_manage_conversations(actor, conversation.process):
        moderation = Moderation.ACCEPTED
    else:
        rules.can_propose_statement(actor, conversation).enforce()
        moderation = Moderation.PENDING
    _refuse_polis(conversation)
    text = _clean_statement(text)
    if _already_in_poll(conversation, text):
        raise ValidationError({"text": _("This statement is already in the poll.")})
    language = language if language in dict(settings.LANGUAGES) else text_language(text)
    statement = Statement.objects.create(
        conversation=conversation,
        text={language: text},
        language=language,
        author=actor,
        moderation=moderation,
    )
    activity_record(
        actor=actor,
        verb="statement.added" if moderation == Moderation.ACCEPTED else "statement.proposed",
        target=statement,
        process=conversation.process,
        changes={"conversation": conversation.pk, "moderation": moderation},
    )
    return statement


@transaction.atomic
def statement_translate(*, statement: Statement, actor, text: dict[str, str]) -> Statement:
    """Enter or correct the statement's versions in each language ({"hu": ..., "ro": ...}).

    The version in its original language stays required: a translation never replaces it."""
    conversation = statement.conversation
    rules.can_manage_conversations(actor, conversation.process).enforce()
    versions: dict[str, str] = {}
    errors: dict[str, str] = {}
    for code, value in (text or {}).items():
        if code not in dict(settings.LANGUAGES) or not (value or "").strip():
            continue
        try:
            versions[code] = _clean_statement(value)
        except ValidationError as error:
            errors["text"] = error.message_dict["text"][0]
    if statement.language and statement.language not in versions:
        errors.setdefault(
            "text",
            _("Keep the statement in its original language (%(language)s).")
            % {"language": dict(settings.LANGUAGES)[statement.language]},
        )
    if not versions:
        errors.setdefault("text", _("Write the statement first."))
    if errors:
        raise ValidationError(errors)
    if not statement.language:
        statement.language = next(iter(versions))
    if versions == statement.text:
        return statement
    before = dict(statement.text or {})
    statement.text = versions
    statement.save(update_fields=["text", "language"])
    activity_record(
        actor=actor,
        verb="statement.translated",
        target=statement,
        process=conversation.process,
        changes={
            code: [before.get(code, ""), versions.get(code, "")]
            for code in sorted(set(before) | set(versions))
            if before.get(code, "") != versions.get(code, "")
        },
    )
    return statement


@transaction.atomic
def statements_from_contributions(
    *, conversation: Conversation, actor, contributions
) -> list[Statement]:
    """One statement per chosen submitted contribution of the process (title, else its text)."""
    rules.can_manage_conversations(actor, conversation.process).enforce()
    _refuse_polis(conversation)
    ids = [getattr(c, "pk", c) for c in contributions]
    rows = list(
        Contribution.objects.filter(
            pk__in=ids,
            process=conversation.process,
            status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
        )
        .prefetch_related("translations")
        .order_by("pk")
    )
    if len(rows) != len(set(ids)):
        raise ValidationError(
            {"contributions": _("Choose submitted contributions of this process.")}
        )
    linked = set(
        Statement.objects.filter(conversation=conversation, contribution__in=rows).values_list(
            "contribution_id", flat=True
        )
    )
    created = []
    for contribution in rows:
        if contribution.pk in linked:
            continue
        # The contribution's translations come along as the statement's other versions.
        versions = {
            version.language: " ".join((version.title or version.body or "").split())[
                :STATEMENT_MAX_LENGTH
            ]
            for version in (*contribution.translations.all(), contribution)
        }
        created.append(
            Statement(
                conversation=conversation,
                text={code: text for code, text in versions.items() if text},
                language=contribution.language,
                contribution=contribution,
                author=contribution.author,
                moderation=Moderation.ACCEPTED,
            )
        )
    Statement.objects.bulk_create(created)
    if created:
        if (
            conversation.source == Conversation.Source.STATEMENTS
            and not Statement.objects.filter(
                conversation=conversation, contribution__isnull=True
            ).exists()
        ):
            conversation.source = Conversation.Source.CONTRIBUTIONS
            conversation.save(update_fields=["source"])
        activity_record(
            actor=actor,
            verb="conversation.statements_from_contributions",
            target=conversation,
            process=conversation.process,
            changes={"contributions": [c.contribution_id for c in created]},
        )
    return created


@transaction.atomic
def statement_moderate(*, statement: Statement, actor, moderation: int) -> Statement:
    conversation = statement.conversation
    rules.can_manage_conversations(actor, conversation.process).enforce()
    if moderation not in Moderation.values:
        raise ValidationError(_("Choose accept or reject."))
    if statement.moderation == moderation:
        return statement
    before = statement.moderation
    statement.moderation = moderation
    statement.save(update_fields=["moderation"])
    activity_record(
        actor=actor,
        verb="statement.moderated",
        target=statement,
        process=conversation.process,
        changes={"moderation": [before, moderation]},
    )
    return statement


# --- votes ----------------------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, statement: Statement, voter, value: int) -> OpinionVote:
    """Agree (1), disagree (-1) or pass (0); a second vote on the same statement replaces it."""
    conversation = statement.conversation
    rules.can_vote_in_conversation(voter, conversation).enforce()
    if statement.moderation != Moderation.ACCEPTED:
        raise ValidationError(_("This statement is not open for votes."))
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in OpinionVote.Value.values:
        raise ValidationError(_("Choose agree, disagree or pass."))
    vote = OpinionVote.objects.select_for_update().filter(statement=statement, voter=voter).first()
    before = None
    if vote is None:
        try:
            with transaction.atomic():
                vote = OpinionVote.objects.create(statement=statement, voter=voter, value=value)
        except IntegrityError:  # the same vote sent twice at once
            vote = OpinionVote.objects.get(statement=statement, voter=voter)
            before = vote.value
    else:
        before = vote.value
    if before is not None:
        if before == value:
            return vote
        vote.value = value
        vote.save(update_fields=["value", "updated_at"])
    activity_record(
        actor=voter,
        verb="opinion.voted" if before is None else "opinion.vote_changed",
        target=statement,
        process=conversation.process,
        changes={"value": [before, value]},
    )
    return vote


# --- Pol.is import --------------------------------------------------------------------------


@dataclass
class PolisImportResult:
    conversation: Conversation
    statements_created: int = 0
    statements_updated: int = 0
    votes_created: int = 0
    votes_updated: int = 0
    votes_skipped: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.statements_created
            or self.statements_updated
            or self.votes_created
            or self.votes_updated
        )


_POLIS_MODERATION = {-1: Moderation.REJECTED, 0: Moderation.PENDING, 1: Moderation.ACCEPTED}


def polis_fingerprint(comments_csv: bytes, votes_csv: bytes) -> str:
    digest = hashlib.sha256(comments_csv)
    digest.update(b"\0")
    digest.update(votes_csv)
    return digest.hexdigest()


def polis_import(
    *,
    process,
    actor,
    comments_csv: bytes,
    votes_csv: bytes,
    title: str = "",
    filename: str = "",
    conversation: Conversation | None = None,
) -> PolisImportResult:
    """Read a Pol.is export and store it, all or nothing.

    Without `conversation` a new (closed) poll with source Pol.is is made; with it, the export
    is merged into that poll: comments and votes already there are matched by their Pol.is
    ids, so importing the same files again changes nothing, and a newer export of the same
    conversation adds its new comments and votes and updates the moderation and the changed
    votes. Raises `polis.PolisFormatError` (nothing stored) when the files are malformed.
    """
    from cultiva.synthesis import polis

    rules.can_manage_conversations(actor, process).enforce()
    for data in (comments_csv, votes_csv):
        if len(data) > POLIS_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(size)d MB can be imported at once.")
                % {"size": POLIS_MAX_BYTES // (1024 * 1024)}
            )
    if conversation is not None and (
        conversation.process_id != process.pk or conversation.source != Conversation.Source.POLIS
    ):
        raise ValidationError(
            {"conversation": _("Pol.is files can only be added to an imported Pol.is poll.")}
        )
    export = polis.read_polis_export(comments_csv, votes_csv)  # before any write
    if not export.comments:
        raise ValidationError(_("The comments file has no comments."))
    fingerprint = polis_fingerprint(comments_csv, votes_csv)
    if conversation is None:
        # The same files imported again land in the poll they made, and change nothing.
        conversation = Conversation.objects.filter(
            process=process, source=Conversation.Source.POLIS, import_fingerprint=fingerprint
        ).first()
    with transaction.atomic():
        if conversation is None:
            conversation = _conversation_new(
                actor=actor,
                process=process,
                title=_clean_title(title or filename or _("Imported Pol.is conversation")),
                source=Conversation.Source.POLIS,
                is_open=False,
                import_filename=filename[:255],
            )
        else:
            conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        result = PolisImportResult(conversation=conversation)
        _polis_store(conversation, export, result)
        if conversation.import_fingerprint != fingerprint:
            conversation.import_fingerprint = fingerprint
            conversation.save(update_fields=["import_fingerprint"])
        if result.changed:
            activity_record(
                actor=actor,
                verb="conversation.polis_imported",
                target=conversation,
                process=process,
                changes={
                    "file": filename,
                    "statements_created": result.statements_created,
                    "statements_updated": result.statements_updated,
                    "votes_created": result.votes_created,
                    "votes_updated": result.votes_updated,
                },
            )
    return result


def _polis_store(conversation: Conversation, export, result: PolisImportResult) -> None:
    existing = {
        s.external_id: s
        for s in Statement.objects.filter(conversation=conversation).exclude(external_id="")
    }
    new_statements = []
    changed_statements = []
    seen: set[str] = set()
    for comment in export.comments:
        if comment.comment_id in seen:
            continue
        seen.add(comment.comment_id)
        moderation = _POLIS_MODERATION.get(int(comment.moderated), Moderation.PENDING)
        statement = existing.get(comment.comment_id)
        if statement is None:
            language = text_language(comment.text)
            new_statements.append(
                Statement(
                    conversation=conversation,
                    text={language: comment.text},
                    language=language,
                    external_id=comment.comment_id,
                    external_author=comment.author_id[:40],
                    moderation=moderation,
                )
            )
        elif statement.moderation != moderation:
            statement.moderation = moderation
            changed_statements.append(statement)
    Statement.objects.bulk_create(new_statements, batch_size=BULK_BATCH)
    Statement.objects.bulk_update(changed_statements, ["moderation"], batch_size=BULK_BATCH)
    result.statements_created = len(new_statements)
    result.statements_updated = len(changed_statements)
    statement_ids = dict(
        Statement.objects.filter(conversation=conversation)
        .exclude(external_id="")
        .values_list("external_id", "pk")
    )
    old_votes = {
        (statement_id, voter): (pk, value)
        for pk, statement_id, voter, value in OpinionVote.objects.filter(
            statement__conversation=conversation
        )
        .exclude(external_voter="")
        .values_list("pk", "statement_id", "external_voter", "value")
        .iterator(chunk_size=5000)
    }
    latest: dict[tuple[int, str], int] = {}
    for voter_id, comment_id, value in export.votes:
        statement_id = statement_ids.get(comment_id)
        if statement_id is None or int(value) not in OpinionVote.Value.values:
            result.votes_skipped += 1
            continue
        latest[(statement_id, str(voter_id)[:40])] = int(value)
    new_votes = []
    changed_votes = []
    now = timezone.now()
    for (statement_id, voter), value in latest.items():
        old = old_votes.get((statement_id, voter))
        if old is None:
            new_votes.append(
                OpinionVote(statement_id=statement_id, external_voter=voter, value=value)
            )
        elif old[1] != value:
            changed_votes.append(OpinionVote(pk=old[0], value=value, updated_at=now))
    OpinionVote.objects.bulk_create(new_votes, batch_size=BULK_BATCH)
    OpinionVote.objects.bulk_update(changed_votes, ["value", "updated_at"], batch_size=BULK_BATCH)
    result.votes_created = len(new_votes)
    result.votes_updated = len(changed_votes)


# --- the opinion map ------------------------------------------------------------------------


def analysis_votes(conversation: Conversation) -> list[tuple[str, str, int]]:
    """(participant, statement, value) for the votes on the accepted statements."""
    rows = OpinionVote.objects.filter(
        statement__conversation=conversation, statement__moderation=Moderation.ACCEPTED
    ).values_list("voter_id", "external_voter", "statement_id", "value")
    return [
        (f"u{voter_id}" if voter_id is not None else f"x{external}", str(statement_id), value)
        for voter_id, external, statement_id, value in rows.iterator(chunk_size=5000)
    ]


def analysis_state(conversation: Conversation) -> tuple[int, object]:
    """(vote count, time of the latest vote change) on the accepted statements: the cache key."""
    state = OpinionVote.objects.filter(
        statement__conversation=conversation, statement__moderation=Moderation.ACCEPTED
    ).aggregate(count=Count("pk"), latest=Max("updated_at"))
    return state["count"], state["latest"]


def analysis_is_stale(conversation: Conversation, analysis: OpinionAnalysis | None) -> bool:
    count, latest = analysis_state(conversation)
    if analysis is None:
        return count > 0
    if analysis.vote_count != count:
        return True
    return latest is not None and latest > analysis.computed_at


@transaction.atomic
def analysis_compute(
    *, conversation: Conversation, actor=None, force: bool = False
) -> OpinionAnalysis:
    """Compute the opinion groups now and keep them; reuse the stored map when nothing changed."""
    from cultiva.synthesis import opinion

    if actor is not None:
        rules.can_manage_conversations(actor, conversation.process).enforce()
    analysis = OpinionAnalysis.objects.select_for_update().filter(conversation=conversation).first()
    if analysis is not None and not force and not analysis_is_stale(conversation, analysis):
        return analysis
    count, _latest = analysis_state(conversation)
    votes = analysis_votes(conversation)
    result = opinion.analyse(votes)
    data = opinion.result_to_json(result)
    if analysis is None:
        analysis = OpinionAnalysis.objects.create(
            conversation=conversation, vote_count=count, result=data
        )
    else:
        analysis.vote_count = count
        analysis.result = data
        analysis.save()
    activity_record(
        actor=actor,
        verb="conversation.analysed",
        target=conversation,
        process=conversation.process,
        changes={"votes": count, "groups": result.group_count},
    )
    return analysis
