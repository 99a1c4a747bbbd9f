"""Whole classes graded: every executor gives what the serial reference executor gives.

One small mixed class of the fixture lesson (the solution, two named wrong answers of
tests/grader/cases.py, the blank release, a hostile submission that tampers with the checks,
a truncated file) is graded twice from identical course copies: by
`python -m grader grade --serial` and by `python -m grader grade --workers 2` (kernels forked
from a pre-warmed server), and once more with a bwrap per kernel. The CSV rows, the gradebook
(every grade, comment, flag) and the feedback pages must be identical.

Then: a worker process killed from outside while it grades loses no result (the student is
graded again), a submission that kills its grading worker is reported ungradable with the
reason while the others are graded; the same grading into a real PostgreSQL server started on
loopback (DB_URL); and through a real Dask scheduler + worker on loopback (SCHEDULER).
"""

import contextlib
import html
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import types
from pathlib import Path

import pytest

from tests.grader import cases
from tests.support import BIN, NOISE_PATTERNS, hermetic_env, make_submission

pytestmark = pytest.mark.slow

A = cases.ASSIGNMENT

KILLS_ITS_GRADER = dict(
    count_dense_params="""
    import os, signal
    os.kill(os.getppid(), signal.SIGKILL)  # the kernel's parent: the grading worker

    def count_dense_params(num_features, units):
        return (num_features + 1) * units
"""
)


def _class(course):
    """{student: content}: a mixed class of 6 (4 are executed)."""
    release = Path(course) / "notebooks" / A / f"{A}.ipynb"
    wrong = list(cases.WRONG_ANSWERS.values())
    bad = cases.bad_submissions(course)
    return {
        "s1-correct": cases.trimmed(cases.solution_nb(course)),
        "s2-wrong": cases.trimmed(
            make_submission(A, release, wrong[0].replacements, solutions=cases.FIXTURES)
        ),
        "s3-wrong": cases.trimmed(
            make_submission(A, release, wrong[2].replacements, solutions=cases.FIXTURES)
        ),
        "s4-blank": cases.trimmed(cases.release_nb(course)),
        "s5-hostile": bad["item09-tampered-checks"],
        "s6-truncated": bad["item01-truncated"],
    }


def _run(course, *args, env=None, timeout=900):
    """``python -m grader grade A --timeout 30 --memory-mb 4096 ARGS`` in ``course``."""
    cmd = [
        str(BIN / "python"),
        "-m",
        "grader",
        "grade",
        A,
        "--timeout",
        str(cases.TEST_TIMEOUT),
        "--memory-mb",
        str(cases.TEST_MEMORY_MB),
        *args,
    ]
    env = env or hermetic_env(Path(course).parent / "home")
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=timeout)
    proc.seconds = time.monotonic() - started
    return proc


def _state(course, db_url=None):
    """cases.submission_rows of the course's gradebook, or of any gradebook URL."""
    return cases.submission_rows(db_url or f"sqlite:///{Path(course) / 'gradebook.db'}")


