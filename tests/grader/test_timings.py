"""grader.timings: every second of a notebook's grading lands in one phase, a check's calls into
the kernel are moved out of the check's own time, and parallel writers append whole lines."""

import json
import multiprocessing
import time

from grader import timings


def test_laps_and_moved_time_add_up():
    phases = timings.Phases()
    started = time.perf_counter()
    time.sleep(0.05)
    phases.lap("kernel_start")
    with phases.moved(source="checks", target="checks_in_kernel"):
        time.sleep(0.03)
    time.sleep(0.02)
    phases.lap("checks")
    total = time.perf_counter() - started
    s = phases.seconds
    assert set(s) == set(timings.PHASES)
    assert s["kernel_start"] >= 0.05 and s["checks_in_kernel"] >= 0.03
    assert 0.015 <= s["checks"] < s["checks_in_kernel"]  # the call into the kernel moved out
    assert abs(sum(s.values()) - total) < 0.01


def _write_many(path, worker):
    for i in range(200):
        phases = timings.Phases()
        phases.lap("student_code")
        phases.write(path=path, notebook=f"w{worker}/{i}" + "x" * 300)


def test_parallel_writers_append_whole_lines(tmp_path):
    path = str(tmp_path / "timings.jsonl")
    procs = [multiprocessing.Process(target=_write_many, args=(path, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    records = [json.loads(line) for line in open(path)]
    assert len(records) == 600 and len({r["notebook"] for r in records}) == 600
    assert all(set(r) == {"notebook", *timings.PHASES} for r in records)


def test_a_job_line_holds_the_job_and_its_converter(tmp_path):
    path = str(tmp_path / "timings.jsonl")
    timings.write_job(path=path, notebook="a/s1/lesson", job=3.123456, autograde=2.5)
    timings.Phases().write(path=path, notebook="a/s1/lesson")
    job, phases = [json.loads(line) for line in open(path)]
    assert job == {"notebook": "a/s1/lesson", "job": 3.1235, "autograde": 2.5}
    assert set(phases) == {"notebook", *timings.PHASES}
