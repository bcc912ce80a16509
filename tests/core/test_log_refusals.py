"""A refused request (403) is one line in the server log, without a traceback."""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import reverse


@pytest.fixture
def server_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_a_403_logs_one_line_without_traceback(client, world, server_log):
    client.force_login(world.member)
    url = reverse("meetings:feedback_questions", args=[world.process.slug])
    assert client.get(url).status_code == 403
    lines = [line for line in server_log.getvalue().splitlines() if line.strip()]
    assert lines == [f"WARNING django.request Forbidden (Permission denied): {url}"]
    assert "Traceback" not in server_log.getvalue()
