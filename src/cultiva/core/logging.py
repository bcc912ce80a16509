"""Log filters of the server log.

Django logs a refused request (403, 400) on `django.request` with the exception's traceback;
a refusal is an ordinary answer, not a fault, so it is kept to its one line. Server errors
(5xx) keep their traceback.
"""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
