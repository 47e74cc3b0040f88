"""Benchmark of the report exports: DOCX, PDF and XLSX of the seed round and of a round 10× larger.

    .venv/bin/python bench/report_bench.py [--runs 5] [--skip-pdf]

Uses a throw-away SQLite database (nothing else is touched): migrates, loads the hierarchy and the
template, imports the seed (Samut Sakhon, round 2/2567). The larger round replicates the seed's agencies
ten times (70 agencies: every table row, narrative and X.2 row), in memory, so the exporters get ten
times the rows and text in the same structure.

Each export is compared with a raw baseline on the same text:
- DOCX: python-docx writing the same paragraphs (table rows as plain paragraphs), no layout or styles;
- PDF: Chromium printing the same paragraphs as plain HTML (one pass, no fonts, no charts);
- XLSX: openpyxl appending the same cells, no formulas, styles or charts.
Targets: DOCX ≤ 2× its baseline and under 2 s for the seed round; PDF under 3 s; cost linear in size.
The seed PDF is also given in CPU seconds (this process, and Chromium's processes read from /proc just
before the browser closes), since the wall time on a shared machine depends on its load (printed too).

Start-up: `tidtam export KEY --format docx -o FILE` as a whole process (interpreter, Django, imports,
query, layout, writing) against a whole process that dumps the same text with python-docx, measured in
the same run; target ≤ 3×.
"""

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seeds" / "th74-2567-r2.txt"


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TIDTAM_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_seed():
    from tidtam.formdefs.services import template_load
    from tidtam.ingest.services import report_import
    from tidtam.orgs.services import orgs_load_hierarchy

    orgs_load_hierarchy()
    template_load(path=ROOT / "tidtam" / "formdefs" / "templates" / "moe-inspection-2567-2.yaml")
    return report_import(path=SEED).round


def scaled(report, factor: int):
    """The report with every agency replicated `factor` times (copies named "… ชุด k")."""
    from tidtam.formdefs.aggregation import compute_totals
    from tidtam.orgs.models import OrgUnit
    from tidtam.reports.assembly import AgencyText, ProblemGroup, TableRow

    big = copy.copy(report)
    clones: dict[tuple[int, int], OrgUnit] = {}

    def clone(agency: OrgUnit, k: int) -> OrgUnit:
        if k == 0:
            return agency
        key = (agency.pk, k)
        if key not in clones:
            clones[key] = OrgUnit(
                pk=None,
                kind=agency.kind,
                code=f"{agency.code}-{k}",
                name=f"{agency.name} ชุด {k + 1}",
                agency_kind=agency.agency_kind,
            )
        return clones[key]

    def label(text: str, k: int) -> str:
        return text if k == 0 else f"{text} ชุด {k + 1}"

    items = []
    for block in report.items:
        b = copy.copy(block)
        if block.table is not None:
            t = copy.copy(block.table)
            t.rows = [
                TableRow(clone(r.agency, k), label(r.label, k), dict(r.values), r.note)
                for k in range(factor)
                for r in block.table.rows
            ]
            t.total = compute_totals(t.columns, [r.values for r in t.rows])
            b.table = t

        def texts(entries):
            return [
                AgencyText(clone(e.agency, k), label(e.label, k), e.text)
                for k in range(factor)
                for e in entries
            ]

        b.subtopics = [copy.copy(s) for s in block.subtopics]
        for s, orig in zip(b.subtopics, block.subtopics, strict=True):
            s.entries = texts(orig.entries)
        b.problems = [
            ProblemGroup(clone(g.agency, k), label(g.label, k), g.rows)
            for k in range(factor)
            for g in block.problems
        ]
        b.success_factors = texts(block.success_factors)
        b.recommendations = texts(block.recommendations)
        b.best_practices = texts(block.best_practices)
        items.append(b)
    big.items = items
    big.participants = [copy.copy(p) for k in range(factor) for p in report.participants]
    for i, p in enumerate(big.participants):
        k = i // len(report.participants)
        p.agency, p.label = clone(p.agency, k), label(p.label, k)
    return big


def raw_texts(report) -> list[str]:
    """Every text line of the report, in the report's order (what the baselines write)."""
    from tidtam.reports.exporters.layout import (
        AsOf,
        Footnote,
        FormHeader,
        ProblemsTable,
        ResultsTable,
        report_layout,
    )

    out: list[str] = []
    for item in report_layout(report).items:
        for b in item.blocks:
            if isinstance(b, FormHeader):
                out += [b.title, b.round_line, b.office, b.policy]
            elif isinstance(b, ResultsTable):
                out += ["\t".join(row) for row in [b.header, *b.rows, b.total]]
            elif isinstance(b, ProblemsTable):
                out.append("\t".join(b.header))
                for g in b.groups:
                    if g.heading:
                        out.append(g.heading)
                    out += ["\t".join(r) for r in g.rows]
            elif isinstance(b, Footnote):
                out += b.lines
            elif isinstance(b, AsOf) or hasattr(b, "text"):
                out.append(b.text)
    return out


