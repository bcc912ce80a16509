from django.urls import reverse

from cultiva.accounts.models import ApiToken


def test_person_creates_uses_and_revokes_a_token(client, world):
    client.force_login(world.member)
    page = client.post(reverse("api_tokens:list"), {"name": "Megyei honlap"}).content.decode()
    token = ApiToken.objects.get(user=world.member)
    raw = page.split('<code class="token">')[1].split("</code>")[0]
    assert raw.startswith(token.prefix)
    api = client.get("/api/v1/processes", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert client.get("/api/v1/processes", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # The secret is shown once: the list page does not repeat it.
    assert raw not in client.get(reverse("api_tokens:list")).content.decode()


def test_tokens_of_others_cannot_be_revoked(client, world):
    client.force_login(world.member)
    client.post(reverse("api_tokens:list"), {"name": "Saját"})
    token = ApiToken.objects.get()
    client.force_login(world.outsider)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_empty_name_is_refused(client, world):
    client.force_login(world.member)
    response = client.post(reverse("api_tokens:list"), {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
