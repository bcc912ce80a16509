"""The ranking of a review round (for the people running the process and decision-makers),
its published results (for everyone who may see the process) and their spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cultiva.core.forms import error_text
from cultiva.core.http import NotFound
from cultiva.core.i18n import localize
from cultiva.core.spreadsheets import Sheet, download, neutralise, xlsx_bytes
from cultiva.portfolio import ranking, ranking_rules, ranking_services
from cultiva.portfolio.models import Review, ReviewRound
from cultiva.portfolio.ranking_selectors import RoundRanking, review_round_of, round_ranking
from cultiva.processes.views import get_visible_process

MAX_FUNDING_LINE = 100_000


class RankingOptionsForm(forms.Form):
    funding_line = forms.IntegerField(
        label=gettext_lazy("Funding line: how many projects the money reaches (top N)"),
        min_value=1,
        max_value=MAX_FUNDING_LINE,
        required=False,
        help_text=gettext_lazy("Leave empty to show rank intervals without labels."),
    )
    normalise_severity = forms.BooleanField(
        label=gettext_lazy("Normalise reviewers' severity"),
        required=False,
        help_text=gettext_lazy(
            "Each reviewer's scores are compared with their own other scores, so that a "
            "severe reviewer's projects are not ranked lower for it."
        ),
    )


def _round(request, slug: str, round_pk: int) -> ReviewRound:
    process = get_visible_process(request, slug)
    return review_round_of(process=process, pk=round_pk)


LABELS = {
    ranking.ROBUSTLY_IN: gettext_lazy("robustly in the top %(line)s"),
    ranking.BORDERLINE: gettext_lazy("borderline"),
    ranking.ROBUSTLY_OUT: gettext_lazy("robustly out"),
}


def label_text(label: str | None, line: int | None) -> str:
    if label is None:
        return ""
    return str(LABELS[label]) % {"line": line}


def _dress(result: RoundRanking) -> RoundRanking:
    line = result.review_round.funding_line
    for row in result.rows:
        row.label_text = label_text(row.stability.label if row.stability else None, line)
    return result


@login_required
def ranking_page(request, slug: str, round_pk: int):
    review_round = _round(request, slug, round_pk)
    ranking_rules.can_view_ranking(request.user, review_round).enforce()
    may_set = ranking_rules.can_set_ranking_options(request.user, review_round)
    form = None
    if may_set:
        initial = {
            "funding_line": review_round.funding_line,
            "normalise_severity": review_round.normalise_severity,
        }
        form = RankingOptionsForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        may_set.enforce()
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            ranking_services.review_round_ranking_options_set(
                actor=request.user,
                review_round=review_round,
                funding_line=form.cleaned_data["funding_line"],
                normalise_severity=form.cleaned_data["normalise_severity"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The ranking's settings are saved."))
        return redirect("portfolio:review_ranking", slug=slug, round_pk=round_pk)
    result = _dress(round_ranking(review_round=review_round))
    return render(
        request,
        "portfolio/ranking/ranking.html",
        {
            "process": review_round.process,
            "review_round": review_round,
            "ranking": result,
            "form": form,
            "may_publish": ranking_rules.can_publish_results(request.user, review_round),
            "recommendations": Review.Recommendation.choices,
            "draws": ranking.DRAWS,
            "jitter_percent": round(ranking.WEIGHT_JITTER * 100),
            "disagreement_percent": round(ranking.DISAGREEMENT_RANGE * 100),
            "borderline": [
                row
                for row in result.rows
                if row.stability and row.stability.label == ranking.BORDERLINE
            ],
        },
    )


@require_POST
@login_required
def ranking_publish(request, slug: str, round_pk: int):
    review_round = _round(request, slug, round_pk)
    ranking_rules.can_view_ranking(request.user, review_round).enforce()
    try:
        ranking_services.review_round_publish(actor=request.user, review_round=review_round)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portfolio:review_ranking", slug=slug, round_pk=round_pk)
    messages.success(request, _("The results are published."))
    return redirect("portfolio:review_results", slug=slug, round_pk=round_pk)


def results_page(request, slug: str, round_pk: int):
    """The published results: ranking, aggregated scores and the reviewers' reasons."""
    review_round = _round(request, slug, round_pk)
    verdict = ranking_rules.can_view_results(request.user, review_round)
    if not verdict:
        raise NotFound(verdict.reason)
    return render(
        request,
        "portfolio/ranking/results.html",
        {
            "process": review_round.process,
            "review_round": review_round,
            "ranking": _dress(round_ranking(review_round=review_round)),
            "recommendations": Review.Recommendation.choices,
        },
    )


