from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts.serializers import (
    LogoutSerializer,
    MeDeleteSerializer,
    MeSerializer,
    MeUpdatedSerializer,
    MeUpdateSerializer,
    PasswordChangeSerializer,
    RegisterInputSerializer,
    TokenPairSerializer,
    UserPublicSerializer,
)
from accounts.services import (
    user_data_export,
    user_delete,
    user_password_change,
    user_register,
    user_timezone_set,
    user_tokens_revoke,
)
from accounts.tokens import (
    GenerationRefreshToken,
    GenerationTokenObtainPairSerializer,
    GenerationTokenRefreshSerializer,
)
from config.api.errors import error_response
from config.throttling import FailOpenScopedRateThrottle


class AuthThrottleMixin:
    # Fails open like the default throttles: a Redis outage must not lock everyone out.
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(AuthThrottleMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RegisterInputSerializer, responses={201: UserPublicSerializer}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = user_register(**data.validated_data)
        except DjangoValidationError as exc:
            return error_response(400, "Please correct the highlighted fields.", exc.message_dict)
        return Response(UserPublicSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(AuthThrottleMixin, TokenObtainPairView):
    """Obtain an access/refresh pair. Repeated failures lock the e-mail out, as on the login page."""

    serializer_class = GenerationTokenObtainPairSerializer

    @extend_schema(responses={200: TokenPairSerializer}, tags=["accounts"])
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        credentials = {"email": str(request.data.get("email", "")) if hasattr(request.data, "get") else ""}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return error_response(429, "Too many failed logins for this account. Try again in 15 minutes.")
        return super().post(request, *args, **kwargs)


class RefreshView(AuthThrottleMixin, TokenRefreshView):
    serializer_class = GenerationTokenRefreshSerializer

    @extend_schema(responses={200: TokenPairSerializer}, tags=["accounts"])
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().post(request, *args, **kwargs)


class LogoutView(AuthThrottleMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=LogoutSerializer, responses={205: OpenApiResponse(description="Logged out")}, tags=["accounts"]
    )
    def post(self, request: Request) -> Response:
        data = LogoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            RefreshToken(data.validated_data["refresh"]).blacklist()
        except TokenError:
            return error_response(401, "That refresh token is invalid, expired or already used.")
        return Response(status=status.HTTP_205_RESET_CONTENT)


class LogoutAllView(AuthThrottleMixin, APIView):
    @extend_schema(
        request=None,
        responses={
            205: OpenApiResponse(
                description="Logged out everywhere: every refresh token of the person is refused, and access "
                "tokens issued before now stop working"
            )
        },
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        user_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordChangeView(AuthThrottleMixin, APIView):
    @extend_schema(
        operation_id="auth_password_change",
        summary="Change the password",
        description=(
            "Needs the current password; the new one must pass the same rules as at sign-up. Every token "
            "issued before stops working (refresh and access tokens alike, as after a change on the account "
            "page), and the answer is a fresh pair, so this client stays signed in. A wrong current password "
            "or a weak new one is a 400 naming the field."
        ),
        request=PasswordChangeSerializer,
        responses={200: TokenPairSerializer},
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        data = PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A wrong current password or a refused new one is a ValidationError by field: 400.
        user_password_change(user=request.user, **data.validated_data)
        refresh = GenerationRefreshToken.for_user(request.user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=MeUpdateSerializer, responses={200: MeUpdatedSerializer}, tags=["accounts"])
    def patch(self, request: Request) -> Response:
        data = MeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A refused zone or choice is a ValidationError by field; the API's handler answers 400.
        report = user_timezone_set(user=request.user, **data.validated_data)
        return Response(MeUpdatedSerializer(request.user, report=report, context={"request": request}).data)

    @extend_schema(
        request=MeDeleteSerializer, responses={204: OpenApiResponse(description="Deleted")}, tags=["accounts"]
    )
    def delete(self, request: Request) -> Response:
        data = MeDeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not request.user.check_password(data.validated_data["password"]):
            return error_response(
                400, "That is not your current password.", {"password": ["That is not your current password."]}
            )
        user_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    @extend_schema(responses={200: OpenApiResponse(description="All of the person's data as JSON")}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        return Response(user_data_export(user=request.user))
