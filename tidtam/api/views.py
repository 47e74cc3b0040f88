"""The read API. Thin views: scoping comes from the same selectors as the web pages
(rounds_visible_to, submissions_visible_to, findings_visible_to), data from the same builders
(round_report, round_to_dict, search, themes). Every error answers JSON with a Thai `detail`.
"""

import logging

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tidtam.common.models import AuditEvent
from tidtam.dashboards import rollup as dash
from tidtam.formdefs.aggregation import to_json_number
from tidtam.formdefs.models import Item, Round
from tidtam.formdefs.selectors import rounds_visible_to
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.json import round_to_dict
from tidtam.search.selectors import search_page, searchable_submissions
from tidtam.search.themes import theme_report
from tidtam.search.views import refresh_index_for
from tidtam.submissions.models import Submission
from tidtam.submissions.selectors import submissions_visible_to
from tidtam.validation.selectors import findings_visible_to

from . import serializers as s
from .permissions import round_or_404, submission_or_404
from .services import api_token_issue

logger = logging.getLogger(__name__)

KEY_PARAM = OpenApiParameter(
    "key",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="รหัสรอบ เช่น TH-74/2567/2 (มีเครื่องหมาย /)",
    examples=[OpenApiExample("สมุทรสาคร ปีงบประมาณ 2567 รอบที่ 2", value="TH-74/2567/2")],
)
ID_PARAM = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="เลขที่รายงาน")
NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description="ไม่พบ หรือไม่มีสิทธิ์เข้าถึง")
BAD_REQUEST = OpenApiResponse(s.ErrorSerializer, description="พารามิเตอร์ไม่ถูกต้อง")


def _params(serializer_class, request: Request) -> dict:
    """Validated query parameters; a 400 with the field errors otherwise."""
    ser = serializer_class(data=request.query_params)
    ser.is_valid(raise_exception=True)
    return {k: v for k, v in ser.validated_data.items() if v not in (None, "")}


