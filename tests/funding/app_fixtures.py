"""Shared objects of the application tests: a portfolio project of the world's member's
organisation and a call with required documents and a deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cultiva.funding.models import CallDeadline, CallDocument
from cultiva.portfolio.models import BudgetLine
from tests.factories import make_call, make_project


def project_and_call(world, **call_fields):
    project = make_project(
        world.process,
        lead_organisation=world.organisation,
        budget_total=Decimal("300000"),
        currency="RON",
        maturity="ready",
    )
    BudgetLine.objects.create(project=project, year=2027, source="own", planned=Decimal("30000"))
    call_fields.setdefault("max_amount", Decimal("250000"))
    call = make_call(world.process, **call_fields)
    CallDocument.objects.create(call=call, name={"hu": "Költségvetés", "en": "Budget"}, position=1)
    CallDocument.objects.create(
        call=call, name={"hu": "Alapító okirat", "en": "Statute"}, required=False, position=2
    )
    CallDeadline.objects.create(call=call, due_at=timezone.now() + dt.timedelta(days=20))
    return project, call
