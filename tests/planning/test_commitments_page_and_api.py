"""The goals page and POST /api/preferences accept exactly the same weekly commitments and
refuse them with the same words, on the same row and field: both go through the one
parser in planning.scheduler."""

import html
import re

import pytest
from django.urls import reverse

from planning.models import Preferences

pytestmark = pytest.mark.django_db

BASE = {
    "goals_text": "Write every weekday morning.",
    "task_complexity": "Balanced",
    "focus_areas": ["Writing"],
    "weekend_preference": "Rest",
}
GOOD_FIRST_ROW = {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"}


def _page_post(row: dict) -> dict:
    data = {**BASE, "focus_areas": ["Writing", ""]}
    for number, commitment in enumerate((GOOD_FIRST_ROW, row), start=1):
        for key, value in commitment.items():
            data[f"commitment-{number}-{key}"] = value
    return data


@pytest.mark.parametrize(
    ("row", "stored"),
    [
        ({"day": "tue", "start": "9:00", "end": "10:30", "label": ""}, ("tue", "09:00", "10:30")),
        ({"day": "TUE", "start": "20:00", "end": "24:00", "label": ""}, ("tue", "20:00", "00:00")),
        ({"day": "sun", "start": " 07:05 ", "end": "08:00", "label": "Run club"}, ("sun", "07:05", "08:00")),
    ],
)
def test_the_page_and_the_api_accept_the_same_commitments_and_store_them_alike(client, api, user, row, stored):
    response = api.post("/api/preferences", {**BASE, "fixed_commitments": [GOOD_FIRST_ROW, row]}, format="json")
    assert response.status_code == 201, response.json()
    from_api = Preferences.objects.get(user=user)
    client.force_login(user)
    page = client.post(reverse("planning:goals"), _page_post(row))
    assert page.status_code == 302
    from_page = Preferences.objects.filter(user=user).exclude(pk=from_api.pk).get()
    assert from_api.fixed_commitments == from_page.fixed_commitments
    day, start, end = stored
    assert from_api.fixed_commitments[1] == {"day": day, "start": start, "end": end, "label": row["label"].strip()}


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ({"day": "mon", "start": "9am", "end": "17:00", "label": ""}, "start", "is not a time of day"),
        ({"day": "someday", "start": "09:00", "end": "17:00", "label": ""}, "day", "which is not a day"),
        ({"day": "tue", "start": "10:00", "end": "10:00", "label": ""}, "end", "must have some length"),
        ({"day": "tue", "start": "10:00", "end": "25:00", "label": ""}, "end", "is not a time of day"),
        ({"day": "mon", "start": "12:00", "end": "13:00", "label": "Lunch"}, "start", "overlap"),
    ],
)
def test_the_page_and_the_api_refuse_the_same_commitment_with_the_same_message_on_the_same_row(
    client, api, user, row, field, words
):
    response = api.post("/api/preferences", {**BASE, "fixed_commitments": [GOOD_FIRST_ROW, row]}, format="json")
    assert response.status_code == 400
    body = response.json()
    rows = body["errors"]["fixed_commitments"]
    assert rows[0] == {}
    message = rows[1][field][0]
    assert words in message
    assert body["message"] == message

    client.force_login(user)
    page = client.post(reverse("planning:goals"), _page_post(row))
    assert page.status_code == 200
    shown = html.unescape(page.content.decode())
    assert message in shown
    # The page marks the same input of the second row.
    assert re.search(rf'id="c-2-{field}"[^>]*aria-invalid="true"', page.content.decode())
    assert not Preferences.objects.filter(user=user).exists()
