"""benchmarks.grade_class: the grader's overhead, split from the progress lines and the timings
log of a round."""

import json
import types

from benchmarks.grade_class import TIMINGS, overhead, phase_report


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


def _round(tmp_path, records, stdout, parallel_s):
    (tmp_path / TIMINGS).write_text("".join(json.dumps(r) + "\n" for r in records))
    return {
        "parallel": tmp_path,
        "parallel_proc": types.SimpleNamespace(stdout=stdout),
        "parallel_s": parallel_s,
    }


def test_the_overhead_is_split_into_each_job_and_the_rest_of_the_run(tmp_path):
    """A worker's first job carries the instructor's cells: they count for the rest of the run,
    not for the job; a student without a progress line is left out of the jobs' mean."""
    records = [
        _record("s1", setup=4.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1),
        _record("s2", setup=0.0, start=0.2, code=0.1, checks=1.2, calls=1.7, stop=0.1),
        _record("s3", setup=0.0, start=0.4, code=0.1, checks=1.0, calls=1.9, stop=0.2),
    ]
    stdout = (
        "Grading lesson: 3 submissions on 2 worker processes\n"
        "[1/2] s1: graded 6/8 (7.6 s; elapsed 0:00:08; 7.9/min; ~0:00:08 left)\n"
        "[2/2] s2: graded 8/8 (3.4 s; elapsed 0:00:09; 13.3/min; ~0:00:00 left)\n"
    )
    got = overhead(_round(tmp_path, records, stdout, parallel_s=9.0), workers=2, n=3)
    work, worker_s = 3.0, 9.0 * 2 / 3
    job = ((7.6 - 4.0 - work) + (3.4 - work)) / 2
    assert got["worker_s"] == worker_s and abs(got["work"] - work) < 1e-9
    assert abs(got["total"] - (worker_s / work - 1)) < 1e-9
    assert abs(got["job"] - job / work) < 1e-9
    assert abs(got["rest"] - (got["total"] - got["job"])) < 1e-9
    assert abs(got["kernel"] - (0.3 + 0.3 + 0.6) / 3) < 1e-9


def test_a_round_without_progress_lines_has_no_split(tmp_path):
    records = [_record("s1", setup=0, start=0, code=0, checks=1, calls=1, stop=0)]
    assert overhead(_round(tmp_path, records, "", parallel_s=2.0), workers=1, n=1) is None


def test_the_median_leaves_out_a_round_without_progress_lines(tmp_path, capsys):
    """A round whose run printed no progress line (it failed to start) gives no overhead; the
    other rounds' overhead is still reported."""
    records = [_record("s1", setup=0.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1)]
    stdout = "[1/1] s1: graded 8/8 (3.5 s; elapsed 0:00:04; 15.0/min; ~0:00:00 left)\n"
    rounds = []
    for i, text in enumerate([stdout, ""]):
        (tmp_path / str(i)).mkdir()
        rounds.append(_round(tmp_path / str(i), records, text, parallel_s=4.0))
        rounds[-1]["serial"] = tmp_path / "none"
    phase_report(rounds, workers=1, n=1)
    out = capsys.readouterr().out
    assert f"{100 * (4.0 / 3.0 - 1):+6.1f} % of the student's code" in out
    assert "(rounds: +33.3 %;" in out


def test_job_lines_split_a_jobs_own_steps_between_nbgrader_and_the_grader(tmp_path, capsys):
    """kernel start and stop + nbgrader's autograder (its converter less the kernel run) + the
    grader's own steps (the job less the converter) = a job's own steps beyond its work."""
    records = [
        _record("s1", setup=0.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1),
        {"notebook": "/tmp/grade-x/00001/work/autograded/s1/lesson", "job": 3.6, "autograde": 3.45},
    ]
    stdout = "[1/1] s1: graded 8/8 (3.6 s; elapsed 0:00:04; 15.0/min; ~0:00:00 left)\n"
    round_ = _round(tmp_path, records, stdout, parallel_s=4.0)
    got = overhead(round_, workers=1, n=1)
    assert abs(got["autograder"] - (3.45 - 3.3)) < 1e-9
    assert abs(got["grader_steps"] - (3.6 - 3.45)) < 1e-9
    own = got["kernel"] + got["autograder"] + got["grader_steps"]
    assert abs(own - got["job"] * got["work"]) < 1e-9
    round_["serial"] = tmp_path / "none"
    phase_report([round_], workers=1, n=1)
    out = capsys.readouterr().out
    assert "nbgrader's autograder around the kernel run: 0.15 s" in out
    assert "the grader's own steps around the autograder: 0.15 s" in out


def test_rounds_without_job_lines_report_no_split(tmp_path, capsys):
    records = [_record("s1", setup=0.0, start=0.2, code=0.1, checks=1.0, calls=1.9, stop=0.1)]
    stdout = "[1/1] s1: graded 8/8 (3.5 s; elapsed 0:00:04; 15.0/min; ~0:00:00 left)\n"
    round_ = _round(tmp_path, records, stdout, parallel_s=4.0)
    assert overhead(round_, workers=1, n=1)["autograder"] is None
    round_["serial"] = tmp_path / "none"
    phase_report([round_], workers=1, n=1)
    assert "autograder" not in capsys.readouterr().out
