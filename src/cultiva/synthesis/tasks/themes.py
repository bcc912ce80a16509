"""Background clustering of a process's contributions into themes (see services.themes)."""

from __future__ import annotations

from django_tasks import task

from cultiva.synthesis.services.themes import clustering_run_execute


@task()
def run_clustering(run_id: int) -> str:
    """Embed what is missing, cluster, write the themes; returns the run's final status."""
    run = clustering_run_execute(run_id)
    return run.status if run is not None else "missing"