def results_xlsx(request, slug: str, round_pk: int):
    review_round = _round(request, slug, round_pk)
    verdict = ranking_rules.can_download_results(request.user, review_round)
    if not verdict:
        raise NotFound(verdict.reason)
    data = results_workbook(round_ranking(review_round=review_round))
    data = reproducible_xlsx(data, review_round.updated_at)
    return download(data, "xlsx", f"review-results-{review_round.pk}")


STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_xlsx(data: bytes, when) -> bytes:
    """The workbook with its time stamps (the document's and each zip entry's) set to `when`
    (the round's last change): the same results download as the same bytes, whenever and
    by whomever they are fetched."""
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    moment = when.astimezone(dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(
                zipfile.ZipInfo(entry.filename, date_time=moment),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def results_workbook(result: RoundRanking) -> bytes:
    """One row per project (scores per criterion, total, rank, stability), and a sheet of
    the reviewers' reasons (their names only when the round publishes them). Cells typed by
    people are made inert by the spreadsheet helpers (no formula runs)."""
    line = result.review_round.funding_line
    criteria = result.criteria
    header = [
        _("Rank"),
        _("Tied"),
        _("Code"),
        _("Project"),
        _("Lead organisation"),
        _("Reviews"),
        *[localize(c.name) for c in criteria],
        _("Total (out of 100)"),
        _("Rank interval"),
        _("Share of draws in the top N"),
        _("Stability"),
        _("Reviewers disagree"),
        *[str(label) for _value, label in Review.Recommendation.choices],
    ]
    rows = []
    for row in result.rows:
        outcome, stability = row.result, row.stability
        rows.append(
            [
                outcome.rank,
                _("yes") if outcome.tied else "",
                row.project.code,
                localize(row.project.title),
                localize(row.project.lead_organisation.name)
                if row.project.lead_organisation
                else "",
                outcome.review_count,
                *[None if c.mean is None else round(c.mean, 2) for c in row.criteria],
                row.score_points,
                f"{stability.rank_low}–{stability.rank_high}" if stability else "",
                row.share_percent / 100 if row.share_percent is not None else None,
                label_text(stability.label if stability else None, line),
                _("yes") if outcome.disagreement else "",
                *[
                    row.recommendations.get(value, 0)
                    for value, _label in Review.Recommendation.choices
                ],
            ]
        )
    reasons = [
        [
            row.project.code,
            localize(row.project.title),
            localize(c.criterion.name),
            reason.reviewer,
            reason.value,
            reason.text,
        ]
        for row in result.rows
        for c in row.criteria
        for reason in c.reasons
        if reason.text
    ]
    return xlsx_bytes(
        [
            Sheet(title=_("Ranking"), header=header, rows=_inert(rows), frozen_columns=4),
            Sheet(
                title=_("Reasons"),
                header=[
                    _("Code"),
                    _("Project"),
                    _("Criterion"),
                    _("Reviewer"),
                    _("Score"),
                    _("Reason"),
                ],
                rows=_inert(reasons),
                frozen_columns=2,
            ),
        ]
    )


def _inert(rows: list[list]) -> list[list]:
    return [[neutralise(value) for value in row] for row in rows]
