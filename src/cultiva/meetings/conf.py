"""The meetings' configurable values, read from Django settings or the environment.

CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE: how long before a meeting's start attendance can be
recorded (check-in at the door), on every channel. Read here rather than in settings.py so a
Django setting of the same name (tests, a deployment's own settings) wins over the environment.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CHECKIN_OPENS_SETTING = "CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE"
CHECKIN_OPENS_DEFAULT = 60
CHECKIN_OPENS_MAX = 24 * 60  # a day: anything longer is no longer "at the door"


def checkin_opens_minutes() -> int:
    """Minutes before the start from which attendance can be recorded (0: from the start)."""
    value = getattr(settings, CHECKIN_OPENS_SETTING, None)
    if value is None:
        value = os.environ.get(CHECKIN_OPENS_SETTING, CHECKIN_OPENS_DEFAULT)
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        minutes = -1
    if not 0 <= minutes <= CHECKIN_OPENS_MAX:
        raise ImproperlyConfigured(
            f"{CHECKIN_OPENS_SETTING} must be a whole number of minutes from 0 to "
            f"{CHECKIN_OPENS_MAX}, not {value!r}."
        )
    return minutes


def checkin_opens_before() -> dt.timedelta:
    return dt.timedelta(minutes=checkin_opens_minutes())


def check_configuration(app_configs=None, **kwargs):
    """System check: a bad value is reported at start-up, not on the first check-in."""
    from django.core.checks import Error

    try:
        checkin_opens_minutes()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="cultiva.meetings.E001")]
    return []
