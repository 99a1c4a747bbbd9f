"""From an LMS download to ``submitted/``: ``python -m grader collect`` (``make collect``).

Reads a bulk download of one assignment from Canvas ("Download Submissions") or Moodle
("Download all submissions", with or without folders), recognised from its file names:

- Canvas: ``<name>[_LATE]_<canvas_id>_<submission_id>_<file name>``;
- Moodle: ``<Full Name>_<participant>_assignsubmission_file_[/]<file name>``.

Each file is mapped to a student through the roster (:mod:`grader.roster`), checked (a
notebook? of this assignment?) and put at ``submitted/<student_id>/<assignment>/<assignment>.ipynb``
with the submission time in ``timestamp.txt`` when the LMS records it: from a times CSV (Moodle's
grading worksheet, or ``lms_id,submitted_at``), since neither download carries times in its
file names. Every file that cannot be placed is reported with the reason; nothing stops the
rest (nbgrader's ``zip_collect`` does the same job for one fixed file-name pattern without the
roster, the checks or the report).
"""

import csv
import dataclasses
import datetime
import json
import re
import zipfile
import zoneinfo
from pathlib import Path

from grader import markup
from grader.roster import read_roster

__all__ = ["CollectError", "Collected", "collect", "recognise"]

_CANVAS = re.compile(
    r"^(?P<name>[^_/]+)(?P<late>_LATE)?_(?P<lms_id>\d+)_(?P<sub>\d+)_(?P<file>[^/]+)$"
)
_MOODLE = re.compile(
    r"^(?P<name>[^/]+?)_(?P<lms_id>\d+)_assignsubmission_(?:file|onlinetext)_/?(?P<file>[^/]+)$"
)


class CollectError(Exception):
    """The download cannot be read at all (not a zip, no known layout); exit code 2."""

    exit_code = 2


@dataclasses.dataclass
class Collected:
    """What :func:`collect` did: placed files and the ones it could not place."""

    lms: str
    placed: list = dataclasses.field(
        default_factory=list
    )  # (student_id, zip entry, submitted_at or None)
    problems: list = dataclasses.field(default_factory=list)  # (zip entry, reason)
    notes: list = dataclasses.field(default_factory=list)  # (student_id, note)


def recognise(names):
    """``(lms, {zip entry: match})``: the layout most of the file names follow.

    Raises:
        CollectError: when no file name follows Canvas's or Moodle's layout.
    """
    files = [n for n in names if not n.endswith("/") and not Path(n).name.startswith(".")]
    found = {
        lms: {n: m for n in files if (m := pattern.match(n))}
        for lms, pattern in (("canvas", _CANVAS), ("moodle", _MOODLE))
    }
    lms = max(found, key=lambda k: len(found[k]))
    if not found[lms]:
        raise CollectError(
            "no file name follows Canvas's (name_ID_SUBMISSION_file) or Moodle's "
            "(Full Name_PARTICIPANT_assignsubmission_file_) download layout"
        )
    return lms, found[lms]


def _grade_ids(data):
    """The nbgrader grade ids of a notebook's bytes, or None when they are not a notebook."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    ids = (markup.grade_id(cell=cell) for cell in (cells if isinstance(cells, list) else []))
    return {gid for gid in ids if gid}


def _release_ids(course):
    """``{assignment: grade ids}`` of every released notebook of the course."""
    ids = {}
    for path in sorted(Path(course, "notebooks").glob("*/*.ipynb")):
        ids[path.parent.name] = _grade_ids(path.read_bytes()) or set()
    return ids


def read_times(path, timezone):
    """``{lms_id: aware datetime}`` from Moodle's grading worksheet or an ``lms_id,submitted_at`` CSV."""
    zone = zoneinfo.ZoneInfo(timezone)
    times = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (
                "Identifier" in row
            ):  # Moodle: "Participant 123456", "Monday, 23 November 2026, 10:15 AM"
                lms_id = re.sub(r"\D", "", row["Identifier"])
                text = (row.get("Last modified (submission)") or "").strip()
                when = (
                    None
                    if text in ("", "-")
                    else datetime.datetime.strptime(text, "%A, %d %B %Y, %I:%M %p")
                )
            else:
                lms_id, text = row["lms_id"].strip(), row["submitted_at"].strip()
                when = datetime.datetime.fromisoformat(text) if text else None
            if when is not None:
                times[lms_id] = (when if when.tzinfo else when.replace(tzinfo=zone)).astimezone(
                    datetime.timezone.utc
                )
    return times


