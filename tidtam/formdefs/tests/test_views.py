"""The authoring pages: copy a version, edit a draft item, check a rule live, publish; admins only."""

import pytest
from django.urls import reverse

from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.services import template_files, template_load
from tidtam.formdefs.spec import template_spec
from tidtam.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fy2567():
    return template_load(path=template_files()[0])[0]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="formadmin", is_superuser=True, is_staff=True))
    return client


def item_post(spec_item: dict, policy: int, **changes) -> dict:
    """The item page's POST for an item of a spec, with `changes` applied to the item's fields."""
    columns = (spec_item.get("table") or {}).get("columns") or []
    data = {
        "code": spec_item["code"],
        "number": spec_item["number"],
        "numbering": spec_item.get("numbering") or "",
        "policy": policy,
        "title": spec_item["title"],
        "results_heading": spec_item.get("results_heading") or "",
        "continues_from": spec_item.get("continues_from") or "",
        "col-TOTAL_FORMS": len(columns),
        "col-INITIAL_FORMS": len(columns),
        "sub-TOTAL_FORMS": 0,
        "sub-INITIAL_FORMS": 0,
        "rule-TOTAL_FORMS": len(spec_item.get("rules") or []),
        "rule-INITIAL_FORMS": len(spec_item.get("rules") or []),
    }
    if spec_item.get("additional_policy"):
        data["additional_policy"] = "on"
    for i, c in enumerate(columns):
        for k in ("key", "label", "unit", "value_type", "aggregation"):
            data[f"col-{i}-{k}"] = c.get(k) or ""
        data[f"col-{i}-weight"] = c.get("weight") or ""
        data[f"col-{i}-continues_from"] = c.get("continues_from") or ""
    for i, r in enumerate(spec_item.get("rules") or []):
        for k in ("id", "severity", "expression", "message"):
            data[f"rule-{i}-{k}"] = r[k]
    data.update(changes)
    return data


def test_only_administrators_reach_the_pages(client, fy2567):
    client.force_login(UserFactory(username="someone"))
    assert client.get(reverse("formdefs:version_list")).status_code == 403


