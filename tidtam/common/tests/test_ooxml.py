"""The package check on parts that are not XML: an embedded font may start with "<" by chance."""

import io
import zipfile

import pytest

from tidtam.common.ooxml import PackageLimits, UnsafeDocument, package_check
from tidtam.common.tests import hostile_files

LIMITS = PackageLimits(max_total=10 * 1024 * 1024)


def _package(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", hostile_files.CONTENT_TYPES)
        zf.writestr("word/document.xml", "<document/>")
        zf.writestr(name, content)
    return out.getvalue()


# An obfuscated font whose XOR'd first byte happens to be "<": the CI once failed on exactly this.
FONT_STARTING_WITH_LT = b"<\x93\x01\xfe" + bytes(range(256)) * 40


def test_an_embedded_font_that_starts_like_xml_is_accepted():
    package_check(_package("word/fonts/font1.odttf", FONT_STARTING_WITH_LT), limits=LIMITS)


def test_an_image_that_starts_like_xml_is_accepted():
    package_check(_package("word/media/image1.png", FONT_STARTING_WITH_LT), limits=LIMITS)


def test_a_binary_part_is_still_counted_against_the_size_budget():
    with pytest.raises(UnsafeDocument, match="มากเกินกว่า"):
        package_check(
            _package("word/fonts/font1.odttf", FONT_STARTING_WITH_LT),
            limits=PackageLimits(max_total=len(FONT_STARTING_WITH_LT) // 2),
        )


def test_a_dtd_in_a_part_named_like_a_font_is_still_refused():
    crafted = (hostile_files.BILLION_LAUGHS + "<w:document/>").encode()
    with pytest.raises(UnsafeDocument, match="DTD"):
        package_check(_package("word/fonts/font1.odttf", crafted), limits=LIMITS)


def test_a_broken_xml_part_is_still_damaged():
    with pytest.raises(UnsafeDocument, match="เสียหาย"):
        package_check(_package("word/footer1.xml", FONT_STARTING_WITH_LT), limits=LIMITS)
