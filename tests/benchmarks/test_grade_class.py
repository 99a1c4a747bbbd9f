"""benchmarks.grade_class: how the grader's overhead is split from the progress lines and the
timings log."""

import pytest

from benchmarks.grade_class import job_report


def _record(student, *, setup, start, code, checks, calls, stop):
    return {
        "notebook": f"/tmp/grade-x/00001/work/autograded/{student}/lesson",
        "grader_setup": setup,
        "kernel_start": start,
        "student_code": code,
        "checks": checks,
        "checks_in_kernel": calls,
        "kernel_stop": stop,
    }


def test_the_overhead_is_split_into_each_job_and_the_rest_of_the_run(capsys):
    """A worker's first job carries the instructor's cells: they count for the rest of the run,
    not for the job; a student without a progress line (ungradable) is left out."""
    records = [
        _record("s1", setup=4.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1),
        _record("s2", setup=0.0, start=0.2, code=0.1, checks=1.2, calls=1.7, stop=0.1),
        _record("s3", setup=0.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1),
    ]
    stdout = (
        "Grading lesson: 3 submissions on 2 worker processes\n"
        "[1/2] s1: graded 6/8 (7.6 s; elapsed 0:00:08; 7.9/min; ~0:00:08 left)\n"
        "[2/2] s2: graded 8/8 (3.4 s; elapsed 0:00:09; 13.3/min; ~0:00:00 left)\n"
    )
    job_report(records, stdout, worker_s=4.5)
    out = capsys.readouterr().out
    job, work = ((7.6 - 4.0) + 3.4) / 2, 3.0
    assert f"{100 * (job / work - 1):+6.1f} %" in out and "mean of 2;" in out
    assert f"kernel start and stop: {0.3:.2f} s" in out
    assert f"{100 * (4.5 - job) / work:+6.1f} %" in out


@pytest.mark.parametrize("stdout", ["", "Grading lesson: 1 submission\n"])
def test_no_progress_lines_no_split(capsys, stdout):
    job_report(
        [_record("s1", setup=0, start=0, code=0, checks=1, calls=1, stop=0)], stdout, worker_s=2
    )
    assert capsys.readouterr().out == ""
