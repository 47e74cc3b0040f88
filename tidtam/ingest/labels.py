"""Thai names of the kinds of import anomalies (``joined_line`` → "ต่อบรรทัดที่ถูกตัด"), read by every page
that lists anomalies. The code stays in a tooltip for whoever maintains the importer."""

from django.utils.translation import gettext_lazy as _

ANOMALY_KIND_LABELS = {
    "ocr_source": _("ต้นฉบับเป็นภาพสแกน อ่านด้วย OCR"),
    "ocr_low_confidence": _("บรรทัดที่ OCR อ่านได้ไม่มั่นใจ"),
    "ocr_total_mismatch": _("ตัวเลขที่ OCR อ่านได้ไม่ตรงกับยอดรวม"),
    "ocr_noise": _("ข้อความที่ OCR อ่านได้ไม่เป็นเนื้อหา"),
    "agency_label_made": _("สร้างชื่อย่อหน่วยงานให้"),
    "agency_label_matched": _("ชื่อหน่วยงานที่อ่านผิดและจับคู่ให้"),
    "agency_name_variants": _("ชื่อหน่วยงานเขียนหลายแบบ"),
    "as_of_unreadable": _("อ่านวันที่ของข้อมูลไม่ออก"),
    "cell_footnote": _("เชิงอรรถในช่องตาราง"),
    "duplicate_heading": _("หัวข้อซ้ำ"),
    "duplicate_item": _("ข้อซ้ำ"),
    "duplicate_row": _("แถวซ้ำ"),
    "extra_cell": _("ช่องตารางเกิน"),
    "header_mismatch": _("หัวตารางไม่ตรงแบบฟอร์ม"),
    "html_removed": _("ลบแท็ก HTML"),
    "item_not_in_template": _("ข้อที่ไม่มีในแบบฟอร์ม"),
    "item_title_differs": _("ชื่อข้อไม่ตรงแบบฟอร์ม"),
    "joined_line": _("ต่อบรรทัดที่ถูกตัด"),
    "misnumbered_heading": _("เลขหัวข้อผิดลำดับ"),
    "misnumbered_subtopic": _("เลขประเด็นย่อยผิดลำดับ"),
    "missing_agency_row": _("ไม่มีแถวของหน่วยงาน"),
    "missing_column": _("ไม่มีคอลัมน์"),
    "missing_item": _("ไม่มีข้อนี้ในรายงาน"),
    "missing_table": _("ไม่มีตารางผลการดำเนินงาน"),
    "nearest_template": _("ใช้แบบฟอร์มฉบับใกล้เคียง"),
    "no_agency": _("ไม่ระบุหน่วยงาน"),
    "not_a_number": _("ค่าที่ไม่ใช่ตัวเลข"),
    "renamed_column": _("คอลัมน์ถูกเปลี่ยนชื่อ"),
    "reordered_column": _("คอลัมน์สลับลำดับ"),
    "reordered_rows": _("แถวสลับลำดับ"),
    "replaced_round": _("แทนที่ข้อมูลรอบเดิม"),
    "row_continued": _("แถวต่อจากบรรทัดก่อน"),
    "row_not_agency": _("แถวที่ไม่ใช่หน่วยงาน"),
    "row_split": _("แถวถูกแยกหลายบรรทัด"),
    "subtopic_not_in_template": _("ประเด็นย่อยที่ไม่มีในแบบฟอร์ม"),
    "table_not_in_template": _("ตารางที่ไม่มีในแบบฟอร์ม"),
    "unknown_agency": _("หน่วยงานที่ไม่รู้จัก"),
    "unknown_column": _("คอลัมน์ที่ไม่รู้จัก"),
    "unplaced": _("ข้อความที่วางไม่ได้"),
}
UNKNOWN_KIND = _("ข้อสังเกตจากการนำเข้า")


def anomaly_kind_label(kind: str) -> str:
    """The Thai name of an anomaly kind; a kind without one reads as a generic note, never as code."""
    return str(ANOMALY_KIND_LABELS.get(kind, UNKNOWN_KIND))
