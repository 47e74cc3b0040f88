"""The `tidtam` console script: Django's management commands under one name.

`tidtam import-report PATH`, `tidtam export KEY --format json`, `tidtam migrate`, ...
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # `tidtam import-report` reads better on a command line; Django names it import_report.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["tidtam", *args])


if __name__ == "__main__":
    main()
