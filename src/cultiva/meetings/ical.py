"""iCalendar (RFC 5545) feeds from plain meeting data. No database access here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    url: str
    location: str = ""
    description: str = ""
    cancelled: bool = False


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str, stamp: dt.datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Cultiva//Participatory cultural strategy//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp.astimezone(dt.UTC))
        vevent.add("dtstart", event.starts_at.astimezone(dt.UTC))
        vevent.add("dtend", event.ends_at.astimezone(dt.UTC))
        vevent.add("summary", event.title)
        vevent.add("url", event.url)
        if event.location:
            vevent.add("location", event.location)
        if event.description:
            vevent.add("description", event.description)
        vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        cal.add_component(vevent)
    return cal.to_ical()
