"""`tidtam template export|import|diff`: form versions on the command line (a contract other tools use).

    tidtam template export CODE VERSION -o FILE.xlsx|FILE.yaml
    tidtam template import FILE.xlsx|FILE.yaml [--version V]    # a new version; Thai errors on stderr
    tidtam template diff CODE A B
    tidtam template publish CODE VERSION                          # a draft becomes usable by rounds

An imported version is a draft: it can be checked (diff, export) and published when it is right.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tidtam.common.models import AuditEvent
from tidtam.formdefs.diff import template_diff
from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.spec import template_spec
from tidtam.formdefs.versions import template_create_from_spec, template_publish
from tidtam.formdefs.workbook import WorkbookInvalid, spec_to_workbook
from tidtam.formdefs.workbook_read import workbook_to_spec

FORMATS = (".xlsx", ".yaml", ".yml")


def _template(code: str, version: str) -> FormTemplate:
    template = FormTemplate.objects.filter(code=code, version=version).first()
    if template is None:
        raise CommandError(f"ไม่พบแบบฟอร์ม {code} รุ่น {version}")
    return template


def spec_to_yaml(spec: dict) -> str:
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=120)


def read_spec(path: Path) -> dict:
    """A spec from a workbook or a YAML file; CommandError (Thai, one problem a line) when invalid."""
    if not path.exists():
        raise CommandError(f"ไม่พบไฟล์ {path}")
    if path.suffix.lower() == ".xlsx":
        try:
            return workbook_to_spec(path.read_bytes())
        except WorkbookInvalid as exc:
            raise CommandError("ไฟล์แบบฟอร์มไม่ถูกต้อง:\n" + "\n".join(exc.problems)) from exc
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CommandError(f"อ่านไฟล์ YAML ไม่ได้: {exc.__class__.__name__}") from exc
    if not isinstance(data, dict):
        raise CommandError("ไฟล์ YAML ต้องเป็นแบบฟอร์มหนึ่งรุ่น (mapping)")
    return data


class Command(BaseCommand):
    help = "ส่งออก นำเข้า และเปรียบเทียบรุ่นของแบบฟอร์ม (Excel หรือ YAML)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="ส่งออกแบบฟอร์มหนึ่งรุ่นเป็น .xlsx หรือ .yaml")
        export.add_argument("code")
        export.add_argument("version")
        export.add_argument("-o", "--output", required=True)
        imp = sub.add_parser("import", help="นำเข้าไฟล์ .xlsx หรือ .yaml เป็นแบบฟอร์มรุ่นใหม่")
        imp.add_argument("path")
        imp.add_argument("--version", dest="new_version", default=None, help="ชื่อรุ่นใหม่ (แทนค่าในไฟล์)")
        diff = sub.add_parser("diff", help="เปรียบเทียบแบบฟอร์มสองรุ่น")
        diff.add_argument("code")
        diff.add_argument("a")
        diff.add_argument("b")
        publish = sub.add_parser("publish", help="เผยแพร่ฉบับร่าง (หลังเผยแพร่แก้ไขไม่ได้)")
        publish.add_argument("code")
        publish.add_argument("version")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "export":
            self._export(options["code"], options["version"], Path(options["output"]))
        elif action == "import":
            self._import(Path(options["path"]), options["new_version"])
        elif action == "publish":
            template = _template(options["code"], options["version"])
            try:
                template_publish(template=template)
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            self.stdout.write(f"เผยแพร่แบบฟอร์ม {template.code} รุ่น {template.version} แล้ว")
        else:
            a = _template(options["code"], options["a"])
            b = _template(options["code"], options["b"])
            self.stdout.write("\n".join(template_diff(a=a, b=b).lines()))

    def _export(self, code: str, version: str, output: Path) -> None:
        if output.suffix.lower() not in FORMATS:
            raise CommandError("ระบุไฟล์ปลายทางเป็น .xlsx หรือ .yaml")
        spec = template_spec(_template(code, version))
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(spec_to_workbook(spec))
        else:
            output.write_text(spec_to_yaml(spec), encoding="utf-8")
        self.stdout.write(f"ส่งออกแบบฟอร์ม {code} รุ่น {version} ไปที่ {output}")

    def _import(self, path: Path, new_version: str | None) -> None:
        if path.suffix.lower() not in FORMATS:
            raise CommandError("นำเข้าได้เฉพาะไฟล์ .xlsx หรือ .yaml")
        spec = read_spec(path)
        if new_version:
            spec["version"] = new_version
        try:
            template = template_create_from_spec(
                spec=spec, status=FormTemplate.Status.DRAFT, source=AuditEvent.Source.IMPORT
            )
        except ValidationError as exc:
            raise CommandError("ไฟล์แบบฟอร์มไม่ถูกต้อง:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(
            f"นำเข้าแบบฟอร์ม {template.code} รุ่น {template.version} ({template.get_status_display()}, "
            f"{template.items.count()} ข้อ)"
        )
