"""Follow-ups in the API: the register (same scoping and filters as the web page, same records as
`tidtam followups`), one follow-up, and an agency's update."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tidtam.common.models import AuditEvent
from tidtam.followups.exports import followup_records
from tidtam.followups.forms import NOTE_MAX
from tidtam.followups.models import FollowUp
from tidtam.followups.register import Filters, build_register
from tidtam.followups.selectors import followups_visible_to
from tidtam.followups.services import followup_update

from .views import BAD_REQUEST


class FollowUpUpdateRecordSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    round = serializers.CharField(allow_null=True)
    kind = serializers.ChoiceField(choices=["update", "recurring"])
    status = serializers.ChoiceField(choices=FollowUp.Status.choices)
    note = serializers.CharField(allow_blank=True)
    by = serializers.CharField(allow_null=True)
    evidence = serializers.ListField(child=serializers.CharField())


class FollowUpRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    origin_round = serializers.CharField(help_text="รอบที่พบ เช่น TH-74/2567/2")
    item = serializers.IntegerField(help_text="เลขข้อในรอบที่พบ")
    item_code = serializers.CharField()
    agency = serializers.CharField(help_text="ชื่อย่อหน่วยงานในตาราง")
    kind = serializers.ChoiceField(choices=FollowUp.Kind.choices)
    text = serializers.CharField()
    expected_result = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=FollowUp.Status.choices)
    rounds_open = serializers.IntegerField(help_text="ค้างมาแล้วกี่รอบ")
    updates = FollowUpUpdateRecordSerializer(many=True)


class FollowUpUpdateInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=FollowUp.Status.choices,
        error_messages={"invalid_choice": _("สถานะไม่ถูกต้อง: ใช้ open, in_progress, resolved หรือ not_relevant")},
    )
    note = serializers.CharField(
        max_length=NOTE_MAX,
        allow_blank=True,
        error_messages={"invalid": _("ต้องเป็นข้อความ")},
    )


def _number(help_text: Any, *, max_value: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=max_value,
        help_text=help_text,
        error_messages={"invalid": _("ต้องเป็นตัวเลข")},
    )


class FollowUpFilterSerializer(serializers.Serializer):
    """The register's filters; a value that is not one of them is a 400, never silently ignored."""

    item = _number(_("เลขข้อในรอบที่พบ"), max_value=999)
    agency = _number(_("รหัสหน่วยงาน (id)"), max_value=2_147_483_647)
    kind = serializers.ChoiceField(required=False, choices=FollowUp.Kind.choices)
    status = serializers.ChoiceField(
        required=False,
        choices=[*FollowUp.Status.choices, ("unresolved", _("ยังไม่ปิด"))],
    )
    age = _number(_("ค้างมาแล้วอย่างน้อยกี่รอบ"), max_value=99)
    province = _number(_("จังหวัด (id ของหน่วยงานระดับจังหวัด) สำหรับผู้ที่เห็นหลายจังหวัด"), max_value=2_147_483_647)

    def filters(self) -> Filters:
        data = self.validated_data
        return Filters(
            item=data.get("item"),
            agency=data.get("agency"),
            kind=data.get("kind", ""),
            status=data.get("status", ""),
            min_age=data.get("age"),
            province=data.get("province"),
        )


class FollowUpListView(APIView):
    @extend_schema(
        summary="เรื่องที่ติดตาม (ปัญหาและข้อเสนอแนะจากรอบก่อน) ที่ผู้ใช้มีสิทธิ์เห็น เรียงจากค้างนานที่สุด",
        parameters=[FollowUpFilterSerializer],
        responses={200: FollowUpRecordSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = FollowUpFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        register = build_register(followups_visible_to(user=request.user), params.filters())
        return Response(followup_records(f for f, _age in register.rows))


def _visible_or_404(request: Request, pk: int) -> FollowUp:
    followup = followups_visible_to(user=request.user).filter(pk=pk).first()
    if followup is None:
        raise NotFound("ไม่พบเรื่องที่ติดตามนี้ หรือท่านไม่มีสิทธิ์เข้าถึง")
    return followup


class FollowUpDetailView(APIView):
    @extend_schema(summary="เรื่องที่ติดตามหนึ่งเรื่องพร้อมความคืบหน้า", responses={200: FollowUpRecordSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(followup_records([_visible_or_404(request, pk)])[0])

    @extend_schema(
        summary="รายงานความคืบหน้า (หน่วยงานเจ้าของเรื่อง หรือผู้ประสานงานของจังหวัด)",
        request=FollowUpUpdateInputSerializer,
        responses={201: FollowUpRecordSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        followup = _visible_or_404(request, pk)
        data = FollowUpUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            followup_update(
                followup=followup, by=request.user, source=AuditEvent.Source.API, **data.validated_data
            )
        except PermissionDenied as exc:
            raise ApiPermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise ApiValidationError({"detail": exc.messages}) from exc
        followup.refresh_from_db()
        return Response(followup_records([followup])[0], status=status.HTTP_201_CREATED)
