"""Writes for org units and memberships."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record

from .models import AgencyService, Membership, OrgUnit, User
from .selectors import user_memberships_forget

DATA_DIR = Path(__file__).resolve().parent / "data"
OFFICE_PREFIX = "สำนักงานศึกษาธิการจังหวัด"


def office_code(province_code: str) -> str:
    return f"{province_code}-PEO"


@transaction.atomic
def orgs_load_hierarchy(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the ministry, 18 regions, 77 provinces and their provincial offices.
    Idempotent: running it again updates names and changes nothing else."""
    data = yaml.safe_load((path or DATA_DIR / "provinces.yaml").read_text(encoding="utf-8"))
    m = data["ministry"]
    ministry, _ = OrgUnit.objects.update_or_create(
        code=m["code"],
        defaults={
            "kind": OrgUnit.Kind.MINISTRY,
            "name": m["name"],
            "name_en": m.get("name_en", ""),
            "short_name": m.get("short_name", "ศธ."),
        },
    )
    provinces = {p["code"]: p for p in data["provinces"]}
    counts = {"regions": 0, "provinces": 0, "offices": 0}
    for r in data["regions"]:
        region, _ = OrgUnit.objects.update_or_create(
            code=r["code"],
            defaults={
                "kind": OrgUnit.Kind.REGION,
                "name": r["name"],
                "short_name": r.get("short_name", ""),
                "name_en": f"Regional Education Office {r['number']}",
                "parent": ministry,
            },
        )
        counts["regions"] += 1
        for code in r["provinces"]:
            p = provinces[code]
            province, _ = OrgUnit.objects.update_or_create(
                code=code,
                defaults={
                    "kind": OrgUnit.Kind.PROVINCE,
                    "name": p["name"],
                    "name_en": p.get("name_en", ""),
                    "short_name": p.get("abbreviation", ""),
                    "parent": region,
                },
            )
            OrgUnit.objects.update_or_create(
                code=office_code(code),
                defaults={
                    "kind": OrgUnit.Kind.PROVINCIAL_OFFICE,
                    "name": f"{OFFICE_PREFIX}{p['name']}",
                    "short_name": f"ศธจ.{p.get('abbreviation', '')}",
                    "name_en": f"{p.get('name_en', '')} Provincial Education Office".strip(),
                    "parent": province,
                },
            )
            counts["provinces"] += 1
            counts["offices"] += 1
    return counts


def agency_kinds() -> list[dict[str, Any]]:
    return yaml.safe_load((DATA_DIR / "agency_kinds.yaml").read_text(encoding="utf-8"))["kinds"]


@transaction.atomic
def agency_link(*, agency: OrgUnit, office: OrgUnit, label: str, order: int) -> AgencyService:
    """Make `agency` report to `office` under `label`; keeps an existing link's label."""
    service, created = AgencyService.objects.get_or_create(
        agency=agency, office=office, defaults={"label": label, "order": order}
    )
    return service


@transaction.atomic
def membership_grant(*, user: User, org_unit: OrgUnit, role: str, by: User | None = None) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, org_unit=org_unit, role=role)
    user_memberships_forget(user=user)
    if created:
        audit_record(
            actor=by,
            obj=membership,
            action="grant",
            changes={"role": [None, role]},
            source=AuditEvent.Source.SYSTEM if by is None else AuditEvent.Source.WEB,
        )
    return membership
