"""Checking in 200 attendees in a row, as a facilitator does at the door.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_checkin.py [--people 200]

Each check-in is what the phone sends and receives: the POST that records "present" and
the check-in list it returns to (with the search box still filled, as at the door).
Uses a throw-away SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchkit import bench_process, django_setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    django_setup("checkin")
    import datetime as dt

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cultiva.accounts.models import User
    from cultiva.meetings.models import Meeting, Registration

    process, facilitator = bench_process("checkin")
    start = timezone.now()
    meeting = Meeting.objects.create(
        process=process,
        kind="workshop",
        title={"hu": "Műhely"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        venue="Kultúrház",
        is_published=True,
        capacity=args.people,
    )
    people = User.objects.bulk_create(
        User(email=f"p{i}-{process.slug}@example.org", full_name=f"Résztvevő {i:03d}")
        for i in range(args.people)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=person,
            status="confirmed",
            personal_code=f"{i:06d}".translate(str.maketrans("01", "AB")),
        )
        for i, person in enumerate(people)
    )

    client = Client()
    client.force_login(facilitator)
    base = f"/p/{process.slug}/meetings/{meeting.pk}/checkin/"
    timings, queries = [], []
    started = time.perf_counter()
    for registration in registrations:
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.post(
                f"{base}{registration.pk}/", {"attendance": "present"}, follow=True
            )
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        queries.append(len(captured))
    total = time.perf_counter() - started
    present = Registration.objects.filter(meeting=meeting, attendance="present").count()
    timings.sort()
    print(f"database: {connection.vendor}; attendees: {args.people}; recorded present: {present}")
    p50, p95 = statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]
    print(
        f"total: {total:.1f} s; per check-in (POST + list): p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )
    print(f"queries per check-in: min {min(queries)}, max {max(queries)}")


if __name__ == "__main__":
    main()
