"""Writes of stored embeddings (filled in by the text-pipeline work)."""

from __future__ import annotations


def embeddings_schedule(contribution_ids) -> None:
    """Queue the embedding of these contributions after the transaction commits."""
