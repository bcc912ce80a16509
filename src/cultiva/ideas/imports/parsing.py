"""Moved to core.imports.parsing (the wizard is shared by every import kind)."""

from cultiva.core.imports.parsing import (  # noqa: F401
    MAX_BYTES,
    MAX_ROWS,
    ImportRefused,
    Table,
    read_table,
)
