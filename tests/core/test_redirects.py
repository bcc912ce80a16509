"""Going back after a form: only to pages of this site, and never a server error."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cultiva.core.redirects import local_url, redirect_back
from tests.synthesis.theme_helpers import make_themes


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/p/hargita-2027/themes/board/", True),
        ("/p/hargita-2027/themes/7/?page=2", True),
        ("https://evil.example/", False),
        ("//evil.example/p/", False),
        ("-1x", False),  # a bare word: redirect() would reverse it as a URL name and fail
        ("back", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_local_url_keeps_only_paths_of_this_site(target, kept):
    request = RequestFactory().post("/", HTTP_HOST="testserver")
    assert local_url(request, target) == (target if kept else None)
    response = redirect_back(request, target, "/fallback/")
    assert response["Location"] == (target if kept else "/fallback/")


@pytest.mark.django_db
@pytest.mark.parametrize("back", ["https://evil.example/", "-1x", "ő" * 5000])
def test_promote_with_nothing_ticked_goes_back_to_the_board_whatever_back_says(client, world, back):
    make_themes(world, 1, 2)
    client.force_login(world.facilitator)
    url = reverse("synthesis:theme_selection_promote", args=[world.process.slug])
    response = client.post(url, {"contributions": "nonsense", "back": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("synthesis:theme_board", args=[world.process.slug])