class RoundListView(APIView):
    @extend_schema(
        summary="รอบการตรวจที่ผู้ใช้มีสิทธิ์เข้าถึง",
        parameters=[s.RoundFilterSerializer],
        responses={200: s.RoundSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = _params(s.RoundFilterSerializer, request)
        qs = rounds_visible_to(user=request.user)
        if "key" in params:
            qs = qs.filter(key=params["key"])
        if "province" in params:
            qs = qs.filter(office__parent__code=params["province"])
        if "region" in params:
            qs = qs.filter(office__parent__parent__code=params["region"])
        if "fiscal_year" in params:
            qs = qs.filter(fiscal_year_be=params["fiscal_year"])
        return Response(s.RoundSerializer(qs, many=True).data)


class RoundDetailView(APIView):
    @extend_schema(
        summary="รอบการตรวจ พร้อมข้อ (คอลัมน์ ประเด็นย่อย) และหน่วยงานที่รายงาน",
        parameters=[KEY_PARAM],
        responses={200: s.RoundDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        return Response(s.RoundDetailSerializer(round_or_404(user=request.user, key=key)).data)


class RoundSubmissionsView(APIView):
    @extend_schema(
        summary="รายงานของรอบ (ขอบเขตเดียวกับหน้าเว็บ: หน่วยงานเห็นฉบับร่างของตนเองเท่านั้น)",
        parameters=[KEY_PARAM, s.SubmissionFilterSerializer],
        responses={200: s.SubmissionSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        round_ = round_or_404(user=request.user, key=key)
        params = _params(s.SubmissionFilterSerializer, request)
        qs = submissions_visible_to(user=request.user, round_=round_).select_related("round")
        if "item" in params:
            qs = qs.filter(item__number=params["item"])
        if "agency" in params:
            qs = qs.filter(agency__code=params["agency"])
        if "status" in params:
            qs = qs.filter(status=params["status"])
        return Response(
            s.SubmissionSerializer(qs.order_by("item__number", "agency__code", "pk"), many=True).data
        )


class SubmissionDetailView(APIView):
    @extend_schema(
        summary="รายงานหนึ่งฉบับ: ค่าในตาราง ผลการดำเนินงาน ปัญหาอุปสรรค ข้อเสนอแนะ แบบอย่างที่ดี",
        parameters=[ID_PARAM],
        responses={200: s.SubmissionDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        sub = submission_or_404(user=request.user, pk=pk)
        sub = (
            Submission.objects.select_related("round", "item", "agency")
            .prefetch_related("values__column", "narratives__subtopic", "problems")
            .get(pk=sub.pk)
        )
        return Response(s.SubmissionDetailSerializer(sub).data)


class RoundFindingsView(APIView):
    @extend_schema(
        summary="ข้อค้นพบจากการตรวจสอบความถูกต้องของข้อมูล (เฉพาะรายงานที่ผู้ใช้เห็น)",
        parameters=[KEY_PARAM],
        responses={200: s.FindingSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        round_ = round_or_404(user=request.user, key=key)
        # Over the submissions the user may see; whole-table checks only when they see every row.
        findings = findings_visible_to(user=request.user, round_=round_)
        return Response([f.as_dict() for f in findings])


def _rollup_items(round_: Round, submissions) -> tuple[str, list[dict]]:
    """Province-level totals of each item's table: the dashboards roll-up, or if it fails, the
    consolidated report's computed totals (formdefs.aggregation.compute_totals)."""
    try:
        return "dashboards.rollup", _dashboards_rollup(round_, submissions)
    except Exception:
        # If the roll-up fails, the round's own totals still answer (the same numbers for one
        # round) and the failure is logged for its developers.
        logger.exception("dashboards.rollup failed for round %s; using compute_totals", round_.key)
    report = round_report(round_=round_, submissions=submissions)
    return "compute_totals", [
        {
            "number": b.item.number,
            "title": b.item.title,
            "columns": s.ColumnSerializer(b.table.columns, many=True).data,
            "total": {k: to_json_number(v) for k, v in b.table.total.items()},
            "agencies": len(b.table.rows),
        }
        for b in report.items
        if b.table is not None
    ]


def _dashboards_rollup(round_: Round, submissions) -> list[dict]:
    counted = dash.counted(submissions)
    items = list(
        Item.objects.filter(template_id=round_.template_id).prefetch_related("columns").order_by("number")
    )
    result = dash.rollup(submissions=counted, items=items)
    agencies = dict(
        counted.filter(values__value__isnull=False)
        .order_by()
        .values_list("item__number")
        .annotate(n=Count("pk", distinct=True))
    )
    out = [
        {
            "number": number,
            "title": r.item.title,
            "columns": s.ColumnSerializer(r.columns, many=True).data,
            "total": {k: to_json_number(v) for k, v in r.get(()).items()},
            "agencies": agencies.get(number, 0),
        }
        for number, r in result.items()
    ]
    return sorted(out, key=lambda d: d["number"])


class RoundRollupView(APIView):
    @extend_schema(
        summary="ผลรวมระดับจังหวัดของตารางผลการดำเนินงานแต่ละข้อ (คำนวณเสมอ ไม่ใช้ยอดที่พิมพ์ไว้)",
        parameters=[KEY_PARAM],
        responses={200: s.RollupSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        round_ = round_or_404(user=request.user, key=key)
        source, items = _rollup_items(round_, submissions_visible_to(user=request.user, round_=round_))
        return Response({"round": round_.key, "source": source, "items": items})


class RoundExportView(APIView):
    @extend_schema(
        summary="ส่งออกรอบเป็น JSON ตามรูปแบบมาตรฐาน tidtam.round/1 (เฉพาะรายงานที่ผู้ใช้เห็น)",
        operation_id="rounds_export",
        parameters=[KEY_PARAM],
        responses={200: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        round_ = round_or_404(user=request.user, key=key)
        report = round_report(
            round_=round_, submissions=submissions_visible_to(user=request.user, round_=round_)
        )
        return Response(round_to_dict(round_, report=report))


class RoundThemesView(APIView):
    @extend_schema(
        summary="ประเด็นที่พบซ้ำในรอบ (จัดกลุ่มปัญหาอุปสรรคหรือข้อเสนอแนะ)",
        parameters=[KEY_PARAM, s.ThemeParamsSerializer],
        responses={200: s.ThemeReportSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, key: str) -> Response:
        round_ = round_or_404(user=request.user, key=key)
        kind = _params(s.ThemeParamsSerializer, request).get("kind", "problems")
        report = theme_report(
            submissions=searchable_submissions(user=request.user, round=round_.key), kind=kind
        )
        return Response(
            {
                "kind": report.kind,
                "statement_count": report.statement_count,
                "themes": [
                    {
                        "key": t.key,
                        "label": t.label,
                        "source": t.source,
                        "count": t.count,
                        "agencies": t.agencies,
                        "items": t.items,
                        "keywords": t.keywords,
                        "examples": [
                            {
                                "text": a.statement.text,
                                "agency": a.statement.agency_label,
                                "item": a.statement.item_number,
                                "round": a.statement.round_key,
                            }
                            for a in t.examples
                        ],
                    }
                    for t in report.themes
                ],
            }
        )


class SearchView(APIView):
    @extend_schema(
        summary=(
            "ค้นหาข้อความภาษาไทยในทุกรอบที่ผู้ใช้มีสิทธิ์เข้าถึง (ต้องมีทุกคำที่ค้น แม้อยู่ในคำอื่น;"
            ' วลีในเครื่องหมายคำพูด "…" ต้องตรงตามที่พิมพ์)'
        ),
        parameters=[s.SearchParamsSerializer],
        responses={200: s.SearchResultSerializer, 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = _params(s.SearchParamsSerializer, request)
        q = params.pop("q")
        page = params.pop("page", 1)
        page_size = params.pop("page_size", 20)
        refresh_index_for(user=request.user, **params)
        result = search_page(user=request.user, q=q, page=page, per_page=page_size, **params)
        hits = [
            {
                "round_key": h.round_key,
                "item_number": h.item_number,
                "item_title": h.item_title,
                "submission_id": h.submission_id,
                "agency_label": h.agency_label,
                "agency_name": h.agency_name,
                "province_code": h.province_code,
                "province_name": h.province_name,
                "field": h.field,
                "field_label": h.field_label,
                "subtopic_number": h.subtopic_number,
                "text": h.text,
                "snippet": str(h.snippet),
                "rank": h.rank,
            }
            for h in result.hits
        ]
        return Response(
            {
                "q": q,
                "words": result.words,
                "total": result.total,
                "capped": result.capped,
                "page": result.page,
                "page_size": page_size,
                "suggestion": result.suggestion,
                "results": hits,
            }
        )


class TokenView(ObtainAuthToken):
    """POST username + password → {"token": "…"}; send it as `Authorization: Token …`."""

    serializer_class = s.TokenRequestSerializer

    @extend_schema(
        summary="ขอโทเค็นสำหรับเรียก API",
        auth=[],
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer, 400: BAD_REQUEST},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # An expired token is replaced rather than handed out again.
        token = api_token_issue(user=serializer.validated_data["user"], source=AuditEvent.Source.API)
        return Response({"token": token.key})


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request: Request, rest: str = "") -> Response:
    """Any other address under /api/: a JSON 404 in Thai (not the web's HTML page)."""
    raise NotFound(_("ไม่พบปลายทาง API นี้"))
