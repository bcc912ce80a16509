"""Signals other apps listen to, so `ideas` does not need to know them."""

from django.dispatch import Signal

# Sent after the texts of contributions were written (created, edited, imported, merged);
# keyword argument `contribution_ids`: a list of primary keys. Synthesis recomputes
# embeddings from it.
contribution_texts_changed = Signal()
