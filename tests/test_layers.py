"""Layers point one way. Every import in the non-test modules of each app under tidtam/ is read with
`ast` (imports inside functions too), and an import that crosses a layer the wrong way fails here,
naming the module and the line."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tidtam"
DOMAIN = frozenset(
    {
        "orgs",
        "formdefs",
        "submissions",
        "validation",
        "ingest",
        "reports",
        "dashboards",
        "search",
        "api",
        "web",
    }
)
# App → the apps it must never import. The demo app sits above the domain: nothing imports it.
FORBIDDEN = {
    "common": DOMAIN | {"demo"},
    "orgs": frozenset(
        {"submissions", "validation", "ingest", "reports", "dashboards", "search", "api", "web", "demo"}
    ),
    "formdefs": frozenset({"submissions", "ingest", "reports", "dashboards", "search", "api", "web", "demo"}),
    "validation": frozenset({"reports", "dashboards", "api", "web", "demo"}),
    **{app: frozenset({"demo"}) for app in DOMAIN - {"orgs", "formdefs", "validation"}},
}
# Notifications listen to the workflow's signals: they may import submissions, orgs, formdefs and common,
# and no app imports them (web's base template only includes the bell, a template, not an import).
FORBIDDEN = {app: forbidden | {"notifications"} for app, forbidden in FORBIDDEN.items()}
FORBIDDEN["notifications"] = (DOMAIN | {"demo", "followups"}) - {"orgs", "formdefs", "submissions"}


def _is_test_module(path: Path) -> bool:
    return "tests" in path.parts or path.name == "conftest.py"


def _imported_apps(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, app) for every `tidtam.<app>` the module imports, relative imports resolved."""
    package = path.relative_to(root.parent).parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join((*base, node.module)) if node.module else ".".join(base)
                names = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "tidtam":
                found.append((node.lineno, parts[1]))
    return found


def _modules(app: str, root: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in (root / app).rglob("*.py") if not _is_test_module(p.relative_to(root)))


def violations(app: str, root: Path = PACKAGE) -> list[str]:
    out = []
    for path in _modules(app, root):
        for line, imported in _imported_apps(path, root):
            if imported in FORBIDDEN[app]:
                out.append(f"{path.relative_to(root.parent)}:{line} imports tidtam.{imported}")
    return sorted(set(out))


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_import_points_the_wrong_way(app):
    assert _modules(app), f"tidtam/{app} has no modules: is the app list still right?"
    assert violations(app) == []


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path):
    """A module of `common` importing a domain app, in every way Python allows, is caught."""
    fake = tmp_path / "tidtam"
    (fake / "common").mkdir(parents=True)
    (fake / "common" / "bad.py").write_text(
        "import tidtam.orgs.models\n"
        "from tidtam.submissions import services\n"
        "from ..reports.assembly import round_report\n"
        "def later():\n"
        "    from tidtam import search\n",
        encoding="utf-8",
    )
    found = violations("common", root=fake)
    assert [v.split(" imports ")[1] for v in found] == [
        "tidtam.orgs",
        "tidtam.submissions",
        "tidtam.reports",
        "tidtam.search",
    ]
