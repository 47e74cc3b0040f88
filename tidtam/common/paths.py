"""Where the project's shared files are: in a source checkout, or bundled inside the installed package.

A checkout keeps `static/` and `data/` next to the `tidtam` package; a wheel cannot install files outside
its packages, so the build copies them into `tidtam/bundled/` (see setup.py). Settings and tests ask here
instead of building paths from the settings directory, so both layouts work.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CHECKOUT_DIR = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "bundled"
BUNDLED = ("static", "data")


def is_checkout() -> bool:
    """True when running from a source tree (pyproject.toml beside the package), not an installed wheel."""
    return (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "static").is_dir()


def shared_dir(name: str) -> Path:
    """`static` or `data`: the checkout's folder, or the copy bundled into an installed package."""
    if name not in BUNDLED:
        raise ValueError(f"not a bundled folder: {name}")
    return CHECKOUT_DIR / name if is_checkout() else BUNDLED_DIR / name


def default_var_dir() -> Path:
    """Runtime files (SQLite, media, collected static): var/ in a checkout, ./var for an installed package."""
    return CHECKOUT_DIR / "var" if is_checkout() else Path.cwd() / "var"
