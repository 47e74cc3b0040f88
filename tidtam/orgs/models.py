from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. What they may see and do comes from their memberships."""

    class Meta:
        verbose_name = _("ผู้ใช้")


class OrgUnit(models.Model):
    """A node of the hierarchy: ministry → region → province → provincial office → agency."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("กระทรวง")
        REGION = "region", _("สำนักงานศึกษาธิการภาค")
        PROVINCE = "province", _("จังหวัด")
        PROVINCIAL_OFFICE = "provincial_office", _("สำนักงานศึกษาธิการจังหวัด")
        AGENCY = "agency", _("หน่วยงาน")

    kind = models.CharField(max_length=24, choices=Kind.choices)
    # ISO 3166-2 for provinces (TH-74), "TH-74-PEO" for their offices, REG-NN for regions.
    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # For agencies: the kind of body (spp, spm, opec, sec, dole, vec, ...) from agency_kinds.yaml.
    agency_kind = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("หน่วยงาน")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ministry") | Q(parent__isnull=False), name="orgunit_parent_unless_ministry"
            ),
            models.CheckConstraint(
                condition=~Q(kind="agency") | ~Q(agency_kind=""), name="orgunit_agency_has_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def province(self) -> "OrgUnit | None":
        if self.kind == self.Kind.PROVINCE:
            return self
        if self.kind == self.Kind.PROVINCIAL_OFFICE:
            return self.parent
        return None


class AgencyService(models.Model):
    """An agency reports to a provincial office. One agency may serve several provinces
    (สพม.สค. สส. serves Samut Sakhon and Samut Songkhram) and reports to each separately."""

    agency = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="services")
    office = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="agency_services")
    # The abbreviation used in this province's tables, e.g. "สพม.สค. สส.".
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["office", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "office"], name="agencyservice_unique"),
            models.UniqueConstraint(fields=["office", "label"], name="agencyservice_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.office}"


class Membership(models.Model):
    """A role a user holds at one org unit. Scope follows the unit and its descendants."""

    class Role(models.TextChoices):
        AGENCY_REPORTER = "agency_reporter", _("ผู้รายงานของหน่วยงาน")
        AGENCY_HEAD = "agency_head", _("หัวหน้าหน่วยงาน")
        COORDINATOR = "coordinator", _("ผู้ประสานงานจังหวัด")
        INSPECTOR = "inspector", _("ผู้ตรวจราชการ")
        REGIONAL_ANALYST = "regional_analyst", _("นักวิเคราะห์ระดับภาค")
        NATIONAL_ANALYST = "national_analyst", _("นักวิเคราะห์ระดับประเทศ")
        ADMIN = "admin", _("ผู้ดูแลระบบ")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=24, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit}"