def baseline_docx(lines: list[str], path: Path) -> None:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))


def baseline_pdf(lines: list[str], path: Path, workdir: Path) -> None:
    from html import escape

    from tidtam.reports.exporters.pdf import html_to_pdf

    html = (
        "<!doctype html><html lang='th'><meta charset='utf-8'><body>"
        + "".join(f"<p>{escape(line)}</p>" for line in lines)
        + "</body></html>"
    )
    html_to_pdf(html, path, workdir=workdir)


def baseline_xlsx(lines: list[str], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in lines:
        ws.append(line.split("\t"))
    wb.save(path)


RAW_DUMP = """
import sys
from docx import Document
doc = Document()
for line in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    doc.add_paragraph(line)
doc.save(sys.argv[2])
"""


def process_startup(work: Path, key: str, lines: list[str], runs: int) -> tuple[float, float]:
    """(whole `tidtam export … --format docx` process, whole raw python-docx dump process), medians."""
    text = work / "lines.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    env = dict(os.environ)
    export = [
        sys.executable,
        str(ROOT / "manage.py"),
        "export",
        key,
        "--format",
        "docx",
        "-o",
        str(work / "p.docx"),
    ]
    raw = [sys.executable, "-c", RAW_DUMP, str(text), str(work / "p-raw.docx")]

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, check=True, env=env, cwd=ROOT, capture_output=True)  # noqa: S603

    return median_time(lambda: run(export), runs), median_time(lambda: run(raw), runs)


def process_tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its live descendants (with the children they reaped); Linux /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = sum(int(x) for x in fields[11:15]) / tick
    tree, grown = {pid}, True
    while grown:
        grown = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grown = True
    return sum(cpu.get(p, 0.0) for p in tree)


