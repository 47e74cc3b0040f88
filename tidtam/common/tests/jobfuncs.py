"""Job functions for the tests (a job names its function by dotted path, so these live in a module)."""

from tidtam.common.jobs import JobFailed, JobProgress

CALLS: list[dict] = []


def make_file(*, progress: JobProgress, name: str, steps: int = 3) -> dict:
    for step in range(steps):
        progress.update(done=step, total=steps, message=f"ขั้นที่ {step + 1}")
    progress.attach_file(filename=name, content=b"hello " + name.encode(), content_type="text/plain")
    CALLS.append({"name": name, "user": progress.user})
    return {"name": name}


def refuse(*, progress: JobProgress) -> None:
    raise JobFailed("ไม่พบรอบนี้แล้ว")


def crash(*, progress: JobProgress) -> None:
    raise RuntimeError("internal detail that a user must never read")


def odd_result(*, progress: JobProgress) -> object:
    return {"when": object()}