def test_copy_edit_check_and_publish(admin_client, fy2567):
    response = admin_client.post(
        reverse("formdefs:version_copy", kwargs={"pk": fy2567.pk}),
        {"version": "2568.1w", "fiscal_year_be": 2568, "round_number": 1},
    )
    draft = FormTemplate.objects.get(version="2568.1w")
    assert response.status_code == 302 and draft.status == FormTemplate.Status.DRAFT
    spec = template_spec(draft)
    janitor = spec["policies"][0]["items"][5]
    data = item_post(janitor, 1, numbering="1.6", title="จัดหานักการภารโรง")
    data["col-2-key"], data["col-2-label"] = "janitor_hired", "ได้ดำเนินการจัดหา/จัดจ้างนักการภารโรง"
    data["rule-1-expression"] = "janitor_hired <= janitor_allotted"
    url = reverse("formdefs:item_edit", kwargs={"pk": draft.pk, "code": "P1.I6"})
    saved = admin_client.post(url, data)
    body = saved.content.decode()
    assert saved.status_code == 302, body[body.find("page-errors") :][:1500]
    item = draft.items.get(code="P1.I6")
    assert item.numbering == "1.6" and item.title == "จัดหานักการภารโรง"
    hired = item.columns.get(key="janitor_hired")
    assert hired.continues_from == "janitor_recruited" and hired.lineage == "janitor_recruited"

    check = reverse("formdefs:rule_check", kwargs={"pk": draft.pk})
    bad = admin_client.post(
        check,
        {**data, "rule-0-expression": "janitor_recruited <= 1"},
        HTTP_HX_TRIGGER_NAME="rule-0-expression",
    )
    assert "ไม่มีคอลัมน์ชื่อ janitor_recruited" in bad.content.decode()
    good = admin_client.post(check, data, HTTP_HX_TRIGGER_NAME="rule-1-expression")
    assert "เงื่อนไขใช้ได้" in good.content.decode()

    # A rule naming a column that is not there is refused, and the typed page comes back.
    refused = admin_client.post(url, {**data, "rule-0-expression": "nothing <= 1"})
    assert refused.status_code == 400 and "nothing" in refused.content.decode()

    admin_client.post(reverse("formdefs:version_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == FormTemplate.Status.PUBLISHED
    again = admin_client.post(url, {**data, "title": "แก้หลังเผยแพร่"}, follow=True)
    assert "แก้ไขไม่ได้" in again.content.decode()
    assert draft.items.get(code="P1.I6").title == "จัดหานักการภารโรง"


def test_uploading_an_invalid_workbook_shows_thai_errors(admin_client, fy2567):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("form.xlsx", b"not excel")
    response = admin_client.post(reverse("formdefs:version_upload"), {"file": upload})
    assert response.status_code == 400 and "เปิดไฟล์ Excel ไม่ได้" in response.content.decode()


def test_download_then_upload_gives_a_draft(admin_client, fy2567):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = admin_client.get(
        reverse("formdefs:version_download", kwargs={"pk": fy2567.pk, "fmt": "xlsx"})
    ).content
    upload = SimpleUploadedFile("form.xlsx", content)
    response = admin_client.post(reverse("formdefs:version_upload"), {"file": upload, "version": "2567.2u"})
    assert response.status_code == 302
    assert FormTemplate.objects.get(version="2567.2u").status == FormTemplate.Status.DRAFT
    page = admin_client.get(reverse("formdefs:version_detail", kwargs={"pk": fy2567.pk}))
    assert page.status_code == 200 and "จัดหนักการภารโรง" in page.content.decode()


def draft_of(admin_client, source, version="2568.1w"):
    admin_client.post(
        reverse("formdefs:version_copy", kwargs={"pk": source.pk}),
        {"version": version, "fiscal_year_be": 2568, "round_number": 1},
    )
    return FormTemplate.objects.get(version=version)


def test_bad_item_posts_come_back_in_thai_and_change_nothing(admin_client, fy2567):
    draft = draft_of(admin_client, fy2567)
    item = template_spec(draft)["policies"][0]["items"][0]
    url = reverse("formdefs:item_edit", kwargs={"pk": draft.pk, "code": item["code"]})
    cases = [
        ({"col-0-key": "dpa-submitted"}, "รหัสคอลัมน์ต้องขึ้นต้นด้วยอักษรอังกฤษ"),
        ({"col-0-weight": "nothing"}, "น้ำหนัก nothing ไม่ใช่คอลัมน์"),
        ({"col-0-continues_from": "nothing"}, "ไม่พบคอลัมน์ nothing"),
        ({"number": 2}, "ข้อ 2 ซ้ำ"),
        ({"code": "P1.I2"}, "รหัสข้อ P1.I2 ซ้ำ"),
        ({"policy": 9}, "นโยบาย"),
        ({"col-TOTAL_FORMS": "many"}, "กรุณาแก้ไขช่องที่มีข้อผิดพลาด"),
    ]
    for changes, expected in cases:
        response = admin_client.post(url, {**item_post(item, 1), **changes})
        assert response.status_code == 400, changes
        assert expected in response.content.decode(), changes
    assert template_spec(draft) == template_spec(FormTemplate.objects.get(pk=draft.pk))
    assert draft.items.get(code="P1.I1").columns.filter(key="dpa_submitted").exists()


def test_saving_an_item_keeps_the_column_its_rules_point_at(admin_client, fy2567):
    draft = draft_of(admin_client, fy2567)
    item = template_spec(draft)["policies"][0]["items"][0]
    data = item_post(item, 1, **{"rule-0-column": "dpa_passed"})
    url = reverse("formdefs:item_edit", kwargs={"pk": draft.pk, "code": item["code"]})
    assert admin_client.post(url, data).status_code == 302
    [rule] = draft.items.get(code="P1.I1").rules
    assert rule["column"] == "dpa_passed"
    page = admin_client.get(url).content.decode()
    assert 'name="rule-0-column" value="dpa_passed"' in page
    # Saved again without touching it, the rule keeps its column.
    data = item_post(template_spec(draft)["policies"][0]["items"][0], 1)
    data["rule-0-column"] = "dpa_passed"
    assert admin_client.post(url, data).status_code == 302
    assert draft.items.get(code="P1.I1").rules[0]["column"] == "dpa_passed"


def test_uploading_a_malformed_yaml_file_is_a_thai_error_not_a_crash(admin_client, fy2567):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "code: x\nversion: '1'\ntitle: t\nfiscal_year_be: 2568\nround_number: 1\npolicies: [oops]\n"
    upload = SimpleUploadedFile("form.yaml", text.encode("utf-8"))
    response = admin_client.post(reverse("formdefs:version_upload"), {"file": upload})
    assert response.status_code == 400 and "นโยบายที่ 1: ต้องเขียนเป็น" in response.content.decode()
    assert not FormTemplate.objects.filter(code="x").exists()
