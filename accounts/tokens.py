"""JWTs that end when the person changes or resets the password, logs out everywhere or
deletes the account.

Each token carries the account's ``token_generation`` as it was when the token was issued;
``accounts.services.user_tokens_revoke`` moves the generation on. Authentication and refresh
refuse a token from an older generation, so access tokens, which are never stored and cannot
be blacklisted, stop working at once too. A token without the claim (issued before the claim
existed) counts as generation 0.
"""

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, User

GENERATION_CLAIM = "token_generation"
REVOKED_MESSAGE = "This sign-in has ended: the password was changed or you logged out everywhere. Log in again."


def token_generation_of(token: Token) -> int:
    return int(token.get(GENERATION_CLAIM, 0))


class GenerationRefreshToken(RefreshToken):
    """A refresh token carrying the account's token generation; its access tokens copy it."""

    @classmethod
    def for_user(cls, user: User) -> "GenerationRefreshToken":
        token = super().for_user(user)
        token[GENERATION_CLAIM] = user.token_generation
        return token


# No docstrings on the serializers: drf-spectacular would publish them in the schema. They
# keep simplejwt's component names, which clients generated from the schema already use.
@extend_schema_serializer(component_name="TokenObtainPair")
class GenerationTokenObtainPairSerializer(TokenObtainPairSerializer):
    token_class = GenerationRefreshToken

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Longer than any account's e-mail: refused before the lockout would record it in
        # its 255-character column.
        self.fields[self.username_field] = serializers.CharField(
            write_only=True, max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG}
        )


# Refuses a refresh token whose account is gone or inactive (401, not the 500 of
# simplejwt's User.DoesNotExist) or of an older token generation.
@extend_schema_serializer(component_name="TokenRefresh")
class GenerationTokenRefreshSerializer(TokenRefreshSerializer):
    token_class = GenerationRefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        refresh = self.token_class(attrs["refresh"])
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        user = User.objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first() if user_id else None
        if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
        if token_generation_of(refresh) != user.token_generation:
            raise AuthenticationFailed(REVOKED_MESSAGE, "token_revoked")
        return super().validate(attrs)


class GenerationJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, refusing access tokens of an older token generation."""

    def get_user(self, validated_token: Token) -> User:
        user = super().get_user(validated_token)
        if token_generation_of(validated_token) != user.token_generation:
            raise AuthenticationFailed(REVOKED_MESSAGE, code="token_revoked")
        return user


class GenerationJWTScheme(SimpleJWTScheme):
    """The schema's bearer scheme (jwtAuth) for our authentication class, as for simplejwt's."""

    target_class = GenerationJWTAuthentication
