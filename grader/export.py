"""Back to the LMS: grades in Canvas's and Moodle's import formats, feedback zips to return.

``python -m grader export ASSIGNMENT --lms canvas|moodle --roster ROSTER`` (``make export``)
writes, into ``grades/``:

- Canvas: ``<id>-canvas.csv`` (``--all``: ``all-canvas.csv``), Canvas's gradebook layout
  (``Student, ID, SIS User ID, SIS Login ID, Section`` and one column per assignment), for
  Grades > Import;
- Moodle, one assignment: ``<id>-moodle.csv``, Moodle's grading worksheet (``Identifier,
  Full name, Email address, Grade, Maximum Grade, Feedback comments``), for the assignment's
  "Upload grading worksheet"; ``--all``: ``all-moodle.csv`` (``Email address`` and a column per
  assignment) for the gradebook's CSV import;
- feedback: ``feedback-<id>/<student_id>.zip`` per student, and for Moodle
  ``feedback-<id>-moodle.zip`` in the layout of its "Upload multiple feedback files in a zip".

The grade is the score after the late penalty; a student without a graded submission gets an
empty cell (the LMS leaves the grade as it is).
"""

import csv
import io
import zipfile
from pathlib import Path

from grader.course import course_directory, load_config
from grader.roster import read_roster

__all__ = ["ExportError", "export"]


class ExportError(ValueError):
    """An unknown LMS, or an assignment the gradebook does not hold; exit code 2."""

    exit_code = 2


def _final_scores(cd, assignments):
    """``{assignment: ({student_id: final score}, max score)}`` read from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    found = {}
    with Gradebook(cd.db_url, cd.course_id) as gb:
        for assignment in assignments:
            try:
                max_score = float(gb.find_assignment(assignment).max_score)
            except MissingEntry:
                raise ExportError(
                    f"{assignment} is not in the gradebook: run `make release`"
                ) from None
            scores = {}
            for sub in gb.assignment_submissions(assignment):
                penalty = sum(float(nb.late_submission_penalty or 0) for nb in sub.notebooks)
                scores[sub.student.id] = max(0.0, float(sub.score) - penalty)
            found[assignment] = (scores, max_score)
    return found


def _fmt(value):
    return "" if value is None else f"{value:g}"


def _write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _canvas(path, students, found):
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *found]
    rows = [
        [
            s.name or s.student_id,
            s.canvas_id,
            "",
            s.sis_login_id,
            s.section,
            *(_fmt(scores.get(s.student_id)) for scores, _ in found.values()),
        ]
        for s in students
        if s.canvas_id
    ]
    return _write_csv(path, header, rows)


def _moodle(path, students, found, feedback_note):
    if len(found) == 1:
        ((scores, max_score),) = found.values()
        header = [
            "Identifier",
            "Full name",
            "Email address",
            "Grade",
            "Maximum Grade",
            "Feedback comments",
        ]
        rows = [
            [
                f"Participant {s.moodle_id}",
                s.name,
                s.email,
                _fmt(scores.get(s.student_id)),
                _fmt(max_score),
                feedback_note if s.student_id in scores else "",
            ]
            for s in students
            if s.moodle_id
        ]
    else:
        header = ["Email address", *found]
        rows = [
            [s.email, *(_fmt(scores.get(s.student_id)) for scores, _ in found.values())]
            for s in students
            if s.email
        ]
    return _write_csv(path, header, rows)


def _feedback_zips(cd, assignment, students, out, lms):
    """One zip per student with the feedback pages; for Moodle also its bulk-upload zip."""
    written = []
    bulk = None
    if lms == "moodle":
        bulk = zipfile.ZipFile(out / f"feedback-{assignment}-moodle.zip", "w", zipfile.ZIP_DEFLATED)
    try:
        for s in students:
            folder = Path(cd.format_path(cd.feedback_directory, s.student_id, assignment))
            pages = sorted(p for p in folder.glob("*.html")) if folder.is_dir() else []
            if not pages:
                continue
            target = out / f"feedback-{assignment}" / f"{s.student_id}.zip"
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                for page in pages:
                    zf.write(page, f"{assignment}/{page.name}")
            written.append(target)
            if bulk is not None and s.moodle_id:
                for page in pages:
                    bulk.write(
                        page,
                        f"{s.name or s.student_id}_{s.moodle_id}_assignsubmission_file_/{page.name}",
                    )
    finally:
        if bulk is not None:
            bulk.close()
    return written


def export(*, course: Path, assignments: list, lms: str, roster: Path, output: Path = None) -> list:
    """Write the grade file (and, for one assignment, the feedback zips) for an LMS.

    Args:
        course: the course root.
        assignments: the assignment ids (one, or every assignment for a whole-course file).
        lms: ``"canvas"`` or ``"moodle"``.
        roster: the roster CSV (:func:`grader.roster.read_roster`).
        output: the folder to write to (default: ``grades/`` in the course).

    Returns:
        list of Path: the files written, the grade file first.

    Raises:
        ExportError: an unknown LMS, or an assignment not in the gradebook.
        grader.roster.RosterError: the roster cannot be read.
    """
    if lms not in ("canvas", "moodle"):
        raise ExportError(f"unknown LMS {lms!r}: canvas or moodle")
    cd = course_directory(load_config(course))
    students = read_roster(roster)
    found = _final_scores(cd, assignments)
    out = Path(output) if output else Path(course) / "grades"
    name = assignments[0] if len(assignments) == 1 else "all"
    path = out / f"{name}-{lms}.csv"
    note = "Autograded: the feedback page lists every check with its message."
    written = [
        _canvas(path, students, found) if lms == "canvas" else _moodle(path, students, found, note)
    ]
    if len(assignments) == 1:
        written += _feedback_zips(cd, assignments[0], students, out, lms)
    return written
