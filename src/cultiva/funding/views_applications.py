"""The application pages: start, list, detail (checklist, steps, history), edit, the files of
the checklist, and the deadline calendars (ICS) of an organisation and of a process."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts.models import Organisation
from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found, stored_file_response
from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.core.views import paginate
from cultiva.funding import application_selectors as selectors
from cultiva.funding import application_services as services
from cultiva.funding import ical_feeds, rules
from cultiva.funding.forms_applications import (
    ApplicationFilterForm,
    ApplicationForm,
    DocumentAddForm,
    DocumentForm,
    StepForm,
)
from cultiva.funding.models import Application, ApplicationDocument, Call, OwnContributionForm
from cultiva.portfolio.models import Project
from cultiva.processes.views import get_visible_process


def _application_of(request, slug: str, application_pk: int) -> Application:
    """The application, through the process in the address; 404 when it is not there, 403
    when this person may not see it."""
    process = get_visible_process(request, slug)
    try:
        application = selectors.application_detail(process=process, pk=application_pk)
    except Application.DoesNotExist:
        raise Http404(_("There is no such application in this process.")) from None
    rules.can_view_application(request.user, application).enforce()
    return application


@require_POST
@login_required
def application_start(request, slug: str, project_pk: int, call_pk: int):
    process = get_visible_process(request, slug)
    project = get_or_not_found(
        Project.objects.filter(process=process).select_related("process"),
        _("There is no such project in this process."),
        pk=project_pk,
    )
    call = get_or_not_found(
        Call.objects.filter(process=process),
        _("There is no such call in this process."),
        pk=call_pk,
    )
    rules.can_start_application(request.user, project).enforce()
    try:
        application = services.application_start(actor=request.user, project=project, call=call)
    except ValidationError as error:
        messages.error(request, error_text(error))
        existing = Application.objects.filter(project=project, call=call).first()
        if existing is not None:
            return redirect(
                "funding:application_detail", slug=process.slug, application_pk=existing.pk
            )
        return redirect("portfolio:detail", pk=project.pk)
    messages.success(request, _("The application is started: prepare its documents."))
    return redirect("funding:application_detail", slug=process.slug, application_pk=application.pk)


@login_required
def application_list(request, slug: str):
    process = get_visible_process(request, slug)
    choices = selectors.application_filter_choices(user=request.user, process=process)
    form = ApplicationFilterForm(request.GET or None, **choices)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.application_list(
        user=request.user,
        process=process,
        status=filters.get("status") or None,
        call_id=filters.get("call"),
        organisation_id=filters.get("organisation"),
    )
    feeds = [
        (organisation, _feed_url(process, organisation))
        for organisation in selectors.feed_organisations(user=request.user, process=process)
    ]
    return render(
        request,
        "funding/application_list.html",
        {
            "process": process,
            "form": form,
            "page": paginate(request, applications),
            "sees_all": selectors.sees_all_applications(request.user, process),
            "feeds": feeds,
            "process_feed": absolute_url(reverse("funding:deadlines_feed", args=[process.slug])),
        },
    )


def _step_forms(user, application: Application) -> list[tuple[str, str, StepForm]]:
    labels = dict(Application.Status.choices)
    return [
        (
            target,
            labels[target],
            StepForm(
                initial={
                    "target": target,
                    "source": application.status,
                    "awarded_amount": application.awarded_amount or application.requested_amount,
                },
                auto_id=f"step-{target}-%s",
            ),
        )
        for target in rules.application_targets(user, application)
    ]


def _detail_context(request, application: Application, **extra) -> dict:
    documents = list(application.documents.all())
    ready, required = services.documents_ready(documents)
    can_edit = bool(rules.can_edit_application(request.user, application))
    return {
        "process": application.process,
        "application": application,
        "documents": documents,
        "documents_ready": ready,
        "documents_required": required,
        "steps": application.steps.all(),
        "deadlines": application.call.deadlines.all(),
        "now": timezone.now(),
        "step_forms": _step_forms(request.user, application),
        "can_edit": can_edit,
        "add_form": DocumentAddForm(auto_id="add-%s") if can_edit else None,
        "own_forms": OwnContributionForm.choices,
        **extra,
    }


@login_required
def application_detail(request, slug: str, application_pk: int):
    application = _application_of(request, slug, application_pk)
    return render(request, "funding/application_detail.html", _detail_context(request, application))


@login_required
def application_edit(request, slug: str, application_pk: int):
    application = _application_of(request, slug, application_pk)
    rules.can_edit_application(request.user, application).enforce()
    form = ApplicationForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("funding:application_detail", slug=slug, application_pk=application.pk)
    return render(
        request,
        "funding/application_edit.html",
        {"process": application.process, "application": application, "form": form},
    )


@require_POST
@login_required
def application_step(request, slug: str, application_pk: int):
    application = _application_of(request, slug, application_pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
        return redirect("funding:application_detail", slug=slug, application_pk=application.pk)
    data = form.cleaned_data
    application.status = data["source"]  # what the person saw: a stale step is refused
    try:
        services.application_step(
            actor=request.user,
            application=application,
            target=data["target"],
            note=data["note"],
            awarded_amount=data["awarded_amount"],
            rejection_reason=data["rejection_reason"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The application is now “%(status)s”.")
            % {"status": Application.Status(data["target"]).label},
        )
    return redirect("funding:application_detail", slug=slug, application_pk=application.pk)


def _document_of(application: Application, document_pk: int) -> ApplicationDocument:
    return get_or_not_found(
        ApplicationDocument.objects.filter(application=application),
        _("There is no such document in this application."),
        pk=document_pk,
    )


@require_POST
@login_required
def application_document(request, slug: str, application_pk: int, document_pk: int):
    """A line of the checklist: ticked or not, and a file uploaded with it."""
    application = _application_of(request, slug, application_pk)
    rules.can_edit_application(request.user, application).enforce()
    document = _document_of(application, document_pk)
    form = DocumentForm(request.POST, request.FILES)
    back = redirect("funding:application_detail", slug=slug, application_pk=application.pk)
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(list(form.errors.values()))))
        return back
    try:
        if form.cleaned_data["file"]:
            services.application_document_upload(
                actor=request.user, document=document, file=form.cleaned_data["file"]
            )
        services.application_document_tick(
            actor=request.user, document=document, ready=form.cleaned_data["ready"]
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(document)s: %(error)s")
            % {"document": localize(document.name), "error": error_text(error)},
        )
    else:
        messages.success(
            request, _("%(document)s is saved.") % {"document": localize(document.name)}
        )
    return back


@require_POST
@login_required
def application_document_add(request, slug: str, application_pk: int):
    application = _application_of(request, slug, application_pk)
    rules.can_edit_application(request.user, application).enforce()
    form = DocumentAddForm(request.POST, auto_id="add-%s")
    if form.is_valid():
        try:
            services.application_document_add(
                actor=request.user,
                application=application,
                name=form.cleaned_data["name"],
                required=form.cleaned_data["required"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added to the checklist."))
            return redirect("funding:application_detail", slug=slug, application_pk=application.pk)
    return render(
        request,
        "funding/application_detail.html",
        _detail_context(request, application, add_form=form),
        status=400,
    )


@login_required
def application_document_file(request, slug: str, application_pk: int, document_pk: int):
    """Download a checklist file: only for those who see the application."""
    application = _application_of(request, slug, application_pk)
    document = _document_of(application, document_pk)
    if not document.file:
        raise Http404(_("No file is uploaded for this document."))
    return stored_file_response(
        document.file,
        title=localize(document.name),
        fallback="document",
        content_type=document.content_type,
    )


# --- deadline calendars -----------------------------------------------------------------------


def _feed_url(process, organisation) -> str:
    return absolute_url(
        reverse(
            "funding:organisation_feed",
            args=[process.slug, organisation.pk, ical_feeds.feed_token(process, organisation)],
        )
    )


def organisation_feed(request, slug: str, pk: int, token: str):
    """The deadlines of the calls an organisation prepares applications for, for calendar
    apps that cannot log in: the signed address is the secret (like the personal meetings
    feed)."""
    process = get_visible_process(request, slug)
    organisation = get_or_not_found(Organisation, _("There is no such organisation."), pk=pk)
    if not ical_feeds.feed_token_valid(process, organisation, token):
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        body = ical_feeds.organisation_calendar(
            process=process,
            organisation=organisation,
            deadlines=selectors.organisation_deadlines(process=process, organisation=organisation),
        )
    return ical_feeds.ics_response(body, f"{process.slug}-deadlines.ics")


def deadlines_feed(request, slug: str):
    """Every deadline of the process's catalogue of calls (public as the catalogue is)."""
    process = get_visible_process(request, slug)
    rules.can_view_catalogue(request.user, process).enforce()
    body = ical_feeds.process_calendar(
        process=process, deadlines=selectors.process_deadlines(process=process)
    )
    return ical_feeds.ics_response(body, f"{process.slug}-funding-deadlines.ics")
