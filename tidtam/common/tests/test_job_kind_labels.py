"""A job kind a person sees on the jobs pages is a Thai name, never its code."""

from tidtam.common.jobs import KIND_LABELS, kind_label


def test_known_kinds_read_in_thai_and_an_unknown_one_as_a_background_job():
    assert kind_label("legacy_import") == "นำเข้ารายงาน"
    assert kind_label("no_such_kind") == "งานเบื้องหลัง"
    assert all("_" not in str(label) for label in KIND_LABELS.values())
