from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import ErrorSerializer, error_response
from planning import selectors
from planning.models import MonthlyPlan, PlanRequest
from planning.serializers import (
    GenerateAcceptedSerializer,
    GenerateInputSerializer,
    PlanDetailSerializer,
    PlanRequestSerializer,
    PlanSummarySerializer,
    PreferencesInputSerializer,
    PreferencesSerializer,
    QuotaSerializer,
)
from planning.services import GenerationRefused, plan_generation_request, preferences_save, quota_current


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class PreferencesView(generics.ListAPIView):
    serializer_class = PreferencesSerializer
    pagination_class = Pagination

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.preferences_history(user=self.request.user)

    @extend_schema(tags=["planning"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PreferencesInputSerializer, responses={201: PreferencesSerializer}, tags=["planning"])
    def post(self, request: Request) -> Response:
        data = PreferencesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            snapshot = preferences_save(user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            errors = exc.message_dict
            return error_response(400, next(iter(errors.values()))[0], errors)
        return Response(
            PreferencesSerializer(snapshot, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class CurrentPreferencesView(APIView):
    @extend_schema(responses={200: PreferencesSerializer, 404: ErrorSerializer}, tags=["planning"])
    def get(self, request: Request) -> Response:
        snapshot = selectors.preferences_current(user=request.user)
        if snapshot is None:
            return error_response(404, "No preferences yet: POST /api/preferences with your goals first.")
        return Response(PreferencesSerializer(snapshot, context={"request": request}).data)


class QuotaView(APIView):
    @extend_schema(responses={200: QuotaSerializer}, tags=["planning"])
    def get(self, request: Request) -> Response:
        return Response(QuotaSerializer(quota_current(user=request.user)).data)


class GenerateView(APIView):
    @extend_schema(request=GenerateInputSerializer, responses={202: GenerateAcceptedSerializer}, tags=["planning"])
    def post(self, request: Request) -> Response:
        data = GenerateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            plan_request = plan_generation_request(user=request.user, month=data.validated_data["month"])
        except GenerationRefused as exc:
            code = 429 if exc.code == "quota" else 400
            return error_response(code, exc.message, {exc.field: [exc.message]} if exc.field else None)
        body = {
            "id": plan_request.pk,
            "status": PlanRequest.objects.values_list("status", flat=True).get(pk=plan_request.pk),
            "status_url": request.build_absolute_uri(reverse("api-plan-request", args=[plan_request.pk])),
        }
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PlanRequestView(APIView):
    @extend_schema(responses={200: PlanRequestSerializer}, tags=["planning"])
    def get(self, request: Request, pk: int) -> Response:
        try:
            plan_request = selectors.plan_request_get(user=request.user, plan_request_id=pk)
        except PlanRequest.DoesNotExist:
            return error_response(404, "Not found.")
        return Response(PlanRequestSerializer(plan_request, context={"request": request}).data)


class PlansView(generics.ListAPIView):
    serializer_class = PlanSummarySerializer
    pagination_class = Pagination

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.plans_for(user=self.request.user)

    @extend_schema(tags=["planning"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)


class PlanDetailView(APIView):
    @extend_schema(responses={200: PlanDetailSerializer}, tags=["planning"])
    def get(self, request: Request, pk: int) -> Response:
        try:
            plan = selectors.plan_with_tasks(user=request.user, plan_id=pk)
        except MonthlyPlan.DoesNotExist:
            return error_response(404, "Not found.")
        return Response(PlanDetailSerializer(plan, context={"request": request}).data)
