"""grader.collect and grader.roster: Canvas's and Moodle's bulk downloads placed in submitted/,
with submission times, and every file that cannot be placed named with its reason.

The downloads are made here, in each LMS's file-name layout, from the fixture lesson's release
(no real student data)."""

import shutil
import zipfile

import nbformat
import pytest

from grader import markup
from grader.collect import CollectError, collect, recognise
from grader.roster import RosterError, read_roster
from tests.grader.cases import ASSIGNMENT as A
from tests.grader.cases import FIXTURES

RELEASE = FIXTURES.parent / "notebooks" / A / f"{A}.ipynb"


@pytest.fixture
def course(tmp_path):
    """A course folder with the fixture's release and another lesson's (its grade ids renamed)."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURES.parent / "notebooks", root / "notebooks")
    other = nbformat.read(RELEASE, as_version=4)
    for cell in other.cells:
        if markup.grade_id(cell=cell):
            cell.metadata["nbgrader"]["grade_id"] = "other_" + cell.metadata["nbgrader"]["grade_id"]
    (root / "notebooks" / "02_other").mkdir()
    nbformat.write(other, root / "notebooks" / "02_other" / "02_other.ipynb")
    return root


def _roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "student_id,canvas_id,moodle_id,name,email\n"
        "jdoe,1001,2001,Jane Doe,jdoe@example.edu\n"
        "bsmith,1002,2002,Bob Smith,bsmith@example.edu\n"
        "alee,1003,2003,Ann Lee,alee@example.edu\n"
        "kkim,1004,2004,Kim Ko,kkim@example.edu\n"
    )
    return path


def _zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _notebook(path=RELEASE):
    return path.read_bytes()


def test_canvas_download_is_placed_with_times_and_every_problem_named(course, tmp_path):
    other = (course / "notebooks" / "02_other" / "02_other.ipynb").read_bytes()
    download = _zip(
        tmp_path / "canvas.zip",
        {
            "doejane_1001_5001_01_input_layer_vs_features.ipynb": _notebook(),
            "doejane_1001_5004_notes.txt": b"my notes",
            "smithbob_LATE_1002_5002_lesson1-1.ipynb": _notebook(),
            "ghost_9999_5003_lesson.ipynb": _notebook(),
            "leeann_1003_5005_other.ipynb": other,
            "kimko_1004_5006_a.ipynb": _notebook(),
            "kimko_1004_5007_b.ipynb": _notebook(),
            "index.html": b"<html></html>",
        },
    )
    times = tmp_path / "times.csv"
    times.write_text("lms_id,submitted_at\n1001,2026-11-20T10:00:00+01:00\n")
    done = collect(
        course=course, assignment=A, zip_path=download, roster=_roster(tmp_path), times=times
    )
    assert done.lms == "canvas"
    assert sorted(s for s, _, _ in done.placed) == ["bsmith", "jdoe"]
    placed = course / "submitted" / "jdoe" / A / f"{A}.ipynb"
    assert placed.read_bytes() == _notebook()
    assert (placed.parent / "timestamp.txt").read_text() == "2026-11-20 09:00:00.000000 UTC\n"
    assert not (course / "submitted" / "bsmith" / A / "timestamp.txt").exists()
    assert ("bsmith", "Canvas marks it late") in done.notes
    reasons = dict(done.problems)
    assert "not a notebook" in reasons["doejane_1001_5004_notes.txt"]
    assert "unknown student: LMS id 9999" in reasons["ghost_9999_5003_lesson.ipynb"]
    assert f"a notebook of 02_other, not of {A} (alee)" == reasons["leeann_1003_5005_other.ipynb"]
    assert (
        "2 notebooks of" in reasons["kimko_1004_5006_a.ipynb"]
        and "kimko_1004_5007_b.ipynb" in reasons
    )
    assert "no known layout" in reasons["index.html"]
    assert (
        not (course / "submitted" / "kkim").exists()
        and not (course / "submitted" / "alee").exists()
    )


def test_moodle_download_in_folders_or_flat_with_the_grading_worksheet_times(course, tmp_path):
    download = _zip(
        tmp_path / "moodle.zip",
        {
            "Jane Doe_2001_assignsubmission_file_/lesson01.ipynb": _notebook(),
            "Bob Smith_2002_assignsubmission_file_lesson01.ipynb": _notebook(),
        },
    )
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "Identifier,Full name,Email address,Status,Grade,Last modified (submission)\n"
        'Participant 2001,Jane Doe,jdoe@example.edu,Submitted,,"Monday, 23 November 2026, 10:15 AM"\n'
        "Participant 2002,Bob Smith,bsmith@example.edu,Submitted,,-\n"
    )
    done = collect(
        course=course,
        assignment=A,
        zip_path=download,
        roster=_roster(tmp_path),
        times=worksheet,
        timezone="Europe/Madrid",
    )
    assert done.lms == "moodle" and done.problems == []
    assert sorted(s for s, _, _ in done.placed) == ["bsmith", "jdoe"]
    stamp = course / "submitted" / "jdoe" / A / "timestamp.txt"
    assert stamp.read_text() == "2026-11-23 09:15:00.000000 UTC\n"  # 10:15 in Madrid (UTC+1)


def test_collecting_again_replaces_and_says_so(course, tmp_path):
    download = _zip(tmp_path / "canvas.zip", {"doejane_1001_5001_a.ipynb": _notebook()})
    collect(course=course, assignment=A, zip_path=download, roster=_roster(tmp_path))
    again = collect(course=course, assignment=A, zip_path=download, roster=_roster(tmp_path))
    assert again.notes == [("jdoe", "replaced an earlier collected submission")]


def test_a_download_that_is_no_zip_or_of_no_known_lms_is_refused(course, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    with pytest.raises(CollectError, match="not a zip file"):
        collect(course=course, assignment=A, zip_path=bad, roster=_roster(tmp_path))
    with pytest.raises(CollectError, match="no file name follows"):
        recognise(["a.ipynb", "folder/", "b.txt"])


def test_roster_in_the_course_format_or_canvas_export_and_its_errors(tmp_path):
    assert [s.student_id for s in read_roster(_roster(tmp_path))] == [
        "jdoe",
        "bsmith",
        "alee",
        "kkim",
    ]
    canvas = tmp_path / "canvas.csv"
    canvas.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Lesson 1 (77)\n"
        "    Points Possible,,,,,8\n"
        '"Doe, Jane",1001,S1,jdoe,A,\n'
        '"Roe, Rich",1005,,,A,\n'
    )
    students = read_roster(canvas)
    assert [(s.student_id, s.canvas_id, s.name) for s in students] == [
        ("jdoe", "1001", "Doe, Jane"),
        ("1005", "1005", "Roe, Rich"),
    ]
    for text, message in [
        ("name\nx\n", "no student_id column"),
        ("student_id\na\na\n", "student_id a twice"),
        ("student_id,name\n,x\n", "empty student_id"),
    ]:
        path = tmp_path / "bad.csv"
        path.write_text(text)
        with pytest.raises(RosterError, match=message):
            read_roster(path)
    with pytest.raises(RosterError, match="no roster at"):
        read_roster(tmp_path / "missing.csv")
