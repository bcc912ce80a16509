"""The check on a process's logo: a PNG, JPEG or WebP image by its content, not its name.

SVG is refused on purpose: it can carry scripts. No database access here.
"""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LOGO_BYTES = 1024 * 1024
LOGO_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def check_logo(file) -> str:
    """The logo's content type; ValidationError with a clear message when it is refused."""
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s kB). The limit is %(limit)s kB.")
            % {"size": (size + 1023) // 1024, "limit": MAX_LOGO_BYTES // 1024},
            code="too_large",
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    guess = filetype.guess(head)
    if guess is None or guess.mime not in LOGO_TYPES:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="type")
    return guess.mime
