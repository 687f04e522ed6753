"""The extension points through which the apps built on accounts plug into an account."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from accounts import extensions
from accounts.models import User
from accounts.serializers import MeSerializer
from accounts.services import user_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_registry(monkeypatch):
    """The registrations the apps made, plus whatever this test adds; restored afterwards."""
    monkeypatch.setattr(extensions, "_deletion_cleanups", list(extensions._deletion_cleanups))
    monkeypatch.setattr(extensions, "_me_fields", dict(extensions._me_fields))


def test_a_deletion_cleanup_runs_in_the_deletion_while_the_person_still_exists(own_registry, user):
    seen = []

    def cleanup(*, user: User) -> None:
        seen.append(User.objects.filter(pk=user.pk).exists())

    extensions.user_deletion_cleanup_register(cleanup)
    extensions.user_deletion_cleanup_register(cleanup)

    user_delete(user=user)

    assert seen == [True]
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_failing_cleanup_deletes_nothing(own_registry, user):
    def cleanup(*, user: User) -> None:
        raise RuntimeError("cleanup failed")

    extensions.user_deletion_cleanup_register(cleanup)

    with pytest.raises(RuntimeError):
        user_delete(user=user)

    assert User.objects.filter(pk=user.pk).exists()


def test_an_added_me_field_follows_the_field_it_names(own_registry, user):
    extensions.me_field_register(
        name="greeting", field=lambda: serializers.CharField(source="email", read_only=True), after="timezone"
    )

    data = MeSerializer(user).data

    names = list(data)
    assert names[names.index("timezone") + 1] == "greeting"
    assert data["greeting"] == user.email


def test_an_added_me_field_after_a_field_that_does_not_exist_is_a_configuration_error(own_registry, user):
    extensions.me_field_register(name="greeting", field=serializers.CharField, after="nickname")

    with pytest.raises(ImproperlyConfigured, match="nickname"):
        MeSerializer(user).data  # noqa: B018
