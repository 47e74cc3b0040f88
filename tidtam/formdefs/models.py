from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidtam.orgs.models import OrgUnit


class FormTemplate(models.Model):
    """One version of the inspection form, loaded from a data file (formdefs/templates/*.yaml),
    a workbook or the authoring pages. A draft may be edited; a published version is frozen, and a
    round keeps the version it was opened with (see formdefs.versions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        PUBLISHED = "published", _("เผยแพร่แล้ว")

    code = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    fiscal_year_be = models.PositiveSmallIntegerField()
    round_number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    # The version this one was derived from: items and columns continue from its codes.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors"
    )
    # What the version assumes and someone must confirm (shown to administrators), one point a line.
    notes = models.TextField(blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "-fiscal_year_be", "-round_number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="formtemplate_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class Policy(models.Model):
    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="policies")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="policy_order_unique")]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One policy item of the form (1–14 in FY 2567). Every item has sections X.1–X.5."""

    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="items")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    # Stable code, unique within a version and kept by the versions derived from it ("P1.I6").
    code = models.CharField(max_length=64)
    # How the form prints the item's number ("1.6"); empty = the number itself.
    numbering = models.CharField(max_length=16, blank=True)
    # The code of the item in the previous version that this one continues; empty = a fresh start.
    continues_from = models.CharField(max_length=64, blank=True)
    # The series the item belongs to across versions (template code / first code); trends follow it.
    lineage = models.CharField(max_length=200, db_index=True)
    title = models.TextField()
    additional_policy = models.BooleanField(default=False)
    results_heading = models.TextField(blank=True)
    # Validation rules as data (used by the validation engine); free-form list of dicts.
    rules = models.JSONField(default=list, blank=True)
    # Sections an agency must fill ("table", "narrative", "problems", ...); empty = the engine's default.
    required = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="item_number_unique"),
            models.UniqueConstraint(fields=["template", "code"], name="item_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.display_number}. {self.title}"

    @property
    def display_number(self) -> str:
        return self.numbering or str(self.number)

    @property
    def has_table(self) -> bool:
        return bool(self.columns.all())


class Column(models.Model):
    """A typed column of an item's results table. Totals are computed by `aggregation`, never typed."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("ผลรวม")
        MEAN = "mean", _("ค่าเฉลี่ย")
        WEIGHTED_MEAN = "weighted_mean", _("ค่าเฉลี่ยถ่วงน้ำหนัก")
        NONE = "none", _("ไม่รวม")

    class ValueType(models.TextChoices):
        COUNT = "count", _("จำนวนนับ")
        DECIMAL = "decimal", _("ทศนิยม")
        MONEY = "money", _("จำนวนเงิน")
        PERCENT = "percent", _("ร้อยละ")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="columns")
    order = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=64)
    label = models.CharField(max_length=300)
    unit = models.CharField(max_length=32, blank=True)
    value_type = models.CharField(max_length=16, choices=ValueType.choices, default=ValueType.COUNT)
    aggregation = models.CharField(max_length=16, choices=Aggregation.choices, default=Aggregation.SUM)
    weight_key = models.SlugField(max_length=64, blank=True)
    # The key is the column's stable code. The key of the column of the previous version's item that this
    # one continues (a renamed column); empty = a fresh start.
    continues_from = models.SlugField(max_length=64, blank=True)
    # The series across versions (the first key); roll-ups and the previous-round check follow it.
    lineage = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="column_key_unique"),
            models.CheckConstraint(
                condition=~Q(aggregation="weighted_mean") | ~Q(weight_key=""),
                name="column_weighted_mean_has_weight",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Subtopic(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="subtopics")
    number = models.PositiveSmallIntegerField()
    title = models.TextField()

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="subtopic_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"


class Round(models.Model):
    """One inspection round of one provincial office. Key: <province ISO>/<fiscal year BE>/<round>."""

    class Status(models.TextChoices):
        OPEN = "open", _("เปิดรับข้อมูล")
        CLOSED = "closed", _("ปิดรอบแล้ว")

    class Origin(models.TextChoices):
        ENTRY = "entry", _("กรอกในระบบ")
        LEGACY = "legacy", _("นำเข้าจากรายงานเดิม")

    key = models.CharField(max_length=40, unique=True)
    office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="rounds")
    fiscal_year_be = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="rounds")
    data_as_of = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.ENTRY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year_be", "-number", "key"]
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year_be", "number"], name="round_unique"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=12), name="round_number_range"),
            models.CheckConstraint(
                condition=Q(fiscal_year_be__gte=2500) & Q(fiscal_year_be__lte=2700),
                name="round_fiscal_year_be",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class RoundParticipant(models.Model):
    """The agencies that report in a round, with the label their row carries in the tables."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="round_participations")
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="participant_unique")]

    def __str__(self) -> str:
        return self.label
