"""Authoring form versions in the browser: copy a version, edit the draft, check rules live, publish.

Every save goes through the services of formdefs.versions (drafts only; a published version is frozen).
"""

from pathlib import Path
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidtam.common.models import AuditEvent
from tidtam.validation.engine.expressions import RuleSyntaxError, compile_rule

from . import authoring as a
from .diff import template_diff
from .models import FormTemplate
from .spec import template_spec
from .versions import template_copy, template_create_from_spec, template_publish, template_replace_contents
from .workbook import WorkbookInvalid, spec_to_workbook
from .workbook_read import workbook_to_spec

UPLOAD_LIMIT = 5 * 1024 * 1024


def author_view(view):
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not a.can_author_forms(request.user):
            raise PermissionDenied(_("เฉพาะผู้ดูแลระบบจึงจะจัดการแบบฟอร์มได้"))
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _version(pk: int) -> FormTemplate:
    return get_object_or_404(FormTemplate.objects.select_related("previous"), pk=pk)


@author_view
def version_list(request: HttpRequest) -> HttpResponse:
    versions = FormTemplate.objects.annotate(round_count=Count("rounds")).order_by(
        "code", "-fiscal_year_be", "-round_number", "-pk"
    )
    return render(
        request,
        "formdefs/version_list.html",
        {"versions": versions, "copy_form": a.CopyForm(), "upload_form": a.UploadForm()},
    )


@require_POST
@author_view
def version_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _version(pk)
    form = a.CopyForm(request.POST)
    if form.is_valid():
        try:
            draft = template_copy(template=source, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("สร้างฉบับร่างรุ่น %(version)s แล้ว") % {"version": draft.version})
            return redirect("formdefs:version_detail", pk=draft.pk)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("formdefs:version_list")


@require_POST
@author_view
def version_upload(request: HttpRequest) -> HttpResponse:
    form = a.UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
    else:
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if upload.size > UPLOAD_LIMIT:
            problems = [_("ไฟล์ใหญ่เกิน 5 MB")]
        elif suffix not in (".xlsx", ".yaml", ".yml"):
            problems = [_("อัปโหลดได้เฉพาะไฟล์ .xlsx หรือ .yaml")]
        else:
            try:
                spec = _read_upload(upload.read(), suffix)
                if form.cleaned_data["version"]:
                    spec["version"] = form.cleaned_data["version"]
                draft = template_create_from_spec(
                    spec=spec,
                    actor=request.user,
                    status=FormTemplate.Status.DRAFT,
                    source=AuditEvent.Source.EXCEL,
                )
            except WorkbookInvalid as exc:
                problems = exc.problems
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("นำเข้าเป็นฉบับร่างรุ่น %(version)s แล้ว") % {"version": draft.version})
                return redirect("formdefs:version_detail", pk=draft.pk)
    versions = FormTemplate.objects.annotate(round_count=Count("rounds")).order_by("code", "-fiscal_year_be")
    return render(
        request,
        "formdefs/version_list.html",
        {"versions": versions, "copy_form": a.CopyForm(), "upload_form": form, "upload_problems": problems},
        status=400,
    )


