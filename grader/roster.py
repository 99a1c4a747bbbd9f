"""The class roster: who is who in the LMS and in the course.

A CSV the instructor gives, one row per student. Columns (header names, any order):

- ``student_id`` (required): the id the course uses (``submitted/<student_id>/``, the gradebook);
- ``canvas_id``: Canvas's numeric user id (the ``ID`` column of Canvas's gradebook export; the
  number in the file names of Canvas's "Download submissions");
- ``moodle_id``: Moodle's participant number (``Participant 123456`` in Moodle's grading
  worksheet; the number in the file names of Moodle's "Download all submissions");
- ``name``, ``email``, ``sis_login_id``, ``section``: optional, copied to the grade exports.

Canvas's own gradebook export (``Student, ID, SIS User ID, SIS Login ID, Section``) is read as a
roster too: ``student_id`` is then the SIS Login ID (or the SIS User ID, or the Canvas id).
"""

import csv
import dataclasses
from pathlib import Path

__all__ = ["RosterError", "Student", "read_roster"]


class RosterError(ValueError):
    """The roster cannot be read or has no usable columns; exit code 2."""

    exit_code = 2


@dataclasses.dataclass(frozen=True)
class Student:
    """One row of the roster."""

    student_id: str
    canvas_id: str = ""
    moodle_id: str = ""
    name: str = ""
    email: str = ""
    sis_login_id: str = ""
    section: str = ""


def _from_canvas_export(row):
    sis = (row.get("SIS Login ID") or row.get("SIS User ID") or "").strip()
    return Student(
        student_id=sis or row["ID"].strip(),
        canvas_id=row["ID"].strip(),
        name=(row.get("Student") or "").strip(),
        sis_login_id=sis,
        section=(row.get("Section") or "").strip(),
    )


def _from_course_roster(row):
    fields = {f.name for f in dataclasses.fields(Student)}
    return Student(**{k: (v or "").strip() for k, v in row.items() if k in fields})


def read_roster(path: Path) -> list:
    """Read a roster CSV (the course's format or Canvas's gradebook export).

    Args:
        path: the CSV file.

    Returns:
        list of :class:`Student`, in file order.

    Raises:
        RosterError: no such file, no ``student_id`` (or Canvas ``ID``) column, an empty or
            repeated student id.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"no roster at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = rows[0].keys() if rows else []
    if "student_id" in header:
        make = _from_course_roster
    elif "ID" in header and "Student" in header:
        make = _from_canvas_export
        rows = [r for r in rows if (r.get("ID") or "").strip().isdigit()]  # skip "Points Possible"
    else:
        raise RosterError(
            f"{path}: no student_id column (nor Canvas's Student and ID columns); "
            f"found {', '.join(header) or 'no header'}"
        )
    students = [make(row) for row in rows]
    seen = set()
    for number, student in enumerate(students, 2):
        if not student.student_id:
            raise RosterError(f"{path}, line {number}: empty student_id")
        if student.student_id in seen:
            raise RosterError(f"{path}, line {number}: student_id {student.student_id} twice")
        seen.add(student.student_id)
    return students
