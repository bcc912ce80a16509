"""Background tasks of funding: thin wrappers that call a service.

Run by `manage.py run_worker` in production (django-tasks' database backend); immediate in
tests. `send_funding_digest` is also run weekly by `manage.py send_funding_digest` from cron.
"""

from __future__ import annotations

from django_tasks import task

from cultiva.funding.match_services import funding_digest_send


@task()
def send_funding_digest() -> int:
    """E-mail each organisation's people about newly matching calls; returns how many."""
    return funding_digest_send()
