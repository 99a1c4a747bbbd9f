"""From an LMS download to LMS-importable grades, with the three documented commands.

A synthetic Canvas download (made here from the fixture lesson: no real student data) of five
files: an on-time solution, an on-time wrong answer, a solution two days late, an unknown
student and a file that is not a notebook. With a due date and a per-day penalty configured,
`python -m grader collect`, `grade` and `export` must place three notebooks and name the other
two with their reasons, apply the late penalty, and write Canvas and Moodle grade files and
feedback zips that read back with the right score for every student.
"""

import csv
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.grader import cases
from tests.support import BIN, hermetic_env

pytestmark = pytest.mark.slow

A = cases.ASSIGNMENT
DUE = "2026-11-20T12:00:00+00:00"
ROSTER = (
    "student_id,canvas_id,moodle_id,name,email\n"
    "ontime,1001,2001,On Time,ontime@example.edu\n"
    "wrong,1002,2002,Wrong Answer,wrong@example.edu\n"
    "late,1003,2003,Two Days Late,late@example.edu\n"
    "absent,1004,2004,No Submission,absent@example.edu\n"
)


def _grader(course, *args):
    return subprocess.run(
        [str(BIN / "python"), "-m", "grader", *args],
        cwd=course,
        capture_output=True,
        text=True,
        env=hermetic_env(Path(course).parent / "home"),
        timeout=1200,
    )


@pytest.fixture(scope="module")
def lms(tmp_path_factory):
    work = tmp_path_factory.mktemp("lms")
    course = cases.build_course(work)
    with (course / "nbgrader_config.py").open("a") as config:
        config.write(
            f'\nc.LatePolicy.due_dates = {{"{A}": "{DUE}"}}\n'
            'c.LatePolicy.penalty_method = "per_day"\nc.LatePolicy.penalty_per_day = 0.25\n'
        )
    solution = nbformat.writes(cases.trimmed(cases.solution_nb(course)))
    wrong = nbformat.writes(
        cases.trimmed(
            cases.solution_nb(
                course,
                **cases.WRONG_ANSWERS[
                    "forgets the bias; floor division drops the partial batch"
                ].replacements,
            )
        )
    )
    download = work / "submissions.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr(f"timeontime_1001_501_{A}.ipynb", solution)
        zf.writestr("answerwrong_1002_502_lesson01.ipynb", wrong)
        zf.writestr("latetwodays_LATE_1003_503_lesson01-1.ipynb", solution)
        zf.writestr("strangerdan_1999_504_lesson01.ipynb", solution)
        zf.writestr("timeontime_1001_505_screenshot.png", b"\x89PNG\r\n")
    (work / "roster.csv").write_text(ROSTER)
    (work / "times.csv").write_text(
        "lms_id,submitted_at\n1001,2026-11-20T11:00:00+00:00\n"
        "1002,2026-11-20T11:30:00+00:00\n1003,2026-11-22T09:00:00+00:00\n"
    )
    collect = _grader(
        course,
        "collect",
        A,
        "--zip",
        str(download),
        "--roster",
        str(work / "roster.csv"),
        "--times",
        str(work / "times.csv"),
    )
    grade = _grader(course, "grade", A, "--serial", "--timeout", str(cases.TEST_TIMEOUT))
    canvas = _grader(course, "export", A, "--lms", "canvas", "--roster", str(work / "roster.csv"))
    moodle = _grader(course, "export", A, "--lms", "moodle", "--roster", str(work / "roster.csv"))
    return course, collect, grade, canvas, moodle


def _csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_collect_places_three_and_names_the_two_it_cannot(lms):
    course, collect, *_ = lms
    assert collect.returncode == 1, collect.stdout + collect.stderr  # some files not placed
    assert "3 placed, 2 not placed" in collect.stdout
    assert "unknown student: LMS id 1999" in collect.stdout
    assert "timeontime_1001_505_screenshot.png: not a notebook" in collect.stdout
    assert (
        (course / "submitted" / "late" / A / "timestamp.txt")
        .read_text()
        .startswith("2026-11-22 09:00:00")
    )


def test_grade_applies_the_due_date_and_the_per_day_penalty(lms):
    course, _, grade, *_ = lms
    assert grade.returncode == 0, grade.stdout[-3000:] + grade.stderr[-3000:]
    rows = {row["student_id"]: row for row in _csv(course / "grades" / f"{A}.csv")}
    assert rows["ontime"]["final_score"] == rows["ontime"]["max_score"] == "8"
    assert (
        rows["ontime"]["days_late"] == "0"
        and rows["ontime"]["submitted_at"] == "2026-11-20 11:00:00 UTC"
    )
    assert float(rows["wrong"]["final_score"]) < 8
    late = rows["late"]
    assert (
        late["days_late"] == "2" and late["score"] == "8" and late["late_penalty"] == "4"
    )  # 2 x 0.25 x 8
    assert (
        late["final_score"] == "4"
        and "submitted 2 days late: late penalty 4 points" in late["reason"]
    )


def test_canvas_and_moodle_files_read_back_with_every_score(lms):
    course, _, grade, canvas, moodle = lms
    assert canvas.returncode == 0 and moodle.returncode == 0, canvas.stderr + moodle.stderr
    graded = {row["student_id"]: row["final_score"] for row in _csv(course / "grades" / f"{A}.csv")}
    by_canvas = {row["ID"]: row[A] for row in _csv(course / "grades" / f"{A}-canvas.csv")}
    assert by_canvas == {"1001": graded["ontime"], "1002": graded["wrong"], "1003": "4", "1004": ""}
    by_moodle = {
        row["Identifier"]: (row["Grade"], row["Maximum Grade"])
        for row in _csv(course / "grades" / f"{A}-moodle.csv")
    }
    assert by_moodle["Participant 2003"] == ("4", "8") and by_moodle["Participant 2004"] == (
        "",
        "8",
    )
    assert by_moodle["Participant 2001"] == (graded["ontime"], "8")


def test_feedback_goes_back_as_one_zip_per_student_and_moodles_bulk_zip(lms):
    course, *_ = lms
    for student in ("ontime", "wrong", "late"):
        with zipfile.ZipFile(course / "grades" / f"feedback-{A}" / f"{student}.zip") as zf:
            assert zf.namelist() == [f"{A}/{A}.html"]
    assert not (course / "grades" / f"feedback-{A}" / "absent.zip").exists()
    with zipfile.ZipFile(course / "grades" / f"feedback-{A}-moodle.zip") as zf:
        assert f"Two Days Late_2003_assignsubmission_file_/{A}.html" in zf.namelist()
