"""Common knows no domain: nothing in tidtam/common (tests aside) imports another tidtam app. Domain-aware
operations (the backup's round check) live in their own app, tidtam/backups."""

import ast
from pathlib import Path

COMMON = Path(__file__).resolve().parents[1]
TEST_SUPPORT = {"testing.py"}  # loads the seed for other apps' tests; never imported by running code


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_common_imports_no_domain_app():
    offenders = [
        f"{path.relative_to(COMMON)}: {name}"
        for path in COMMON.rglob("*.py")
        if "tests" not in path.relative_to(COMMON).parts and path.name not in TEST_SUPPORT
        for name in imported_modules(path)
        if name.startswith("tidtam.") and not name.startswith("tidtam.common")
    ]
    assert offenders == []
