"""Generation and plans: GET /api/quota, POST /api/plans/generate, GET /api/plan-requests/{id},
GET /api/plans, GET /api/plans/{id}, POST /api/plans/{id}/accept and /discard."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.fields import PersonDateTimeField
from planning import selectors
from planning.api.plan_tasks import PlanTaskSerializer
from planning.models import GenerationQuota, MonthlyPlan, PlanRequest, PlanState
from planning.services.generation import plan_generation_request
from planning.services.plan_life import plan_accept, plan_changes, plan_discard
from planning.services.quota import quota_current


class QuotaSerializer(serializers.ModelSerializer):
    remaining = serializers.IntegerField()

    class Meta:
        model = GenerationQuota
        fields = ("month_year", "total_allowed", "generations_used", "remaining", "resets_on")


class GenerateInputSerializer(serializers.Serializer):
    # Checked by the service (planning.months), as on the generate page: exactly YYYY-MM,
    # surrounding spaces refused rather than stripped.
    month = serializers.CharField(
        trim_whitespace=False,
        help_text="YYYY-MM exactly (no spaces): this month or up to 12 months ahead",
    )


class GenerateAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PlanRequest.Status.values)
    status_url = serializers.CharField()


class PlanRequestSerializer(serializers.ModelSerializer):
    plan = serializers.SerializerMethodField()
    created_at = PersonDateTimeField()
    finished_at = PersonDateTimeField(allow_null=True)

    class Meta:
        model = PlanRequest
        fields = (
            "id",
            "month_year",
            "status",
            "progress",
            "plan",
            "error",
            "quota_refunded",
            "created_at",
            "finished_at",
        )

    @extend_schema_field(OpenApiTypes.INT)
    def get_plan(self, plan_request: PlanRequest) -> int | None:
        plan = getattr(plan_request, "plan", None)
        return plan.pk if plan is not None else None


class UnplacedSerializer(serializers.Serializer):
    task_key = serializers.CharField()
    task_description = serializers.CharField()
    target = serializers.CharField(default="", help_text="What the session aimed to get done; may be empty.")
    focus_area = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    difficulty_level = serializers.CharField()
    reason = serializers.CharField()


class PlanAdviceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="e.g. week_full, working_hours, complexity")
    message = serializers.CharField(help_text="What would make the month fit, in plain words.")


class WeekThemeSerializer(serializers.Serializer):
    week = serializers.IntegerField()
    theme = serializers.CharField()
    focus_areas = serializers.ListField(child=serializers.CharField())


class PlanSummarySerializer(serializers.ModelSerializer):
    generated_at = PersonDateTimeField()

    class Meta:
        model = MonthlyPlan
        fields = ("id", "month_year", "state", "monthly_summary", "generated_at", "provider", "model_name", "cost")


class MovedSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The proposal's session.")
    from_start = PersonDateTimeField(help_text="Where the same drafted session sits in the active plan.")
    to_start = PersonDateTimeField()


class PlanChangesSerializer(serializers.Serializer):
    kept = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Active plan sessions that join this plan as they are: done, logged, pinned, moved by hand.",
    )
    added = serializers.ListField(child=serializers.IntegerField(), help_text="New sessions of this plan.")
    removed = serializers.ListField(
        child=serializers.IntegerField(), help_text="Active plan sessions that go when this plan is accepted."
    )
    moved = MovedSessionSerializer(many=True)
    unchanged = serializers.ListField(
        child=serializers.IntegerField(), help_text="Sessions of this plan at the same time as in the active plan."
    )
    active_plan = serializers.IntegerField(allow_null=True, source="active_plan_id")


class PlanDetailSerializer(serializers.ModelSerializer):
    generated_at = PersonDateTimeField()
    decided_at = PersonDateTimeField(allow_null=True)
    changes = serializers.SerializerMethodField(
        help_text="Only for a proposed plan: what accepting it would keep, add, remove and move."
    )
    tasks = PlanTaskSerializer(many=True)
    unplaced = UnplacedSerializer(many=True)
    advice = PlanAdviceSerializer(many=True)
    weekly_breakdown = WeekThemeSerializer(many=True)
    insights_used = serializers.DictField()

    class Meta:
        model = MonthlyPlan
        fields = (
            "id",
            "month_year",
            "state",
            "decided_at",
            "changes",
            "monthly_summary",
            "weekly_breakdown",
            "generated_at",
            "tasks",
            "unplaced",
            "advice",
            "insights_used",
            "provider",
            "model_name",
            "input_tokens",
            "output_tokens",
            "cost",
            "ai_calls",
        )

    @extend_schema_field(PlanChangesSerializer(allow_null=True))
    def get_changes(self, plan: MonthlyPlan) -> dict | None:
        if plan.state != PlanState.PROPOSED:
            return None
        return PlanChangesSerializer(plan_changes(plan=plan), context=self.context).data


class QuotaView(APIView):
    @extend_schema(responses={200: QuotaSerializer}, tags=["planning"])
    def get(self, request: Request) -> Response:
        return Response(QuotaSerializer(quota_current(user=request.user)).data)


class GenerateView(APIView):
    @extend_schema(request=GenerateInputSerializer, responses={202: GenerateAcceptedSerializer}, tags=["planning"])
    def post(self, request: Request) -> Response:
        data = GenerateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan_request = plan_generation_request(user=request.user, month=data.validated_data["month"])
        body = {
            "id": plan_request.pk,
            # Read again: with tasks run in-process the request may already have finished.
            "status": PlanRequest.objects.values_list("status", flat=True).get(pk=plan_request.pk),
            "status_url": request.build_absolute_uri(reverse("api-plan-request", args=[plan_request.pk])),
        }
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PlanRequestView(APIView):
    @extend_schema(responses={200: PlanRequestSerializer}, tags=["planning"])
    def get(self, request: Request, pk: int) -> Response:
        plan_request = selectors.plan_request_get(user=request.user, plan_request_id=pk)
        return Response(PlanRequestSerializer(plan_request, context={"request": request}).data)


class PlansView(generics.ListAPIView):
    serializer_class = PlanSummarySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.plans_for(user=self.request.user)

    @extend_schema(tags=["planning"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)


class PlanDetailView(APIView):
    @extend_schema(responses={200: PlanDetailSerializer}, tags=["planning"])
    def get(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_with_tasks(user=request.user, plan_id=pk)
        return Response(PlanDetailSerializer(plan, context={"request": request}).data)


def _decided(request: Request, plan: MonthlyPlan) -> Response:
    plan = selectors.plan_with_tasks(user=request.user, plan_id=plan.pk)
    return Response(PlanDetailSerializer(plan, context={"request": request}).data)


class PlanAcceptView(APIView):
    @extend_schema(
        operation_id="plans_accept",
        summary="Use a proposed plan",
        description=(
            "The proposal becomes the month's active plan and the previous one is superseded. The previous "
            "plan's done, logged, pinned and hand-moved sessions keep their ids and times and join this plan. "
            "409 when the plan is not a proposal (already active, superseded or discarded)."
        ),
        request=None,
        responses={200: PlanDetailSerializer},
        tags=["planning"],
    )
    def post(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, plan_id=pk)
        return _decided(request, plan_accept(user=request.user, plan=plan))


class PlanDiscardView(APIView):
    @extend_schema(
        operation_id="plans_discard",
        summary="Discard a proposed plan",
        description=(
            "The proposal is set aside and the active plan stays as it is; the generation stays counted. "
            "409 when the plan is not a proposal."
        ),
        request=None,
        responses={200: PlanDetailSerializer},
        tags=["planning"],
    )
    def post(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, plan_id=pk)
        return _decided(request, plan_discard(user=request.user, plan=plan))
