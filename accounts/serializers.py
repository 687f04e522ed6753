from django.urls import reverse
from rest_framework import serializers

from accounts.models import User


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, min_length=1, max_length=128, trim_whitespace=False)
    timezone = serializers.CharField(required=False, default="UTC", max_length=64)


class UserPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "timezone")


class MeSerializer(serializers.ModelSerializer):
    coaching_remaining = serializers.SerializerMethodField()
    calendar_feed_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "timezone",
            "coaching_count",
            "coaching_remaining",
            "coaching_reset_at",
            "calendar_feed_url",
            "created_at",
        )
        read_only_fields = fields

    def get_coaching_remaining(self, user: User) -> int:
        from coaching.services import coaching_allowance_status

        return coaching_allowance_status(user=user).remaining

    def get_calendar_feed_url(self, user: User) -> str:
        request = self.context.get("request")
        path = reverse("calendar_feed", args=[user.calendar_secret])
        return request.build_absolute_uri(path) if request else path


class MeUpdateSerializer(serializers.Serializer):
    timezone = serializers.CharField(max_length=64)


class MeDeleteSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