def _read_upload(content: bytes, suffix: str) -> dict:
    if suffix == ".xlsx":
        return workbook_to_spec(content)
    try:
        data = yaml.safe_load(content.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WorkbookInvalid([_("อ่านไฟล์ YAML ไม่ได้")]) from exc
    if not isinstance(data, dict):
        raise WorkbookInvalid([_("ไฟล์ YAML ต้องเป็นแบบฟอร์มหนึ่งรุ่น")])
    return data


@author_view
def version_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    template = _version(pk)
    spec = template_spec(template)
    name = f"{template.code}-{template.version}"
    if fmt == "xlsx":
        response = HttpResponse(
            spec_to_workbook(spec),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=120)
        response = HttpResponse(text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@author_view
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _version(pk)
    spec = template_spec(template)
    editable = template.status == FormTemplate.Status.DRAFT and not template.rounds.exists()
    return render(
        request,
        "formdefs/version_detail.html",
        {
            "template": template,
            "spec": spec,
            "editable": editable,
            "settings_form": a.SettingsForm(initial=spec),
            "policy_formset": a.PolicyFormSet(
                initial=[{"order": p["order"], "title": p["title"]} for p in spec["policies"]],
                prefix="policy",
            ),
            "diff": template_diff(a=template.previous, b=template).lines() if template.previous else [],
            "round_count": template.rounds.count(),
        },
    )


def _save(request: HttpRequest, template: FormTemplate, spec: dict) -> list[str]:
    """Save a draft's new spec; Thai problems when it is refused (nothing is lost: the form re-renders)."""
    try:
        template_replace_contents(template=template, spec=spec, actor=request.user)
    except ValidationError as exc:
        return exc.messages
    return []


@require_POST
@author_view
def version_settings(request: HttpRequest, pk: int) -> HttpResponse:
    template = _version(pk)
    form = a.SettingsForm(request.POST)
    if form.is_valid():
        problems = _save(request, template, {**template_spec(template), **form.cleaned_data})
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
    for p in problems:
        messages.error(request, p)
    if not problems:
        messages.success(request, _("บันทึกข้อมูลรุ่นแล้ว"))
    return redirect("formdefs:version_detail", pk=pk)


@require_POST
@author_view
def version_policies(request: HttpRequest, pk: int) -> HttpResponse:
    template = _version(pk)
    formset = a.PolicyFormSet(request.POST, prefix="policy")
    problems: list[str] = []
    if formset.is_valid():
        spec = template_spec(template)
        items = {p["order"]: p["items"] for p in spec["policies"]}
        rows = a.kept(formset)
        dropped = set(items) - {r["order"] for r in rows}
        if any(items[o] for o in dropped):
            problems = [_("ลบนโยบายที่ยังมีข้ออยู่ไม่ได้ ย้ายหรือลบข้อก่อน")]
        else:
            spec["policies"] = [
                {**r, "items": items.get(r["order"], [])} for r in sorted(rows, key=lambda r: r["order"])
            ]
            problems = _save(request, template, spec)
    else:
        problems = [str(e) for f in formset.forms for errors in f.errors.values() for e in errors] or [
            _("ข้อมูลนโยบายไม่ครบ")
        ]
    for p in problems:
        messages.error(request, p)
    if not problems:
        messages.success(request, _("บันทึกนโยบายแล้ว"))
    return redirect("formdefs:version_detail", pk=pk)


@author_view
def item_edit(request: HttpRequest, pk: int, code: str | None = None) -> HttpResponse:
    template = _version(pk)
    spec = template_spec(template)
    found = a.find_item(spec, code) if code else None
    if code and found is None:
        return redirect("formdefs:version_detail", pk=pk)
    item = found[1] if found else None
    options = {
        "policies": [(p["order"], f"{p['order']}. {p['title']}") for p in spec["policies"]],
        "previous_codes": a.previous_item_codes(template),
    }
    problems: list[str] = []
    if request.method == "POST":
        form = a.ItemForm(request.POST, **options)
        columns = a.ColumnFormSet(request.POST, prefix="col")
        subtopics = a.SubtopicFormSet(request.POST, prefix="sub")
        rules = a.RuleFormSet(request.POST, prefix="rule")
        if all(x.is_valid() for x in (form, columns, subtopics, rules)):
            new_spec = a.spec_with_item(
                spec,
                old_code=code,
                fields=form.cleaned_data,
                columns=a.kept(columns),
                subtopics=a.kept(subtopics),
                rules=a.kept(rules),
                keep_required=(item or {}).get("required"),
            )
            problems = _save(request, template, new_spec)
            if not problems:
                messages.success(request, _("บันทึกข้อ %(code)s แล้ว") % {"code": form.cleaned_data["code"]})
                return redirect("formdefs:version_detail", pk=pk)
        else:
            problems = [_("กรุณาแก้ไขช่องที่มีข้อผิดพลาด"), *_form_problems(form, columns, subtopics, rules)]
    else:
        form = a.ItemForm(initial=a.item_initial(*found) if found else {}, **options)
        columns = a.ColumnFormSet(
            initial=((item or {}).get("table") or {}).get("columns") or [], prefix="col"
        )
        subtopics = a.SubtopicFormSet(initial=(item or {}).get("subtopics") or [], prefix="sub")
        rules = a.RuleFormSet(initial=(item or {}).get("rules") or [], prefix="rule")
    return render(
        request,
        "formdefs/item_edit.html",
        {
            "template": template,
            "code": code,
            "form": form,
            "columns": columns,
            "subtopics": subtopics,
            "rules": rules,
            "problems": problems,
            "editable": template.status == FormTemplate.Status.DRAFT,
        },
        status=400 if problems else 200,
    )


def _form_problems(form: Any, *formsets: Any) -> list[str]:
    """Each field error as "label: message", so that the list above the form says what to fix."""
    out = [
        f"{form.fields[n].label}: {e}"
        for n, errors in form.errors.items()
        if n in form.fields
        for e in errors
    ]
    for formset in formsets:
        out += [str(e) for e in formset.non_form_errors()]
        for index, f in enumerate(formset.forms, start=1):
            out += [
                _("แถวที่ %(row)s %(label)s: %(error)s")
                % {"row": index, "label": f.fields[n].label, "error": e}
                for n, errors in f.errors.items()
                if n in f.fields
                for e in errors
            ]
    return out


@require_POST
@author_view
def item_delete(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    template = _version(pk)
    spec = template_spec(template)
    found = a.find_item(spec, code)
    if found:
        found[0]["items"].remove(found[1])
        for p in _save(request, template, spec):
            messages.error(request, p)
    return redirect("formdefs:version_detail", pk=pk)


@require_POST
@author_view
def rule_check(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: check one rule's expression against the column keys now in the form (saved or not)."""
    total = request.POST.get("col-TOTAL_FORMS", "0")
    count = int(total) if total.isdigit() else 0
    keys = [
        request.POST.get(f"col-{i}-key", "").strip()
        for i in range(min(count, 200))
        if not request.POST.get(f"col-{i}-DELETE")
    ]
    keys = [k for k in keys if k]
    name = request.headers.get("HX-Trigger-Name", "")
    expression = request.POST.get(name, "") if name.endswith("-expression") else ""
    if not expression.strip():
        return HttpResponse("")
    try:
        compile_rule(expression, allowed_names=keys)
    except RuleSyntaxError as exc:
        return render(request, "formdefs/_rule_check.html", {"ok": False, "message": str(exc)})
    return render(request, "formdefs/_rule_check.html", {"ok": True, "message": _("เงื่อนไขใช้ได้")})


@require_POST
@author_view
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    template = _version(pk)
    try:
        template_publish(template=template, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("เผยแพร่รุ่น %(version)s แล้ว แก้ไขไม่ได้อีก") % {"version": template.version})
    return redirect("formdefs:version_detail", pk=pk)
