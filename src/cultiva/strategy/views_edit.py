"""The coordinators' pages for shaping the strategy: its header, and the tree of goals,
priority axes and measures with the projects each measure serves. Everyone else reads the
tree on strategy:detail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found
from cultiva.portfolio.models import Project
from cultiva.processes.views import get_visible_process
from cultiva.strategy import rules, services
from cultiva.strategy.forms import NodeForm, ProjectLinkForm, StrategyForm
from cultiva.strategy.selectors import measure_with_projects, projects_to_link, strategy_nodes

CHILD_KIND = {"strategy": "goal", "goal": "axis", "axis": "measure"}


def _kind_names() -> dict[str, str]:
    return {"goal": _("goal"), "axis": _("priority axis"), "measure": _("measure")}


def _node(request, slug: str, kind: str, pk: int):
    process = get_visible_process(request, slug)
    return get_or_not_found(
        strategy_nodes(process=process, kind=kind),
        _("There is no such part of the strategy in this process."),
        pk=pk,
    )


def _tree_url(strategy, node=None) -> str:
    url = reverse("strategy:detail", args=[strategy.pk])
    return f"{url}#{services.node_kind(node)}-{node.pk}" if node is not None else url


@login_required
def strategy_create(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_create_strategy(request.user, process).enforce()
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(
                actor=request.user, process=process, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is created: now add its goals."))
            return redirect("strategy:detail", pk=strategy.pk)
    return render(
        request,
        "strategy/edit_strategy.html",
        {"process": process, "form": form, "strategy": None},
    )


@login_required
def strategy_edit(request, slug: str, pk: int):
    strategy = _node(request, slug, "strategy", pk)
    rules.can_edit_strategy(request.user, strategy).enforce()
    initial = {
        name: getattr(strategy, name)
        for name in ("title", "vision", "summary", "period_start", "period_end")
    }
    form = StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(actor=request.user, strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect("strategy:detail", pk=strategy.pk)
    return render(
        request,
        "strategy/edit_strategy.html",
        {"process": strategy.process, "form": form, "strategy": strategy},
    )


@login_required
def node_add(request, slug: str, pk: int, parent_kind: str):
    """A new goal (of a strategy), axis (of a goal) or measure (of an axis)."""
    parent = _node(request, slug, parent_kind, pk)
    strategy = parent if parent_kind == "strategy" else services.node_strategy(parent)
    rules.can_edit_strategy(request.user, strategy).enforce()
    kind = CHILD_KIND[parent_kind]
    form = NodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s is added.") % {"code": node.code})
            return redirect(_tree_url(strategy, node))
    return render(
        request,
        "strategy/edit_node.html",
        {
            "process": strategy.process,
            "strategy": strategy,
            "form": form,
            "kind": kind,
            "kind_name": _kind_names()[kind],
            "parent": None if parent_kind == "strategy" else parent,
            "node": None,
        },
    )


@login_required
def node_edit(request, slug: str, pk: int, kind: str):
    node = _node(request, slug, kind, pk)
    strategy = services.node_strategy(node)
    rules.can_edit_strategy(request.user, strategy).enforce()
    initial = {"code": node.code, "title": node.title, "description": node.description}
    form = NodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.node_update(actor=request.user, node=node, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s is saved.") % {"code": node.code})
            return redirect(_tree_url(strategy, node))
    context = {
        "process": strategy.process,
        "strategy": strategy,
        "form": form,
        "kind": kind,
        "kind_name": _kind_names()[kind],
        "node": node,
    }
    if kind == "measure":
        context["linked_projects"] = measure_with_projects(measure=node)
        context["link_form"] = ProjectLinkForm(projects=projects_to_link(measure=node))
    return render(request, "strategy/edit_node.html", context)


@login_required
def node_delete(request, slug: str, pk: int, kind: str):
    """A confirmation page that says what goes with the node; the POST deletes."""
    node = _node(request, slug, kind, pk)
    strategy = services.node_strategy(node)
    rules.can_edit_strategy(request.user, strategy).enforce()
    if request.method == "POST":
        services.node_delete(actor=request.user, node=node)
        messages.success(request, _("%(code)s is deleted.") % {"code": node.code})
        return redirect(_tree_url(strategy))
    return render(
        request,
        "strategy/delete_node.html",
        {
            "process": strategy.process,
            "strategy": strategy,
            "node": node,
            "kind": kind,
            "kind_name": _kind_names()[kind],
            "dependents": services.node_dependents(node),
        },
    )


@require_POST
@login_required
def node_move(request, slug: str, pk: int, kind: str):
    node = _node(request, slug, kind, pk)
    strategy = services.node_strategy(node)
    rules.can_edit_strategy(request.user, strategy).enforce()
    try:
        services.node_move(actor=request.user, node=node, direction=request.POST.get("direction"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(_tree_url(strategy, node))


@require_POST
@login_required
def measure_link(request, slug: str, pk: int):
    measure = _node(request, slug, "measure", pk)
    strategy = services.node_strategy(measure)
    rules.can_edit_strategy(request.user, strategy).enforce()
    form = ProjectLinkForm(request.POST, projects=projects_to_link(measure=measure))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        project = form.cleaned_data["project"]
        services.measure_link_project(actor=request.user, measure=measure, project=project)
        messages.success(
            request,
            _("Measure %(measure)s now links project %(project)s.")
            % {"measure": measure.code, "project": project.code},
        )
    return redirect("strategy:measure_edit", slug=slug, pk=measure.pk)


@require_POST
@login_required
def measure_unlink(request, slug: str, pk: int, project_pk: int):
    measure = _node(request, slug, "measure", pk)
    strategy = services.node_strategy(measure)
    rules.can_edit_strategy(request.user, strategy).enforce()
    project = get_or_not_found(
        Project.objects.filter(process_id=strategy.process_id),
        _("There is no such project in this process."),
        pk=project_pk,
    )
    services.measure_unlink_project(actor=request.user, measure=measure, project=project)
    messages.success(
        request,
        _("Measure %(measure)s no longer links project %(project)s.")
        % {"measure": measure.code, "project": project.code},
    )
    return redirect("strategy:measure_edit", slug=slug, pk=measure.pk)