def pdf_cpu_time(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Medians of (wall s, this process's CPU s, Chromium's CPU s) of `fn`, a PDF export."""
    from tidtam.common import chromium

    close, close_later = chromium.Browser.close, chromium.Browser.close_in_background
    seen: list[float] = []

    def sample(browser) -> None:
        if Path("/proc/self/stat").exists():
            seen.append(process_tree_cpu(browser.proc.pid))

    def measured_close(browser) -> None:
        sample(browser)
        close(browser)

    def measured_close_later(browser, then=None) -> None:
        sample(browser)
        close_later(browser, then)

    samples = []
    chromium.Browser.close, chromium.Browser.close_in_background = measured_close, measured_close_later
    try:
        for _ in range(runs):
            seen.clear()
            own, started = sum(os.times()[:2]), time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started, sum(os.times()[:2]) - own, sum(seen)))
    finally:
        chromium.Browser.close, chromium.Browser.close_in_background = close, close_later
    return tuple(statistics.median(column) for column in zip(*samples, strict=True))


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def print_pdf_cpu(measured: tuple[float, float, float]) -> None:
    wall, own, browser_cpu = measured
    print(
        f"PDF รอบตัวอย่าง 5 ครั้ง (มัธยฐาน): {wall:.2f} s, CPU {own + browser_cpu:.2f} s "
        f"(Python {own:.2f} s + Chromium {browser_cpu:.2f} s), load average {os.getloadavg()[0]:.1f} "
        f"บน {os.cpu_count()} คอร์"
    )


def pdf_seed(report, work: Path) -> None:
    """The seed round's PDF alone: against 3 s and against the plain one-pass print of its text."""
    from tidtam.reports.exporters.pdf import pdf_available, write_pdf

    if not pdf_available():
        print("ไม่พบ Chromium: ข้าม PDF")
        return
    measured = pdf_cpu_time(lambda: write_pdf(report, work / "r.pdf"), 5)
    lines = raw_texts(report)
    base = median_time(lambda: baseline_pdf(lines, work / "b.pdf", work), 3, warmup=0)
    print(
        f"PDF รอบตัวอย่าง: {measured[0]:.2f} s (เป้าหมาย < 3 s, {measured[0] / 3:.0%} ของเป้าหมาย), "
        f"ฐานเปรียบเทียบ (HTML ธรรมดา พิมพ์ครั้งเดียว) {base:.2f} s, อัตราส่วน {measured[0] / base:.2f}x"
    )
    print_pdf_cpu(measured)
    print(f"{'ผ่าน' if measured[0] < 3 else 'ไม่ผ่าน'}: PDF < 3 s (seed)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--pdf-seed", action="store_true", help="only the seed round's PDF (a minute)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tidtam-report-bench-") as tmp:
        work = Path(tmp)
        print("เตรียมฐานข้อมูลชั่วคราวและนำเข้ารอบตัวอย่าง…", flush=True)
        print(f"load average ตอนเริ่ม {os.getloadavg()[0]:.1f} บน {os.cpu_count()} คอร์", flush=True)
        setup_django(work)
        round_ = load_seed()

        from tidtam.reports.assembly import round_report
        from tidtam.reports.exporters.docx import write_docx
        from tidtam.reports.exporters.pdf import pdf_available, write_pdf
        from tidtam.reports.exporters.xlsx import write_xlsx

        assembled = round_report(round_=round_)
        if args.pdf_seed:
            pdf_seed(assembled, work)
            return
        t_assemble = median_time(lambda: round_report(round_=round_), args.runs)
        reports = {"seed": assembled, "10x": scaled(assembled, 10)}
        results: dict[str, dict[str, tuple[float, float]]] = {}
        pdf_seed_cpu: tuple[float, float, float] | None = None
        for name, report in reports.items():
            lines = raw_texts(report)
            chars = sum(len(x) for x in lines)
            print(f"[{name}] {len(lines):,} บรรทัด {chars:,} ตัวอักษร", flush=True)
            runs = args.runs if name == "seed" else max(2, args.runs // 2)
            res = results.setdefault(name, {})
            res["docx"] = (
                median_time(lambda r=report: write_docx(r, work / "r.docx"), runs),
                median_time(lambda ls=lines: baseline_docx(ls, work / "b.docx"), runs),
            )
            print(f"  docx {res['docx'][0]:.3f} s (baseline {res['docx'][1]:.3f} s)", flush=True)
            res["xlsx"] = (
                median_time(lambda r=report: write_xlsx(r, work / "r.xlsx"), runs),
                median_time(lambda ls=lines: baseline_xlsx(ls, work / "b.xlsx"), runs),
            )
            print(f"  xlsx {res['xlsx'][0]:.3f} s (baseline {res['xlsx'][1]:.3f} s)", flush=True)
            if not args.skip_pdf and pdf_available():
                if name == "seed":
                    pdf_seed_cpu = pdf_cpu_time(lambda r=report: write_pdf(r, work / "r.pdf"), 5)
                    exported = pdf_seed_cpu[0]
                else:
                    exported = median_time(lambda r=report: write_pdf(r, work / "r.pdf"), 2, warmup=0)
                res["pdf"] = (
                    exported,
                    median_time(lambda ls=lines: baseline_pdf(ls, work / "b.pdf", work), 3, warmup=0),
                )
                print(f"  pdf  {res['pdf'][0]:.3f} s (baseline {res['pdf'][1]:.3f} s)", flush=True)

        t_process, t_raw_process = process_startup(work, round_.key, raw_texts(assembled), args.runs)
        print()
        print(f"รวบรวมรายงาน (round_report, seed): {t_assemble * 1000:.0f} ms")
        print(
            f"ทั้งโปรเซส: tidtam export --format docx {t_process:.3f} s, python-docx เขียนข้อความเดียวกัน "
            f"{t_raw_process:.3f} s, อัตราส่วน {t_process / t_raw_process:.2f}x"
        )
        print(f"{'format':<6} {'round':<5} {'median s':>9} {'baseline s':>11} {'ratio':>6} {'10x/seed':>9}")
        for fmt in ("docx", "pdf", "xlsx"):
            for name in ("seed", "10x"):
                if fmt not in results[name]:
                    continue
                t, base = results[name][fmt]
                growth = f"{t / results['seed'][fmt][0]:.1f}x" if name == "10x" else ""
                print(f"{fmt:<6} {name:<5} {t:>9.3f} {base:>11.3f} {t / base:>5.2f}x {growth:>9}")
        seed = results["seed"]
        if "pdf" in seed:
            t, base = seed["pdf"]
            print(
                f"PDF รอบตัวอย่าง: {t:.2f} s (เป้าหมาย < 3 s, {t / 3:.0%} ของเป้าหมาย), "
                f"ฐานเปรียบเทียบ (HTML ธรรมดา พิมพ์ครั้งเดียว) {base:.2f} s, อัตราส่วน {t / base:.2f}x"
            )
        if pdf_seed_cpu:
            print_pdf_cpu(pdf_seed_cpu)
        verdicts = [
            ("DOCX ≤ 2× baseline (seed)", seed["docx"][0] <= 2 * seed["docx"][1]),
            ("DOCX < 2 s (seed)", seed["docx"][0] < 2),
        ]
        if "pdf" in seed:
            verdicts.append(("PDF < 3 s (seed)", seed["pdf"][0] < 3))
        verdicts.append(
            ("tidtam export docx process ≤ 3× raw python-docx process", t_process <= 3 * t_raw_process)
        )
        for label, ok in verdicts:
            print(f"{'ผ่าน' if ok else 'ไม่ผ่าน'}: {label}")


if __name__ == "__main__":
    main()