def _place(course, assignment, student, data, when):
    folder = Path(course) / "submitted" / student / assignment
    replaced = (folder / f"{assignment}.ipynb").exists()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_bytes(data)
    stamp = folder / "timestamp.txt"
    if when is not None:
        stamp.write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC") + "\n")
    elif stamp.exists():
        stamp.unlink()
    return replaced


def _classify(entries, zf, by_lms_id, assignment, releases):
    """``({student_id: [(entry, data, match)]}, problems)`` for the notebooks of this assignment."""
    mine, problems = {}, []
    wanted = releases.get(assignment, set())
    for entry, match in entries.items():
        student = by_lms_id.get(match["lms_id"])
        if student is None:
            problems.append(
                (
                    entry,
                    f"unknown student: LMS id {match['lms_id']} ({match['name']}) is not in the roster",
                )
            )
            continue
        data = zf.read(entry)
        ids = _grade_ids(data)
        if ids is None:
            problems.append((entry, f"not a notebook ({student.student_id}: {match['file']})"))
        elif wanted and not ids & wanted:
            other = max(releases, key=lambda a: len(ids & releases[a]))
            owner = other if ids & releases[other] else None
            what = (
                f"a notebook of {owner}" if owner else "a notebook with none of its exercise cells"
            )
            problems.append((entry, f"{what}, not of {assignment} ({student.student_id})"))
        else:
            mine.setdefault(student.student_id, []).append((entry, data, match))
    return mine, problems


def collect(
    *,
    course: Path,
    assignment: str,
    zip_path: Path,
    roster: Path,
    times: Path = None,
    timezone: str = "UTC",
) -> Collected:
    """Put every notebook of an LMS download at ``submitted/<student>/<assignment>/``.

    Args:
        course: the course root.
        assignment: the assignment id.
        zip_path: the LMS's bulk download.
        roster: the roster CSV (:func:`grader.roster.read_roster`).
        times: a CSV of submission times (Moodle's grading worksheet or ``lms_id,submitted_at``).
        timezone: the IANA time zone of times written without one (Moodle's worksheet).

    Returns:
        Collected: what was placed and, with the reason, what was not.

    Raises:
        CollectError: not a zip file, or no known layout.
        grader.roster.RosterError: the roster cannot be read.
    """
    students = read_roster(roster)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CollectError(f"{zip_path}: not a zip file ({exc})") from None
    with zf:
        lms, entries = recognise(zf.namelist())
        by_lms_id = {getattr(s, f"{lms}_id"): s for s in students if getattr(s, f"{lms}_id")}
        when_by_id = read_times(times, timezone) if times else {}
        result = Collected(lms=lms)
        others = sorted(set(n for n in zf.namelist() if not n.endswith("/")) - set(entries))
        result.problems += [
            (n, "file name follows no known layout (Canvas or Moodle)") for n in others
        ]
        mine, problems = _classify(entries, zf, by_lms_id, assignment, _release_ids(course))
        result.problems += problems
        for student, found in sorted(mine.items()):
            if len(found) > 1:
                names = ", ".join(entry for entry, _, _ in found)
                result.problems += [
                    (
                        entry,
                        f"{len(found)} notebooks of {assignment} for {student} "
                        f"({names}): none placed, ask which to grade",
                    )
                    for entry, _, _ in found
                ]
                continue
            entry, data, match = found[0]
            when = when_by_id.get(match["lms_id"])
            if _place(course, assignment, student, data, when):
                result.notes.append((student, "replaced an earlier collected submission"))
            if match.groupdict().get("late"):
                result.notes.append((student, "Canvas marks it late"))
            result.placed.append((student, entry, when))
    return result
