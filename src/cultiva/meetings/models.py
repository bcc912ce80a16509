"""Meetings of a process and everything around them.

Lectures, workshops, conference sessions and public forums; their agenda and speakers;
registration with a waiting list; attendance; materials; minutes; feedback; certificates.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize

# Codes people type from paper or a phone: no 0/O, 1/I/L look-alikes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_checkin_code() -> str:
    return random_code(8)


def new_personal_code() -> str:
    return random_code(6)


def new_verification_code() -> str:
    return random_code(12)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("lecture")
        WORKSHOP = "workshop", _("workshop")
        CONFERENCE_SESSION = "conference_session", _("conference session")
        PUBLIC_FORUM = "public_forum", _("public forum")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("process"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    settlement = models.ForeignKey(
        "core.Settlement",
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("settlement"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="meetings",
        blank=True,
        limit_choices_to={"vocabulary__in": ["domain", "expertise"]},
        verbose_name=_("topics"),
    )
    speakers = models.ManyToManyField(
        "Speaker", related_name="meetings", blank=True, verbose_name=_("speakers")
    )
    is_published = models.BooleanField(_("published"), default=False)
    requires_registration = models.BooleanField(_("registration required"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waiting_list_enabled = models.BooleanField(_("waiting list"), default=True)
    # The code behind the meeting's QR poster for self check-in.
    checkin_code = models.CharField(
        _("check-in code"), max_length=12, unique=True, default=new_checkin_code, editable=False
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"), default=24, help_text=_("0 sends no reminder.")
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="meeting_registration_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return localize(self.title)

    @property
    def has_ended(self) -> bool:
        """Over: its pages no longer offer places (nobody can take one)."""
        return self.ends_at <= timezone.now()


class Speaker(models.Model):
    """A lecturer, moderator or panellist: a person with an account, or an external guest.

    A speaker belongs to one process: its staff manage the speaker's record (with the private
    e-mail address); a person who speaks in two processes has a record in each.
    """

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="speakers",
        verbose_name=_("process"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_profiles",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("organisation"),
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        help_text=_("For external speakers: their institution, as they wish it written."),
    )
    biography = MultilingualField(_("short biography"), blank=True)
    expertise = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="speakers",
        blank=True,
        limit_choices_to={"vocabulary": "expertise"},
        verbose_name=_("expertise areas"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    is_external = models.BooleanField(_("external"), default=False)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "person"],
                condition=Q(person__isnull=False),
                name="speaker_once_per_process",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Speaker, related_name="agenda_items", blank=True, verbose_name=_("speakers")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="agenda_item_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return localize(self.title)


class RegistrationQuestion(models.Model):
    """An extra question a meeting asks at registration (diet, accessibility, …)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("free text")
        CHOICE = "choice", _("single choice")
        YES_NO = "yes_no", _("yes or no")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registration_questions"
    )
    label = MultilingualField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    # For choice questions: [{"hu": "...", "ro": "...", "en": "..."}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return localize(self.label)


class Registration(models.Model):
    """A person's place at a meeting, on the waiting list, or given up; and their attendance."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not recorded")
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    class CheckinMethod(models.TextChoices):
        FACILITATOR = "facilitator", _("by a facilitator")
        SELF = "self", _("self check-in")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    personal_code = models.CharField(
        _("personal code"), max_length=8, default=new_personal_code, editable=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checkin_method = models.CharField(
        max_length=12, choices=CheckinMethod.choices, blank=True, default=""
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="registration_unique_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "personal_code"], name="registration_unique_code"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    def save(self, *args, **kwargs):
        # Six random characters clash inside one meeting about once in a billion places;
        # draw again rather than fail on the unique constraint.
        if self._state.adding:
            taken = Registration.objects.filter(meeting_id=self.meeting_id)
            while taken.filter(personal_code=self.personal_code).exists():
                self.personal_code = new_personal_code()
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """An e-mail invitation to a meeting, sent by a facilitator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="invitation_unique_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.meeting}"


class Material(models.Model):
    """Slides, documents or a link from a lecture or workshop, in the series' library."""

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
        CC0 = "cc0-1.0", _("public domain (CC0)")
        ALL_RIGHTS = "all-rights-reserved", _("all rights reserved")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTICIPANTS = "participants", _("participants only")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="materials"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("meeting"),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("speaker"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to="materials/%Y/%m/", blank=True)
    url = models.URLField(_("link"), blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    topics = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="materials",
        blank=True,
        limit_choices_to={"vocabulary__in": ["domain", "expertise"]},
        verbose_name=_("topics"),
    )
    # Normalised words (folded diacritics, stems) of title, description and file text,
    # for search on databases without a language-aware full-text engine.
    search_document = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(file="") & Q(url="")), name="material_has_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    """The minutes of a meeting, in Markdown; every saved version is kept."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField(_("minutes (Markdown)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class MinutesRevision(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        ordering = ["minutes", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} #{self.number}"


class FeedbackQuestion(models.Model):
    """A question of the process's feedback form, asked after each of its meetings."""

    class Kind(models.TextChoices):
        RATING = "rating", _("rating from 1 to 5")
        TEXT = "text", _("free text")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="feedback_questions"
    )
    label = MultilingualField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["process", "position", "id"]

    def __str__(self) -> str:
        return localize(self.label)


class FeedbackResponse(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # {"<question id>": 4, "<question id>": "text"}
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "respondent"], name="feedback_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"


class Certificate(models.Model):
    """An attendance certificate, for one meeting or for the whole series of a process."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        SERIES = "series", _("whole series")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="certificates"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="certificates"
    )
    # What the certificate says, frozen when issued: name, meetings attended, dates.
    holder_name = models.CharField(max_length=150)
    attended_count = models.PositiveSmallIntegerField(default=1)
    verification_code = models.CharField(
        max_length=16, unique=True, default=new_verification_code, editable=False
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "meeting"],
                condition=Q(kind="meeting"),
                name="certificate_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["person", "process"],
                condition=Q(kind="series"),
                name="certificate_once_per_series",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.verification_code}"


class Announcement(models.Model):
    """A message from a process's coordinators or facilitators to some of its people.

    Written in one to three languages; each recipient gets their own (see
    `meetings.announcements`). Sent once: there is no draft and no editing afterwards, and
    `deliveries` fixes who gets it at the moment it is sent.
    """

    class Audience(models.TextChoices):
        PROCESS = "process", _("everyone taking part in the process")
        ROLE = "role", _("the people holding a role in the process")
        MEETING_REGISTERED = "meeting_registered", _("the people registered for a meeting")
        MEETING_WAITING = "meeting_waiting", _("the waiting list of a meeting")
        MEETING_ATTENDED = "meeting_attended", _("the people who attended a meeting")

    MEETING_AUDIENCES = frozenset(
        {Audience.MEETING_REGISTERED, Audience.MEETING_WAITING, Audience.MEETING_ATTENDED}
    )

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="announcements"
    )
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    role = models.CharField(_("role"), max_length=20, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("meeting"),
    )
    subject = MultilingualField(_("subject"))
    body = MultilingualField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return localize(self.subject)

    @property
    def role_label(self) -> str:
        from cultiva.processes.models import ProcessRole

        return str(ProcessRole.Role(self.role).label) if self.role else ""


class AnnouncementDelivery(models.Model):
    """One recipient of an announcement: claimed before its e-mail goes out, so a retried
    task never sends it to the same person twice."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcements_received"
    )
    language = models.CharField(max_length=5, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set instead of sent_at when the person turned announcements off in the meantime.
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("announcement recipient")
        verbose_name_plural = _("announcement recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "person"], name="announcement_delivery_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.person}"
