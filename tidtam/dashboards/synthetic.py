"""Plausible synthetic content for the national test dataset: numbers that respect the template's
rules (outcomes ≤ applications, parts ≤ totals) and Thai narratives composed from phrase lists, so that
search, dashboards and reports meet real words and realistic magnitudes. Pure functions of a
`random.Random`; `services.national_dataset_generate` writes what they return."""

import random
import re
from dataclasses import dataclass
from decimal import Decimal

# The six agency kinds generated per province, in the order of the official report.
KINDS = ("spp", "spm", "opec", "sec", "dole", "vec")
# Kinds that report the results tables of items 9 (quality schools) and 14 (school lunch).
BASIC_EDUCATION = ("spp", "spm")

# Typical size of each kind of agency in a province of average size: (schools, personnel).
KIND_SIZE = {
    "spp": (180, 2600),
    "spm": (30, 1500),
    "opec": (25, 900),
    "sec": (1, 45),
    "dole": (12, 140),
    "vec": (5, 420),
}


@dataclass
class AgencyProfile:
    """An agency's size; the numbers of every round derive from it."""

    kind: str
    schools: int
    personnel: int


def agency_profile(rng: random.Random, kind: str, province_scale: float) -> AgencyProfile:
    schools, personnel = KIND_SIZE[kind]
    f = province_scale * rng.uniform(0.75, 1.25)
    return AgencyProfile(
        kind=kind, schools=max(1, round(schools * f)), personnel=max(5, round(personnel * f))
    )


def series_number(lineage: str) -> int | None:
    """The FY 2567 item number a series started from ("moe-inspection/P1.I6" → 6), which picks the kind
    of numbers generated; None for a series of another form."""
    m = re.search(r"/P\d+\.I(\d+)$", lineage)
    return int(m.group(1)) if m else None


def _part(rng: random.Random, whole: int, low: float, high: float) -> int:
    return min(whole, max(0, round(whole * rng.uniform(low, high))))


def table_values(
    rng: random.Random, item_number: int, profile: AgencyProfile, fiscal_year_be: int, round_number: int
) -> dict[str, Decimal] | None:
    """One agency's row of an item's results table, or None when the agency has no row in it."""
    years = max(0, fiscal_year_be - 2563)  # 0 for the oldest generated year
    drift = 1 + 0.015 * years
    schools = max(1, round(profile.schools * drift * rng.uniform(0.98, 1.02)))
    personnel = max(5, round(profile.personnel * drift * rng.uniform(0.97, 1.03)))
    cumulative = 1.0 if round_number == 1 else rng.uniform(1.4, 1.9)  # round 2 counts the whole year so far
    values: dict[str, int | Decimal]
    if item_number == 1:
        submitted = round(personnel * (0.02 + 0.02 * years) * cumulative * rng.uniform(0.7, 1.3))
        passed = _part(rng, submitted, 0.55, 0.85)
        failed = _part(rng, submitted - passed, 0.05, 0.4)
        pending = _part(rng, submitted - passed - failed, 0.2, 0.7)
        awaiting = _part(rng, submitted - passed - failed - pending, 0.0, 1.0)
        values = {
            "dpa_submitted": submitted,
            "dpa_passed": passed,
            "dpa_failed": failed,
            "dpa_pending_committee": pending,
            "dpa_awaiting_committee": awaiting,
        }
    elif item_number == 2:
        submitted = round(personnel * rng.uniform(0.004, 0.02) * cumulative)
        values = {"tms_submitted": submitted, "tms_matched": _part(rng, submitted, 0.1, 0.6)}
    elif item_number == 3:
        values = {
            "personnel_total": personnel,
            "debt_restructuring_registered": _part(rng, personnel, 0.01, 0.12),
        }
    elif item_number == 4:
        sufficient = _part(rng, schools, 0.55 + 0.05 * years, 0.95)
        values = {
            "schools_total": schools,
            "schools_sufficient": sufficient,
            "schools_insufficient": _part(rng, schools - sufficient, 0.7, 1.0),
        }
    elif item_number == 5:
        done = _part(rng, schools, 0.6, 1.0)
        values = {
            "schools_total": schools,
            "schools_done": done,
            "schools_in_progress": _part(rng, schools - done, 0.0, 1.0),
        }
    elif item_number == 6:
        allotted = _part(rng, schools, 0.2, 0.6)
        values = {
            "schools_total": schools,
            "janitor_allotted": allotted,
            "janitor_recruited": _part(rng, allotted, 0.7, 1.0),
            "janitor_not_allotted_has": _part(rng, schools - allotted, 0.1, 0.5),
        }
    elif item_number == 9 and profile.kind in BASIC_EDUCATION:
        quality = min(schools, rng.randint(1, 8))
        score = Decimal(str(round(rng.uniform(72, 92) + 1.2 * years, 2)))
        values = {
            "quality_schools": quality,
            "readiness_score_avg": min(score, Decimal("100")),
            "investment_2566": _money(rng, quality),
            "investment_2567": _money(rng, quality),
        }
    elif item_number == 14 and profile.kind in BASIC_EDUCATION:
        extended = _part(rng, schools, 0.15, 0.45)
        values = {
            "schools_total": schools,
            "schools_extended": extended,
            "students_kg_primary_funded": round(extended * rng.uniform(80, 160)),
            "students_extended_funded": round(extended * rng.uniform(40, 90)),
        }
    else:
        return None
    return {k: Decimal(v) for k, v in values.items()}


