"""Serializers of the read API. Output only: they shape data the selectors already scoped, and hold no
business logic. Query-parameter serializers validate filters (Thai messages, 400 instead of 500)."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from tidtam.formdefs.aggregation import to_json_number
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item, Round, RoundParticipant, Subtopic
from tidtam.orgs.models import OrgUnit
from tidtam.search.models import SearchDocument
from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission

MAX_TEXT = 200


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise serializers.ValidationError(_("มีอักขระที่ใช้ไม่ได้"))


class TextParam(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", MAX_TEXT)
        kwargs.setdefault("validators", [_no_nul])
        super().__init__(**kwargs)


# --- query parameters ---------------------------------------------------------------------------------


class RoundFilterSerializer(serializers.Serializer):
    key = TextParam(help_text=_("รหัสรอบ เช่น TH-74/2567/2"))
    province = TextParam(help_text=_("รหัสจังหวัด ISO เช่น TH-74"))
    region = TextParam(help_text=_("รหัสภาค เช่น REG-05"))
    fiscal_year = serializers.IntegerField(required=False, min_value=2500, max_value=2700)


class SubmissionFilterSerializer(serializers.Serializer):
    item = serializers.IntegerField(required=False, min_value=1, max_value=999)
    agency = TextParam(help_text=_("รหัสหน่วยงาน"))
    status = serializers.ChoiceField(required=False, choices=Submission.Status.choices)


class SearchParamsSerializer(serializers.Serializer):
    q = TextParam(required=True, allow_blank=False, help_text=_("คำค้น (ตัดคำภาษาไทยแล้วค้นหาทุกคำ)"))
    round = TextParam(help_text=_("รหัสรอบ"))
    item = serializers.IntegerField(required=False, min_value=1, max_value=999)
    province = TextParam()
    region = TextParam()
    fiscal_year = serializers.IntegerField(required=False, min_value=2500, max_value=2700)
    field = serializers.ChoiceField(required=False, choices=SearchDocument.Field.choices)
    page = serializers.IntegerField(required=False, min_value=1, max_value=10_000, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class ThemeParamsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        required=False,
        default="problems",
        choices=[("problems", _("ปัญหาอุปสรรค")), ("recommendations", _("ข้อเสนอแนะ"))],
    )


# --- output ----------------------------------------------------------------------------------------------


class OrgUnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "short_name"]


class RoundSerializer(serializers.ModelSerializer):
    office = OrgUnitBriefSerializer()
    province = serializers.SerializerMethodField()
    template = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "key",
            "office",
            "province",
            "fiscal_year_be",
            "number",
            "status",
            "origin",
            "data_as_of",
            "due_date",
            "template",
        ]

    def get_province(self, obj: Round) -> dict | None:
        province = obj.office.parent
        return OrgUnitBriefSerializer(province).data if province else None

    def get_template(self, obj: Round) -> dict[str, str]:
        return {"code": obj.template.code, "version": obj.template.version}


class ColumnSerializer(serializers.ModelSerializer):
    class Meta:
        model = Column
        fields = ["key", "label", "unit", "value_type", "aggregation", "weight_key"]


class SubtopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subtopic
        fields = ["number", "title"]


class ItemSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.title")
    columns = ColumnSerializer(many=True)
    subtopics = SubtopicSerializer(many=True)

    class Meta:
        model = Item
        fields = ["number", "title", "policy", "additional_policy", "results_heading", "columns", "subtopics"]


class ParticipantSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="agency.code")
    name = serializers.CharField(source="agency.name")
    agency_kind = serializers.CharField(source="agency.agency_kind")

    class Meta:
        model = RoundParticipant
        fields = ["label", "order", "code", "name", "agency_kind"]


class RoundDetailSerializer(RoundSerializer):
    items = serializers.SerializerMethodField()
    agencies = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "items", "agencies"]

    @staticmethod
    def _items(obj: Round):
        items = list(
            Item.objects.filter(template_id=obj.template_id)
            .select_related("policy")
            .prefetch_related("columns", "subtopics")
            .order_by("number")
        )
        render_items(items, obj.fiscal_year_be)  # labels as this round reads them
        return items

    # many=True makes DRF build a ListSerializer, whose .data is a ReturnList (a list); the stubs
    # type the call as the child serializer, whose .data would be a ReturnDict.
    def get_items(self, obj: Round) -> list[dict]:
        return cast("list[dict]", ItemSerializer(self._items(obj), many=True).data)

    def get_agencies(self, obj: Round) -> list[dict]:
        participants = obj.participants.select_related("agency").order_by("order", "id")
        return cast("list[dict]", ParticipantSerializer(participants, many=True).data)


class SubmissionSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.key")
    item = serializers.IntegerField(source="item.number")
    agency = OrgUnitBriefSerializer()

    class Meta:
        model = Submission
        fields = ["id", "round", "item", "agency", "status", "version", "updated_at"]


class NarrativeSerializer(serializers.ModelSerializer):
    subtopic = serializers.SerializerMethodField()

    class Meta:
        model = NarrativeEntry
        fields = ["subtopic", "text"]

    def get_subtopic(self, obj: NarrativeEntry) -> int | None:
        return obj.subtopic.number if obj.subtopic is not None else None


class ProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemRow
        fields = ["order", "problem", "solution", "expected_result"]


class SubmissionDetailSerializer(SubmissionSerializer):
    values = serializers.SerializerMethodField()
    narratives = NarrativeSerializer(many=True)
    problems = ProblemSerializer(many=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "values",
            "table_note",
            "narratives",
            "problems",
            "success_factors",
            "recommendations",
            "best_practices",
        ]

    def get_values(self, obj: Submission) -> dict[str, float | int | None]:
        return {v.column.key: to_json_number(v.value) for v in obj.values.all()}


class FindingSerializer(serializers.Serializer):
    """One finding, as `tidtam validate` prints it (docs/round-export.md)."""

    item = serializers.IntegerField()
    agency = serializers.CharField(allow_null=True)
    section = serializers.CharField()
    rule = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    values = serializers.DictField(child=serializers.FloatField(allow_null=True))


class RollupItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    total = serializers.DictField(child=serializers.FloatField(allow_null=True))
    agencies = serializers.IntegerField(help_text=_("จำนวนหน่วยงานที่นับรวม"))


class RollupSerializer(serializers.Serializer):
    round = serializers.CharField()
    # DRF's metaclass moves declared fields off the class, so this output key does not clash with
    # Field.source at runtime; the stubs cannot see that.
    source = serializers.CharField(help_text=_("วิธีคำนวณ: dashboards.rollup หรือ compute_totals"))  # type: ignore[assignment]
    items = RollupItemSerializer(many=True)


class SearchHitSerializer(serializers.Serializer):
    round_key = serializers.CharField()
    item_number = serializers.IntegerField()
    item_title = serializers.CharField()
    submission_id = serializers.IntegerField()
    agency_label = serializers.CharField()
    agency_name = serializers.CharField()
    province_code = serializers.CharField()
    province_name = serializers.CharField()
    field = serializers.CharField()
    field_label = serializers.CharField()
    subtopic_number = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    snippet = serializers.CharField(help_text=_("HTML: ข้อความที่ escape แล้ว คำที่ตรงอยู่ใน <mark>"))
    rank = serializers.FloatField()


class SearchResultSerializer(serializers.Serializer):
    q = serializers.CharField()
    words = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField()
    capped = serializers.BooleanField(
        help_text=_("จริงเมื่อพบมากกว่าจำนวนที่จัดอันดับได้ (total คือจำนวนที่จัดอันดับ ไม่ใช่ทั้งหมด)")
    )
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    suggestion = serializers.CharField(
        allow_blank=True, help_text=_("คำค้นที่แก้คำสะกดผิดแล้ว เช่น งบประมาณ แทน งบประมาน (ว่างเมื่อไม่มี)")
    )
    results = SearchHitSerializer(many=True)


class ThemeStatementSerializer(serializers.Serializer):
    text = serializers.CharField()
    agency = serializers.CharField()
    item = serializers.IntegerField()
    round = serializers.CharField()


class ThemeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # declared field, see RollupSerializer
    source = serializers.CharField(help_text=_("lexicon, cluster หรือ other"))  # type: ignore[assignment]  # declared field, see RollupSerializer
    count = serializers.IntegerField()
    agencies = serializers.ListField(child=serializers.CharField())
    items = serializers.ListField(child=serializers.IntegerField())
    keywords = serializers.ListField(child=serializers.CharField())
    examples = ThemeStatementSerializer(many=True)


class ThemeReportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    statement_count = serializers.IntegerField()
    themes = ThemeSerializer(many=True)


class TokenRequestSerializer(AuthTokenSerializer):
    """username + password; text PostgreSQL cannot store (NUL) is refused before it reaches the database."""

    username = serializers.CharField(label=_("ชื่อผู้ใช้"), max_length=150, validators=[_no_nul])
    password = serializers.CharField(
        label=_("รหัสผ่าน"),
        max_length=128,
        style={"input_type": "password"},
        trim_whitespace=False,
        validators=[_no_nul],
        write_only=True,
    )
    otp = serializers.CharField(
        label=_("รหัสยืนยันตัวตน 6 หลัก (หรือรหัสสำรอง)"),
        help_text=_("จำเป็นสำหรับผู้ใช้ที่ต้องยืนยันตัวตนสองขั้นตอน"),
        max_length=16,
        required=False,
        write_only=True,
        validators=[_no_nul],
    )
    token = serializers.CharField(label=_("โทเค็น"), read_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        from django_otp import match_token

        from tidtam.security.policy import has_authenticator, second_factor_applies

        user = attrs["user"]
        if second_factor_applies(user):
            if not has_authenticator(user):
                raise serializers.ValidationError(
                    _("บัญชีนี้ต้องยืนยันตัวตนสองขั้นตอน กรุณาลงทะเบียนแอปยืนยันตัวตนทางหน้าเว็บก่อน"),
                    code="authorization",
                )
            code = (attrs.get("otp") or "").strip()
            if not code or match_token(user, code) is None:
                raise serializers.ValidationError(_("รหัสยืนยันตัวตนไม่ถูกต้องหรือหมดอายุ"), code="authorization")
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
