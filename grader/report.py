"""What the instructor reads: a progress line per student, the table, the CSV."""

import csv
import io
from pathlib import Path

from grader.records import GRADED, MANUAL, UNGRADABLE

__all__ = [
    "CSV_FIELDS",
    "elapsed",
    "fmt_score",
    "format_table",
    "print_summary",
    "progress_line",
    "write_csv",
]

CSV_FIELDS = [
    "student_id",
    "status",
    "score",
    "max_score",
    "late_penalty",
    "final_score",
    "days_late",
    "submitted_at",
    "failed_checks",
    "reason",
]


def fmt_score(value):
    """A score as the report prints it ('' for none, no trailing zeros)."""
    return "" if value is None else f"{value:g}"


def elapsed(seconds):
    """Seconds as ``H:MM:SS``."""
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _score(result):
    return (
        f"{fmt_score(result.score)}/{fmt_score(result.max_score)}"
        if result.score is not None
        else "-"
    )


def progress_line(result, *, done, total, seconds):
    """``[12/200] s012: graded 6/8 (4.9 s; elapsed 0:01:02; 11.6/min; ~0:16:10 left)``."""
    rate = done / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    return (
        f"[{done:>{len(str(total))}}/{total}] {result.student}: {result.status} {_score(result)} "
        f"({result.seconds:.1f} s; elapsed {elapsed(seconds)}; {rate * 60:.1f}/min; "
        f"~{elapsed(left)} left)"
    )


def write_csv(results, path):
    """One row per student: status, score, late penalty, final score, days late, submission
    time (UTC), checks that lost points, reason.

    Returns:
        Path: the CSV written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in sorted(results, key=lambda r: r.student):
        final = None if r.score is None else max(0.0, r.score - (r.late_penalty or 0))
        writer.writerow(
            {
                "student_id": r.student,
                "status": r.status,
                "score": fmt_score(r.score),
                "max_score": fmt_score(r.max_score),
                "late_penalty": fmt_score(r.late_penalty),
                "final_score": fmt_score(final),
                "days_late": "" if r.late_days is None else r.late_days,
                "submitted_at": r.timestamp.strftime("%Y-%m-%d %H:%M:%S UTC")
                if r.late_days is not None
                else "",
                "failed_checks": ";".join(r.failed),
                "reason": r.reason,
            }
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def format_table(results):
    """The per-student table printed at the end."""
    rows = [("student", "status", "score", "reason")]
    for r in sorted(results, key=lambda r: r.student):
        rows.append((r.student, r.status, _score(r), r.reason or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 6)
    return "\n".join(lines)


def print_summary(results, *, seconds, csv_path, feedback, out):
    """The table, the counts by status, and where the CSV and the feedback are."""
    counts = {s: sum(r.status == s for r in results) for s in (GRADED, MANUAL, UNGRADABLE)}
    rate = len(results) / max(seconds, 1e-9) * 60
    print("\n" + format_table(results), file=out)
    print(
        f"\n{len(results)} submissions in {elapsed(seconds)} ({rate:.1f}/min): "
        f"{counts[GRADED]} graded, {counts[MANUAL]} need a manual grade, "
        f"{counts[UNGRADABLE]} ungradable",
        file=out,
    )
    print(f"Grades: {csv_path}   Feedback: {feedback}", file=out, flush=True)