def _money(rng: random.Random, schools: int) -> int:
    # round(float, -2) gives a float; the amount is a whole number of baht either way.
    return int(round(schools * rng.uniform(300_000, 2_500_000), -2))


# --- narratives -------------------------------------------------------------------------------------

ACTIVITIES = [
    "ประชุมชี้แจงผู้บริหารสถานศึกษาและครูผู้รับผิดชอบ",
    "จัดอบรมเชิงปฏิบัติการให้แก่ครูและบุคลากรทางการศึกษา",
    "นิเทศ ติดตาม และให้คำปรึกษาแก่สถานศึกษาทั้งแบบออนไลน์และลงพื้นที่",
    "จัดทำคู่มือและแนวทางการดำเนินงานเผยแพร่ให้สถานศึกษาในสังกัด",
    "แต่งตั้งคณะทำงานขับเคลื่อนนโยบายระดับเขตพื้นที่",
    "สร้างเครือข่ายชุมชนการเรียนรู้ทางวิชาชีพ (PLC) ระหว่างสถานศึกษา",
    "ประสานความร่วมมือกับหน่วยงานภาครัฐ ภาคเอกชน และองค์กรปกครองส่วนท้องถิ่น",
    "สำรวจข้อมูลและจัดทำฐานข้อมูลเพื่อใช้วางแผนการดำเนินงาน",
    "ประชาสัมพันธ์ผ่านเว็บไซต์ เพจเฟซบุ๊ก และกลุ่มไลน์ของหน่วยงาน",
]
RESULTS = [
    "ครูและบุคลากรทางการศึกษามีความรู้ความเข้าใจและปฏิบัติได้ถูกต้องมากขึ้น",
    "สถานศึกษาดำเนินการได้ตามแผนและตามกรอบระยะเวลาที่กำหนด",
    "ผู้เรียนได้รับโอกาสทางการศึกษาอย่างทั่วถึงและเสมอภาค",
    "ลดภาระงานที่ไม่จำเป็นของครู ทำให้ครูมีเวลาจัดการเรียนรู้มากขึ้น",
    "ผู้ปกครองและชุมชนมีส่วนร่วมในการจัดการศึกษามากขึ้น",
    "การติดตามและรายงานผลมีความถูกต้อง รวดเร็ว และตรวจสอบได้",
]
# (problem, solution, expected result): X.2 rows.
PROBLEMS = [
    (
        "ขาดงบประมาณในการดำเนินงานและจัดกิจกรรมตามนโยบาย",
        "จัดสรรงบประมาณจากแผนปฏิบัติการและระดมทรัพยากรจากภาคเอกชน",
        "มีงบประมาณเพียงพอต่อการดำเนินกิจกรรมตามแผน",
    ),
    (
        "ขาดแคลนครูในสาขาวิชาหลัก โดยเฉพาะคณิตศาสตร์ วิทยาศาสตร์ และภาษาอังกฤษ",
        "เสนอขอจัดสรรอัตรากำลังเพิ่มและจ้างครูอัตราจ้างชั่วคราว",
        "สถานศึกษามีครูครบตามเกณฑ์และจัดการเรียนการสอนได้ต่อเนื่อง",
    ),
    (
        "สัญญาณอินเทอร์เน็ตไม่เสถียรในพื้นที่ห่างไกล ทำให้ใช้ระบบออนไลน์ไม่สะดวก",
        "ประสานผู้ให้บริการเครือข่ายเพื่อขยายสัญญาณและติดตั้งอุปกรณ์กระจายสัญญาณ",
        "สถานศึกษาเข้าถึงอินเทอร์เน็ตได้อย่างเสถียรและใช้ระบบได้ตลอดเวลา",
    ),
    (
        "อุปกรณ์คอมพิวเตอร์และสื่อเทคโนโลยีไม่เพียงพอต่อจำนวนนักเรียน",
        "จัดหาอุปกรณ์เพิ่มเติมและขอรับบริจาคจากภาคเอกชนและศิษย์เก่า",
        "ผู้เรียนมีอุปกรณ์เพียงพอต่อการเรียนรู้",
    ),
    (
        "ครูมีภาระงานเอกสารและงานนอกเหนือการสอนจำนวนมาก",
        "ปรับลดงานที่ซ้ำซ้อนและใช้ระบบสารสนเทศรวบรวมข้อมูลครั้งเดียว",
        "ครูมีเวลาในการจัดการเรียนรู้ให้ผู้เรียนมากขึ้น",
    ),
    (
        "ครูบางส่วนยังไม่คุ้นเคยกับการใช้ระบบ DPA และการจัดทำหลักฐานดิจิทัล",
        "จัดคลินิกให้คำปรึกษาและอบรมการใช้ระบบเป็นกลุ่มย่อย",
        "ครูยื่นคำขอผ่านระบบได้ถูกต้องและครบถ้วน",
    ),
    (
        "การประสานงานระหว่างหน่วยงานล่าช้า ข้อมูลไม่ตรงกัน",
        "กำหนดผู้ประสานงานหลักและจัดประชุมติดตามงานทุกเดือน",
        "การดำเนินงานเป็นไปในทิศทางเดียวกันและทันเวลา",
    ),
    (
        "อาคารเรียนและห้องปฏิบัติการชำรุดทรุดโทรม",
        "เสนอของบลงทุนเพื่อซ่อมแซมและปรับปรุงอาคาร",
        "สถานศึกษามีสภาพแวดล้อมที่ปลอดภัยและเอื้อต่อการเรียนรู้",
    ),
]
SUCCESS_FACTORS = [
    "ผู้บริหารให้ความสำคัญและติดตามการดำเนินงานอย่างใกล้ชิด",
    "ครูและบุคลากรทางการศึกษามีความมุ่งมั่นและร่วมมือกันเป็นอย่างดี",
    "ได้รับความร่วมมือจากผู้ปกครอง ชุมชน และภาคีเครือข่าย",
    "มีการวางแผนและกำหนดผู้รับผิดชอบที่ชัดเจน",
    "ใช้เทคโนโลยีดิจิทัลในการบริหารจัดการและติดตามผล",
]
RECOMMENDATIONS = [
    "ควรจัดสรรงบประมาณให้เพียงพอและทันต่อการดำเนินงาน",
    "ควรลดการขอข้อมูลซ้ำซ้อนจากหลายหน่วยงาน",
    "ควรพัฒนาระบบสารสนเทศให้เชื่อมโยงข้อมูลระหว่างหน่วยงาน",
    "ควรจัดสรรอัตรากำลังครูให้ครบตามเกณฑ์ในพื้นที่ขาดแคลน",
    "ควรสนับสนุนอุปกรณ์และเครือข่ายอินเทอร์เน็ตให้สถานศึกษาขนาดเล็ก",
]
BEST_PRACTICES = [
    "รูปแบบการนิเทศแบบกัลยาณมิตรผ่านเครือข่ายออนไลน์",
    "โครงการหนึ่งโรงเรียนหนึ่งนวัตกรรม",
    "ศูนย์การเรียนรู้ชุมชนร่วมกับภาคเอกชนในพื้นที่",
    "ระบบติดตามผู้เรียนรายบุคคลด้วยแอปพลิเคชัน",
    "ธนาคารหน่วยกิตเชื่อมโยงการเรียนรู้ตลอดชีวิต",
]


def narrative(rng: random.Random, agency_name: str, topic: str) -> str:
    """A paragraph in the style of X.1: who did what about the topic, how, and with what result."""
    first, second = rng.sample(ACTIVITIES, 2)
    result = rng.choice(RESULTS)
    count = rng.randint(2, 40)
    return (
        f"{agency_name} ได้ดำเนินการเรื่อง{topic.rstrip()} โดย{first} และ{second} รวม {count} ครั้ง ส่งผลให้{result}"
    )


def problems(rng: random.Random) -> list[tuple[str, str, str]]:
    return rng.sample(PROBLEMS, rng.choice((0, 1, 1, 2)))


def success_factors(rng: random.Random) -> str:
    return " ".join(rng.sample(SUCCESS_FACTORS, rng.randint(1, 2)))


def recommendations(rng: random.Random) -> str:
    return rng.choice(RECOMMENDATIONS) if rng.random() < 0.8 else ""


def best_practices(rng: random.Random) -> str:
    return rng.choice(BEST_PRACTICES) if rng.random() < 0.35 else ""


def topic_of(title: str, limit: int = 60) -> str:
    """A sub-topic or item title short enough to sit inside a sentence."""
    text = title.split("(")[0].strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]
