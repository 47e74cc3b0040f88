"""What changed between two versions of a form, item by item, in Thai.

Items and columns are paired by their series (stable codes and `continues_from`), never by number or by
likeness of titles: FY 2567's item 6 and FY 2568's 1.6 are the same item, moved and renamed.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import Column, FormTemplate, Item, Subtopic


@dataclass
class TemplateDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    subtopics: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    SECTIONS = (
        ("added", "ข้อที่เพิ่ม"),
        ("removed", "ข้อที่ตัดออก"),
        ("moved", "ข้อที่ย้ายหรือเปลี่ยนเลขข้อ"),
        ("renamed", "ข้อที่เปลี่ยนชื่อ"),
        ("columns", "คอลัมน์ที่เปลี่ยน"),
        ("subtopics", "ประเด็นย่อยที่เปลี่ยน"),
        ("rules", "กฎตรวจสอบที่เปลี่ยน"),
        ("other", "อื่น ๆ"),
        ("notes", "หมายเหตุของรุ่นใหม่ (สิ่งที่ยืนยันแล้วและสมมติฐานที่รอกระทรวงยืนยัน)"),
    )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name, _label in self.SECTIONS)

    def lines(self) -> list[str]:
        out: list[str] = []
        for name, label in self.SECTIONS:
            entries = getattr(self, name)
            if entries:
                out.append(f"{_(label)} ({len(entries)})")
                out += [f"  - {e}" for e in entries]
        return out or [_("ไม่มีความแตกต่าง")]


def _items(template: FormTemplate) -> dict[str, Item]:
    qs = (
        Item.objects.filter(template=template)
        .select_related("policy")
        .prefetch_related(
            Prefetch("columns", queryset=Column.objects.order_by("order")),
            Prefetch("subtopics", queryset=Subtopic.objects.order_by("number")),
        )
    )
    return {it.lineage: it for it in qs}


def _name(item: Item) -> str:
    return f"{item.display_number} [{item.code}] {item.title}"


def template_diff(*, a: FormTemplate, b: FormTemplate) -> TemplateDiff:
    d = TemplateDiff()
    old, new = _items(a), _items(b)
    for lineage, item in new.items():
        if lineage not in old:
            d.added.append(_("%(item)s (ไม่มีข้อเดิมที่สืบต่อมา)") % {"item": _name(item)})
    for lineage, item in old.items():
        if lineage not in new:
            d.removed.append(_name(item))
    for lineage, before in sorted(old.items(), key=lambda kv: kv[1].number):
        after = new.get(lineage)
        if after is None:
            continue
        _compare_item(d, before, after)
    for label, x, y in (
        (_("ชื่อแบบฟอร์ม"), a.title, b.title),
        (_("ปีงบประมาณ"), a.fiscal_year_be, b.fiscal_year_be),
        (_("รอบที่"), a.round_number, b.round_number),
    ):
        if x != y:
            d.other.append(f"{label}: {x} → {y}")
    _compare_policies(d, a, b)
    if (a.notes or "").strip() != (b.notes or "").strip():
        d.notes = [line.strip() for line in (b.notes or "").splitlines() if line.strip()]
    return d


def _yes_no(value: bool) -> str:
    return _("ใช่") if value else _("ไม่ใช่")


def _compare_policies(d: TemplateDiff, a: FormTemplate, b: FormTemplate) -> None:
    old = dict(a.policies.values_list("order", "title"))
    new = dict(b.policies.values_list("order", "title"))
    for order in sorted(set(old) | set(new)):
        if old.get(order) != new.get(order):
            d.other.append(
                _("นโยบาย %(order)s: «%(old)s» → «%(new)s»")
                % {"order": order, "old": old.get(order) or "-", "new": new.get(order) or "-"}
            )


def _compare_item(d: TemplateDiff, before: Item, after: Item) -> None:
    where_before = (before.policy.order, before.policy.title, before.display_number)
    where_after = (after.policy.order, after.policy.title, after.display_number)
    if where_before != where_after or before.code != after.code:
        d.moved.append(
            _(
                "ข้อ %(old)s [%(old_code)s] นโยบาย %(old_policy)s → ข้อ %(new)s [%(new_code)s] นโยบาย %(new_policy)s"
            )
            % {
                "old": before.display_number,
                "old_code": before.code,
                "old_policy": before.policy.order,
                "new": after.display_number,
                "new_code": after.code,
                "new_policy": after.policy.order,
            }
        )
    if before.title != after.title:
        d.renamed.append(
            _("ข้อ %(number)s: «%(old)s» → «%(new)s»")
            % {"number": after.display_number, "old": before.title, "new": after.title}
        )
    if before.additional_policy != after.additional_policy:
        d.other.append(
            _("ข้อ %(number)s: นโยบายเพิ่มเติม %(old)s → %(new)s")
            % {
                "number": after.display_number,
                "old": _yes_no(before.additional_policy),
                "new": _yes_no(after.additional_policy),
            }
        )
    for label, x, y in (
        (_("หัวข้อผลการดำเนินงาน"), before.results_heading, after.results_heading),
        (_("ส่วนที่ต้องกรอก"), ", ".join(before.required or []), ", ".join(after.required or [])),
    ):
        if x != y:
            d.other.append(
                _("ข้อ %(number)s: %(what)s «%(old)s» → «%(new)s»")
                % {"number": after.display_number, "what": label, "old": x or "-", "new": y or "-"}
            )
    _compare_subtopics(d, before, after)
    old_cols = {c.lineage: c for c in before.columns.all()}
    new_cols = {c.lineage: c for c in after.columns.all()}
    prefix = _("ข้อ %(number)s") % {"number": after.display_number}
    for lineage, c in new_cols.items():
        if lineage not in old_cols:
            d.columns.append(
                _("%(item)s: เพิ่มคอลัมน์ %(key)s «%(label)s»") % {"item": prefix, "key": c.key, "label": c.label}
            )
    for lineage, c in old_cols.items():
        if lineage not in new_cols:
            d.columns.append(
                _("%(item)s: ตัดคอลัมน์ %(key)s «%(label)s»") % {"item": prefix, "key": c.key, "label": c.label}
            )
            continue
        n = new_cols[lineage]
        for field_name in ("key", "label", "unit", "value_type", "aggregation", "weight_key"):
            x, y = getattr(c, field_name), getattr(n, field_name)
            if x != y:
                d.columns.append(
                    _("%(item)s คอลัมน์ %(key)s: %(field)s «%(old)s» → «%(new)s»")
                    % {"item": prefix, "key": n.key, "field": field_name, "old": x, "new": y}
                )
    kept = [lineage for lineage in old_cols if lineage in new_cols]
    if kept != [lineage for lineage in new_cols if lineage in old_cols]:
        d.columns.append(
            _("%(item)s: ลำดับคอลัมน์ %(order)s")
            % {"item": prefix, "order": " → ".join(c.key for c in new_cols.values())}
        )
    old_rules = {r.get("id"): r for r in before.rules or []}
    new_rules = {r.get("id"): r for r in after.rules or []}
    for rule_id, rule in new_rules.items():
        if rule_id not in old_rules:
            d.rules.append(
                _("%(item)s: เพิ่มกฎ %(id)s «%(expr)s»")
                % {"item": prefix, "id": rule_id, "expr": rule.get("expression")}
            )
        else:
            for name in ("expression", "severity", "message", "column"):
                x, y = old_rules[rule_id].get(name), rule.get(name)
                if x != y:
                    d.rules.append(
                        _("%(item)s: กฎ %(id)s %(field)s «%(old)s» → «%(new)s»")
                        % {"item": prefix, "id": rule_id, "field": name, "old": x or "-", "new": y or "-"}
                    )
    for rule_id in old_rules:
        if rule_id not in new_rules:
            d.rules.append(_("%(item)s: ตัดกฎ %(id)s") % {"item": prefix, "id": rule_id})


def _compare_subtopics(d: TemplateDiff, before: Item, after: Item) -> None:
    old = {s.number: s.title for s in before.subtopics.all()}
    new = {s.number: s.title for s in after.subtopics.all()}
    for number in sorted(set(old) | set(new)):
        if old.get(number) != new.get(number):
            d.subtopics.append(
                _("ข้อ %(item)s ประเด็นย่อยที่ %(number)s: «%(old)s» → «%(new)s»")
                % {
                    "item": after.display_number,
                    "number": number,
                    "old": old.get(number) or "-",
                    "new": new.get(number) or "-",
                }
            )
