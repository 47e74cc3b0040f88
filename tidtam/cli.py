"""The `tidtam` console script: Django's management commands under one name.

`tidtam import-report PATH`, `tidtam export KEY --format json`, `tidtam migrate`, ...
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tidtam", *sys.argv[1:]])


if __name__ == "__main__":
    main()
