"""Background work after an import: the search words of the new contributions.

Stemming 10,000 rows takes several seconds, so `import_commit` enqueues this after the
transaction instead of doing it inside (`manage.py run_worker` runs it in production; it is
immediate in tests and when CULTIVA_TASKS_IMMEDIATE is set).
"""

from __future__ import annotations

from django_tasks import task

from cultiva.ideas.indexing import contributions_reindex
from cultiva.ideas.models import Contribution


@task()
def import_batch_index(batch_id: int) -> int:
    contributions = (
        Contribution.objects.filter(import_batch_id=batch_id)
        .only("id", "title", "body", "partners", "resources_needed", "language", "search_document")
        .order_by("id")
    )
    return contributions_reindex(contributions)