def _feedback_text(course, student):
    """The feedback page's text, blank lines dropped (how the kernel happened to chunk a cell's
    printed output into stream messages shows as blank lines) and kernel pids masked."""
    page = (Path(course) / "feedback" / student / A / f"{A}.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    text = re.sub(r"ipykernel_\d+", "ipykernel_N", text)  # the kernel's temp folder (its pid)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def _copy_course(course, name):
    target = Path(course).parent.parent / name / "course"
    shutil.copytree(course, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = cases.build_course(tmp_path_factory.mktemp("par-serial"))
    for student, content in _class(course).items():
        cases.write_submission(course, student, content)
    pristine = _copy_course(course, "par-pristine")  # ungraded copy for the other runs
    parallel = _copy_course(course, "par-parallel")
    serial_proc = _run(course, "--serial")
    parallel_proc = _run(parallel, "--workers", "2")
    return types.SimpleNamespace(
        serial=course,
        parallel=parallel,
        pristine=pristine,
        serial_proc=serial_proc,
        parallel_proc=parallel_proc,
        serial_rows=cases.read_csv(course),
        parallel_rows=cases.read_csv(parallel),
    )


def test_parallel_grading_matches_serial_field_by_field(graded):
    s, p = graded.serial_proc, graded.parallel_proc
    assert s.returncode == 1, s.stdout[-3000:] + s.stderr[-3000:]  # the truncated file
    assert p.returncode == s.returncode, p.stdout[-3000:] + p.stderr[-3000:]
    assert "2 worker processes" in p.stdout
    assert (
        sorted(graded.parallel_rows) == sorted(graded.serial_rows) == sorted(_class(graded.serial))
    )
    for student, row in graded.serial_rows.items():
        assert graded.parallel_rows[student] == row, student
    statuses = {s: r["status"] for s, r in graded.serial_rows.items()}
    assert statuses["s1-correct"] == "graded" and statuses["s6-truncated"] == "ungradable"
    assert float(graded.serial_rows["s1-correct"]["score"]) == float(
        graded.serial_rows["s1-correct"]["max_score"]
    )
    assert float(graded.serial_rows["s5-hostile"]["score"]) < float(
        graded.serial_rows["s5-hostile"]["max_score"]
    )
    assert _state(graded.parallel) == _state(graded.serial)
    for student in graded.serial_rows:
        assert _feedback_text(graded.parallel, student) == _feedback_text(graded.serial, student), (
            student
        )
        autograded = Path(graded.parallel) / "autograded" / student / A / f"{A}.ipynb"
        assert (
            autograded.exists()
            == (Path(graded.serial) / "autograded" / student / A / f"{A}.ipynb").exists()
        )
    print(f"\nserial {s.seconds:.1f} s, parallel (2 workers) {p.seconds:.1f} s")


def test_forked_kernels_give_what_a_bwrap_per_kernel_gives(graded):
    """``make grade`` forks its kernels from a pre-warmed server (grader.prewarm); with
    ``c.GuardedExecute.prewarm = False`` each kernel gets a bwrap of its own. Same grades,
    comments, CSV and feedback."""
    course = _copy_course(graded.pristine, "par-bwrap")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write("\nc.GuardedExecute.prewarm = False\n")
    proc = _run(course, "--workers", "2")
    assert proc.returncode == graded.parallel_proc.returncode, proc.stdout[-3000:]
    assert cases.read_csv(course) == graded.parallel_rows
    assert _state(course) == _state(graded.parallel)
    for student in graded.parallel_rows:
        assert _feedback_text(course, student) == _feedback_text(graded.parallel, student), student
    print(f"\nbwrap per kernel {proc.seconds:.1f} s, forked {graded.parallel_proc.seconds:.1f} s")


def test_the_timings_log_splits_each_job_without_changing_a_grade(graded):
    """``c.GuardedExecute.timings_log`` (what benchmarks.grade_class reads): each graded
    notebook gets a phases line and a job line, the job's seconds hold its autograde
    converter's, which hold the phases; the ungradable file gets neither. Grades unchanged."""
    course = _copy_course(graded.pristine, "par-timed")
    log = course / "timings.jsonl"
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.GuardedExecute.timings_log = {str(log)!r}\n")
    proc = _run(course, "--workers", "2")
    assert proc.returncode == graded.parallel_proc.returncode, proc.stdout[-3000:]
    assert cases.read_csv(course) == graded.parallel_rows
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    phases = {Path(r["notebook"]).parts[-2]: r for r in lines if "kernel_start" in r}
    jobs = {Path(r["notebook"]).parts[-2]: r for r in lines if "job" in r}
    graded_students = {s for s, r in graded.parallel_rows.items() if r["status"] != "ungradable"}
    assert set(phases) == set(jobs) == graded_students and len(lines) == 2 * len(jobs)
    for student, job in jobs.items():
        ran = sum(v for k, v in phases[student].items() if k != "notebook")
        assert job["job"] >= job["autograde"] >= ran > 0, (student, job, ran)


def test_parallel_report_has_progress_table_and_summary(graded):
    out = graded.parallel_proc.stdout
    lines = [l for l in out.splitlines() if re.match(r"\[\s*\d+/6\] ", l)]
    assert len(lines) == 6, out
    assert re.search(
        r"\[6/6\] \S+: \w.* \(\d+\.\d s; elapsed \d:\d\d:\d\d; \d+\.\d/min; ~\d:\d\d:\d\d left\)",
        out,
    ), out
    assert "6 submissions in" in out and "1 ungradable" in out
    for proc in (graded.parallel_proc, graded.serial_proc):  # the instructor's terminal
        noise = re.search("|".join(NOISE_PATTERNS), proc.stdout + proc.stderr, re.MULTILINE)
        assert noise is None, f"TensorFlow's noise in the terminal: {noise.group(0)!r}"
    for student in graded.serial_rows:
        assert re.search(rf"^{re.escape(student)}\s", out, re.MULTILINE), (
            f"{student} not in the table"
        )


def test_killed_worker_loses_no_result(graded, tmp_path, monkeypatch):
    """A worker killed from outside while grading: its student is graded again. A notebook that
    kills its grading worker (twice): ungradable with the reason. The others: graded.

    Without the sandbox (``sandbox=False``): inside it, a kernel cannot signal its grader at all
    (tests/grader/test_cheaters.py); here the executor's own resilience is tested."""
    from grader import grade_assignment

    course = _copy_course(graded.pristine, "par-killed")
    shutil.rmtree(course / "submitted")
    contents = _class(course)
    for student in ("s1-correct", "s2-wrong"):
        cases.write_submission(course, student, contents[student])
    cases.write_submission(
        course, "s0-kills-grader", cases.trimmed(cases.solution_nb(course, **KILLS_ITS_GRADER))
    )
    for var, value in hermetic_env(course.parent / "home").items():
        monkeypatch.setenv(var, value)
    events, killed = [], []

    def on_event(kind, **info):
        events.append((kind, info))
        if kind == "start" and info["student"] == "s1-correct" and not killed:
            time.sleep(1.0)  # let it start the kernel
            os.kill(info["pid"], signal.SIGKILL)
            killed.append(info["pid"])

    out = io.StringIO()
    results, csv_path = grade_assignment(
        course=course,
        assignment=A,
        timeout=cases.TEST_TIMEOUT,
        memory_mb=cases.TEST_MEMORY_MB,
        workers=2,
        out=out,
        on_event=on_event,
        sandbox=False,
    )
    by = {r.student: r for r in results}
    assert sorted(by) == ["s0-kills-grader", "s1-correct", "s2-wrong"], out.getvalue()
    assert killed
    died = [(info["student"], info["why"]) for kind, info in events if kind == "died"]
    assert ("s1-correct", "killed by SIGKILL") in died, events
    assert (
        by["s1-correct"].status == "graded" and by["s1-correct"].score == by["s1-correct"].max_score
    ), by["s1-correct"].reason
    for student in (
        "s1-correct",
        "s2-wrong",
    ):  # as graded in the sandbox, but for the reason's note
        row, serial = dict(cases.read_csv(course)[student]), graded.serial_rows[student]
        assert row.pop("reason").startswith("graded WITHOUT the sandbox"), row
        assert row == {k: v for k, v in serial.items() if k != "reason"}
    bad = by["s0-kills-grader"]
    assert bad.status == "ungradable", out.getvalue()
    assert "grading worker process died while grading it, 2 times" in bad.reason, bad.reason
    assert "killed by SIGKILL" in bad.reason
    assert [s for s, _ in died].count("s0-kills-grader") == 2
    assert any(row[0] == "s0-kills-grader" for row in _state(course))
    page = _feedback_text(course, "s0-kills-grader")
    assert "grading worker process died" in page


# ------------------------------------------------------------------------------------------
# PostgreSQL on loopback
# ------------------------------------------------------------------------------------------
def _free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin():
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / "initdb").exists() and (base / "pg_ctl").exists():
            return base
    return None


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A PostgreSQL server on 127.0.0.1:<free port> in a temporary folder; yields its URL."""
    pytest.importorskip(
        "psycopg2", reason="psycopg2 is not installed (pip install psycopg2-binary)"
    )
    if _pg_bin() is None:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip(
                "PostgreSQL is not installed and the tests are not root: "
                "apt-get install postgresql to run the DB_URL test"
            )
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
            env=env,
            capture_output=True,
            check=True,
            timeout=900,
        )
    bindir = _pg_bin()
    assert bindir, "PostgreSQL installed, but no initdb under /usr/lib/postgresql"
    base = Path(tempfile.mkdtemp(prefix="grade-pg-"))  # outside pytest's root-only tmp folders
    data = base / "data"
    as_user = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as 'postgres'
        import pwd

        as_user = ["runuser", "-u", "postgres", "--"]
        entry = pwd.getpwnam("postgres")
        os.chown(base, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    run = lambda *cmd: subprocess.run(
        [*as_user, *map(str, cmd)], capture_output=True, text=True, check=True, timeout=120
    )
    try:
        run(bindir / "initdb", "-D", data, "-U", "grader", "--auth=trust", "-E", "UTF8")
        run(
            bindir / "pg_ctl",
            "-D",
            data,
            "-l",
            base / "server.log",
            "-w",
            "-o",
            f"-p {port} -h 127.0.0.1 -k {base}",
            "start",
        )
        try:
            run(bindir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "grader", "gradebook")
            yield f"postgresql+psycopg2://grader@127.0.0.1:{port}/gradebook"
        finally:
            subprocess.run(
                [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
            )
    except subprocess.CalledProcessError as exc:
        raise AssertionError(
            f"PostgreSQL set-up failed: {exc.cmd}\n{exc.stdout}\n{exc.stderr}"
        ) from None
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_postgresql_gradebook_gives_the_same_grades(graded, postgres):
    from grader.cli import main

    course = _copy_course(graded.pristine, "par-pg")
    assert main(["copy-gradebook", f"sqlite:///{course / 'gradebook.db'}", postgres]) == 0
    (course / "gradebook.db").unlink()  # nothing may fall back on SQLite
    chosen = ["s2-wrong", "s5-hostile", "s6-truncated"]
    args = ["--workers", "2", "--db-url", postgres]
    for student in chosen:
        args += ["--student", student]
    proc = _run(course, *args)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "gradebook postgresql+psycopg2://grader@127.0.0.1" in proc.stdout
    assert not (course / "gradebook.db").exists()
    rows = cases.read_csv(course)
    assert sorted(rows) == chosen
    for student in chosen:
        assert rows[student] == graded.serial_rows[student], student
    serial = {row[0]: row for row in _state(graded.serial)}
    assert _state(course, postgres) == [serial[s] for s in chosen]


# ------------------------------------------------------------------------------------------
# Dask on loopback
# ------------------------------------------------------------------------------------------
def test_dask_cluster_gives_the_same_grades(graded, tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    course = _copy_course(graded.pristine, "par-dask")
    env = hermetic_env(tmp_path / "home")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    workdir = tmp_path / "dask"
    workdir.mkdir()
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "dask"),
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-dashboard",
                ],
                cwd=workdir,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "dask"),
                    "worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--local-directory",
                    str(workdir),
                    "--memory-limit",
                    "0",
                ],
                cwd=workdir,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        chosen = ["s1-correct", "s5-hostile", "s6-truncated"]
        args = ["--scheduler", address]
        for student in chosen:
            args += ["--student", student]
        proc = _run(course, *args)
        assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
        assert f"Dask scheduler {address}" in proc.stdout and "3 submissions in" in proc.stdout, (
            proc.stdout[-3000:] + proc.stderr[-3000:]
        )
        rows = cases.read_csv(course)
        assert sorted(rows) == chosen
        for student in chosen:
            assert rows[student] == graded.serial_rows[student], student
            assert _feedback_text(course, student) == _feedback_text(graded.serial, student), (
                student
            )
        serial = {row[0]: row for row in _state(graded.serial)}
        assert _state(course) == [serial[s] for s in chosen]
        assert (course / "autograded" / "s1-correct" / A / f"{A}.ipynb").exists()
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


# ------------------------------------------------------------------------------------------
# Cheap checks: set-up errors (exit 2) and the gradebook copy
# ------------------------------------------------------------------------------------------
def test_setup_errors_exit_2(graded, capsys):
    from grader.cli import main

    assert main(["grade", "no_such_assignment", "--course", str(graded.pristine)]) == 2
    assert "no_such_assignment is not in the gradebook" in capsys.readouterr().err
    port = _free_port()  # nothing listens there
    url = f"postgresql+psycopg2://grader:secret@127.0.0.1:{port}/gradebook"
    assert main(["grade", A, "--course", str(graded.pristine), "--db-url", url]) == 2
    err = capsys.readouterr().err
    assert "cannot open the gradebook" in err and "secret" not in err, err


def test_copy_gradebook_keeps_every_grade(graded, tmp_path):
    from grader.course import copy_gradebook

    target = f"sqlite:///{tmp_path / 'copy.db'}"
    source = f"sqlite:///{Path(graded.serial) / 'gradebook.db'}"
    copy_gradebook(source_url=source, target_url=target)
    assert _state(None, target) == _state(graded.serial)
    copy_gradebook(source_url=source, target_url=target)  # again: no duplicates
    assert _state(None, target) == _state(graded.serial)
