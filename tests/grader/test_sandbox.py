"""grader.sandbox and grader.kernel_sandbox: what a sandboxed kernel can see and do, the limits
of grader.kernel_guard, and the refusal to grade when the sandbox cannot start."""

import io
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support import REPO, all_ended

from grader import kernel_sandbox, prewarm, sandbox
from grader import kernel_guard
from grader.assignment import _check_sandbox
from grader.course import load_config
from grader.records import GradingSetupError

LIMITS = sandbox.Limits(memory_mb=1024, processes=64, file_mb=4, cpu_s=30, tmp_mb=16)


#: both ways a kernel is sandboxed: a bwrap of its own, or forked from the pre-warmed server
WAYS = ["bwrap"] + (["forked"] if not prewarm.available() else [])


def _run_inside(tmp_path, code, environ=None, limits=LIMITS, way="bwrap"):
    """Run ``python -c code`` in the sandbox with ``tmp_path/work`` as the working copy (it
    holds one submitted file, ``submitted.txt``): in a ``bwrap`` of its own, or ``forked``
    from this process's pre-warmed server (``grader.prewarm``)."""
    work, run = tmp_path / "work", tmp_path / "run"
    work.mkdir(exist_ok=True)
    (work / "submitted.txt").write_text("hand-in")
    run.mkdir(exist_ok=True)
    os.chmod(tmp_path, 0o755)
    uid = sandbox.kernel_uid()
    sandbox.set_owner(paths=[work, run], uid=uid)
    command = [sys.executable, "-c", textwrap.dedent(code)]
    if way == "forked":
        box = kernel_sandbox.Box(rundir=str(run), mounted=False, limits=limits)
        cmd = prewarm.launch_command(command=command, cwd=work, env=environ or os.environ, box=box)
    else:
        cmd = sandbox.sandbox_command(
            command=command,
            workdir=work,
            rundir=run,
            environ=environ or os.environ,
            limits=limits,
            uid=uid,
        )
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"}
    )
    sandbox.set_owner(paths=[work, run])
    return proc


def test_the_probe_starts_a_sandbox():
    assert sandbox.probe().startswith("sandbox ok")


def test_the_command_isolates_and_keeps_only_the_working_copy_writable(tmp_path):
    work, run = tmp_path / "w", tmp_path / "r"
    work.mkdir()
    (work / "homework.ipynb").write_text("{}")
    cmd = sandbox.sandbox_command(
        command=["k"], workdir=work, rundir=run, environ={}, limits=LIMITS
    )
    for flag in (
        "--die-with-parent",
        "--clearenv",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
    ):
        assert flag in cmd
    writable = [cmd[i + 2] for i, a in enumerate(cmd) if a == "--bind"]
    assert writable == [str(run)]
    tmpfs = {cmd[i + 1]: cmd[i - 1] for i, a in enumerate(cmd) if a == "--tmpfs"}  # target: --size
    assert tmpfs == {
        "/tmp": str(16 * 2**20),
        sandbox.SANDBOX_HOME: str(16 * 2**20),
        str(work): str(16 * 2**20),
        str(REPO / "helpers" / "reference"): "4096",  # the worked answers stay outside
    }
    read_only = [cmd[i + 2] for i, a in enumerate(cmd) if a == "--ro-bind"]
    assert str(work / "homework.ipynb") in read_only  # the submitted files, inside the tmpfs
    assert cmd.index(str(work / "homework.ipynb")) > cmd.index(str(work))
    visible = {cmd[i + 2] for i, a in enumerate(cmd) if a in ("--bind", "--ro-bind")}
    assert str(REPO) not in visible and "/root" not in visible and "/" not in visible
    assert str(REPO / "helpers") in visible and os.path.realpath(sys.base_prefix) in visible


def test_the_kernel_environment_is_minimal():
    env = sandbox.kernel_environment(
        environ={
            "DB_URL": "postgresql://u:secret@h/db",
            "AWS_SECRET": "x",
            "TF_NUM_INTRAOP_THREADS": "1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
        },
        helpers_parent="/course",
    )
    assert "DB_URL" not in env and "AWS_SECRET" not in env
    assert env["TF_NUM_INTRAOP_THREADS"] == "1" and env["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert env["HOME"] == sandbox.SANDBOX_HOME and env["PYTHONPATH"] == "/course"


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid drop happens when grading as root")
@pytest.mark.parametrize("way", WAYS)
def test_inside_the_sandbox(tmp_path, way):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    proc = _run_inside(
        tmp_path,
        f"""
        import os, resource, socket, subprocess
        print('uid', os.getuid(), os.getgid(), os.getgroups())
        print('root home', os.path.exists('{Path.home()}/.bashrc'), 'course', os.path.exists('{REPO}/solutions'))
        print('env', sorted(k for k in os.environ if k.startswith('SECRET')))
        print('answers', os.listdir('{REPO}/helpers/reference'), os.path.exists('{REPO}/helpers/repro.py'))
        from helpers import worked
        try:
            worked.solution('build_mlp')
        except FileNotFoundError:
            print('no worked solution')
        s = socket.socket()
        s.settimeout(2)
        print('loopback', s.connect_ex(('127.0.0.1', {port})))
        open('note.txt', 'w').write('ok')
        print('submitted', open('submitted.txt').read())
        try:
            open('submitted.txt', 'w')
        except OSError:
            print('submitted file read-only')
        try:
            open('big.bin', 'wb').write(b'x' * 3 * 2**20)
            open('big2.bin', 'wb').write(b'x' * 3 * 2**20)
            open('big3.bin', 'wb').write(b'x' * 3 * 2**20)
            open('big4.bin', 'wb').write(b'x' * 3 * 2**20)
            open('big5.bin', 'wb').write(b'x' * 3 * 2**20)
            open('big6.bin', 'wb').write(b'x' * 3 * 2**20)
        except OSError as exc:
            print('working copy capped', exc.errno)
        for path in ('{sys.prefix}/pwned', '{REPO}/helpers/pwned', '/usr/pwned'):
            try:
                open(path, 'w')
                print('wrote', path)
            except OSError:
                pass
        try:
            open('/tmp/big', 'wb').write(b'x' * 32 * 2**20)
        except OSError as exc:
            print('tmp capped', exc.errno)
        print('limits', [resource.getrlimit(r)[0] for r in (resource.RLIMIT_NPROC, resource.RLIMIT_FSIZE,
                                                              resource.RLIMIT_CPU, resource.RLIMIT_DATA)])
        subprocess.Popen(['sleep', '987654'], start_new_session=True)
        """,
        environ=dict(os.environ, SECRET_TOKEN="s3cret"),
        way=way,
    )
    server.close()
    out = proc.stdout
    uid = sandbox.kernel_uid()
    assert proc.returncode == 0, proc.stderr
    assert f"uid {uid} {uid} []" in out
    assert "root home False course False" in out and "env []" in out
    assert "answers [] True" in out and "no worked solution" in out and "def build_mlp" not in out
    assert "loopback 0" not in out and "wrote" not in out
    assert "tmp capped" in out and "submitted hand-in" in out and "submitted file read-only" in out
    assert "working copy capped 28" in out  # ENOSPC: 16 MiB
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == [
        "submitted.txt"
    ]  # nothing kept
    assert f"limits [64, {4 * 2**20}, 30, {2**30}]" in out
    assert all_ended("987654")


@pytest.mark.parametrize("way", WAYS)
def test_a_bounded_fork_flood_stops_at_the_process_limit(tmp_path, way):
    proc = _run_inside(
        tmp_path,
        """
        import os, time
        n = 0
        try:
            for _ in range(500):
                if os.fork() == 0:
                    time.sleep(5)
                    os._exit(0)
                n += 1
        except OSError:
            pass
        print('forked', n)
        """,
        way=way,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.split()[-1]) < 64


def test_kernel_guard_rejects_half_a_user_and_bad_numbers():
    assert kernel_guard.main(["--memory-mb", "0", "--uid", "5", "--", "true"]) == 2
    assert kernel_guard.main(["--memory-mb", "0", "--processes", "-1", "--", "true"]) == 2
    assert kernel_guard.main(["--memory-mb", "0", "--cpu-s", "x", "--", "true"]) == 2


def test_exit_signal_reads_bwraps_exit_status():
    assert sandbox.exit_signal(128 + 11) == 11 and sandbox.exit_signal(-9) == 9
    assert (
        sandbox.exit_signal(0) is None
        and sandbox.exit_signal(1) is None
        and sandbox.exit_signal(None) is None
    )


def test_no_silent_fallback_when_the_sandbox_cannot_start(monkeypatch):
    monkeypatch.setattr(sandbox, "_bwrap", lambda: None)
    monkeypatch.setattr(kernel_sandbox, "_checked", {})
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap"):
        sandbox.probe()
    config = load_config(REPO)
    with pytest.raises(GradingSetupError, match="apt-get install bubblewrap.*--no-sandbox"):
        _check_sandbox(config, True, io.StringIO())
    out = io.StringIO()
    assert _check_sandbox(config, False, out) is False
    assert "WARNING: graded WITHOUT the sandbox" in out.getvalue()


@pytest.mark.slow
def test_the_cli_stops_before_the_first_student_and_no_sandbox_says_so_everywhere(tmp_path):
    from tests.grader import cases
    from tests.support import hermetic_env

    course = cases.build_course(tmp_path)
    cases.write_submission(course, "s1", cases.trimmed(cases.solution_nb(course)))
    code = (
        "import sys, grader.sandbox as s; s._bwrap = lambda: None; from grader.cli import main; "
        f"sys.exit(main(['grade', {cases.ASSIGNMENT!r}, '--serial', *sys.argv[1:]]))"
    )

    def grade(*args):
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=course,
            capture_output=True,
            text=True,
            env=hermetic_env(tmp_path / "home"),
            timeout=600,
        )

    proc = grade()  # bubblewrap "missing"
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "apt-get install bubblewrap" in proc.stderr and "--no-sandbox" in proc.stderr
    assert "s1" not in proc.stdout and not (course / "autograded").exists()
    assert load_config(REPO).GuardedExecute.sandbox is True  # the course's own config

    proc = grade("--no-sandbox", "--timeout", "60")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("WARNING: graded WITHOUT the sandbox")
    row = cases.read_csv(course)["s1"]
    assert row["score"] == "8" and row["reason"].startswith(kernel_sandbox.NO_SANDBOX_NOTE)
    page = (course / "feedback" / "s1" / cases.ASSIGNMENT / f"{cases.ASSIGNMENT}.html").read_text()
    assert "graded WITHOUT the sandbox" in page


@pytest.mark.slow
def test_plain_nbgrader_autograde_stops_before_the_first_student(tmp_path):
    """Check that `nbgrader autograde` with the course's config stops at once, naming the fix,
    when the sandbox cannot start (bubblewrap "missing"), and grades when it can."""
    from tests.grader import cases
    from tests.support import hermetic_env

    course = cases.build_course(tmp_path)
    for student in ("s1", "s2"):
        cases.write_submission(course, student, cases.trimmed(cases.solution_nb(course)))
    code = (
        "import sys, grader.sandbox as s; s._bwrap = lambda: None; "
        "sys.argv = ['nbgrader', 'autograde', sys.argv[1], '--force']; "
        "from nbgrader.apps.nbgraderapp import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, cases.ASSIGNMENT],
        cwd=course,
        capture_output=True,
        text=True,
        env=hermetic_env(tmp_path / "home"),
        timeout=600,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert (
        "nbgrader autograde: no student graded:" in proc.stderr
        and "apt-get install bubblewrap" in proc.stderr
    )
    assert not (course / "autograded").exists()
    ok = subprocess.run(
        [
            str(Path(sys.executable).parent / "nbgrader"),
            "autograde",
            cases.ASSIGNMENT,
            "--student",
            "s1",
        ],
        cwd=course,
        capture_output=True,
        text=True,
        env=hermetic_env(tmp_path / "home"),
        timeout=600,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (course / "autograded" / "s1" / cases.ASSIGNMENT / f"{cases.ASSIGNMENT}.ipynb").is_file()


def test_release_gives_the_working_copy_back(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    (work / "a.ipynb").write_text("{}")
    rundir, mounted = kernel_sandbox.make_run_folder(size_mb=1)
    sandbox.set_owner(paths=[work], uid=sandbox.kernel_uid())
    box = kernel_sandbox.Box(rundir=rundir, mounted=mounted)
    assert kernel_sandbox.release(box=box, workdir=work) is None
    assert not Path(rundir).exists() and (work / "a.ipynb").stat().st_uid == os.getuid()
    assert rundir not in Path("/proc/self/mounts").read_text()


def _filesystem(path):
    """The file system type of the mount that holds ``path`` (the longest mount point)."""
    mounts = [line.split()[1:3] for line in Path("/proc/self/mounts").read_text().splitlines()]
    return max(
        (m for m in mounts if str(path) == m[0] or str(path).startswith(m[0].rstrip("/") + "/")),
        key=lambda m: len(m[0]),
    )[1]


@pytest.mark.skipif(
    os.geteuid() != 0, reason="the run folder is a tmpfs of its own when grading as root"
)
def test_the_run_folder_cannot_fill_the_host_disk(tmp_path):
    """The one writable folder a kernel shares with the host is a 4 MiB tmpfs: writing 360 MiB
    there in files of 4 MiB (each allowed by RLIMIT_FSIZE) stops at 4 MiB, on no disk."""
    rundir, mounted = kernel_sandbox.make_run_folder(size_mb=4)
    try:
        assert mounted and _filesystem(rundir) == "tmpfs"
        work = tmp_path / "work"
        work.mkdir()
        os.chmod(tmp_path, 0o755)
        sandbox.set_owner(paths=[work, rundir], uid=sandbox.kernel_uid())
        code = textwrap.dedent(f"""
            written = 0
            try:
                for i in range(90):
                    with open('{rundir}/fill%d' % i, 'wb') as f:
                        f.write(b'x' * 4 * 2**20)
                    written += 4
            except OSError as exc:
                print('refused', exc.errno)
            print('written', written)
            """)
        cmd = sandbox.sandbox_command(
            command=[sys.executable, "-c", code],
            workdir=work,
            rundir=rundir,
            environ=os.environ,
            limits=LIMITS,
            uid=sandbox.kernel_uid(),
        )
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"}
        )
        used = sum(p.stat().st_size for p in Path(rundir).iterdir())
    finally:
        kernel_sandbox.remove_run_folder(rundir=rundir, mounted=mounted)
    assert proc.returncode == 0, proc.stderr
    assert "refused 28" in proc.stdout  # ENOSPC
    assert int(proc.stdout.split()[-1]) <= 4 and used <= 4 * 2**20
    assert not Path(rundir).exists() and rundir not in Path("/proc/self/mounts").read_text()


def test_without_cgroups_grading_keeps_its_rlimits_and_says_so_once(monkeypatch, caplog):
    from types import SimpleNamespace

    from grader import cgroups

    monkeypatch.setattr(cgroups, "_where", lambda: (None, "no controller here"))
    monkeypatch.setattr(kernel_sandbox, "_said", set())
    limits = sandbox.Limits(tmp_mb=16, wall_s=5)
    line = kernel_sandbox.budget_line(limits)
    assert line.startswith("no cgroup (no controller here): per-process rlimits only")
    assert "5 s per notebook" in line
    boxes = []
    with caplog.at_level("WARNING", logger="grader.sandbox"):
        for _ in range(2):
            km = SimpleNamespace(kernel_spec=SimpleNamespace())
            boxes.append(kernel_sandbox.prepare(km=km, limits=limits))
            assert km.transport == "ipc" and km.connection_file.startswith(boxes[-1].rundir)
    for box in boxes:
        assert box.cgroup is None
        kernel_sandbox.release(box=box, workdir=None)
        assert not Path(box.rundir).exists()
    said = [r.getMessage() for r in caplog.records if "without a cgroup" in r.getMessage()]
    assert said == ["sandboxes run without a cgroup (no controller here): per-process rlimits only"]


def test_no_sandbox_pages_say_so(tmp_path):
    page = tmp_path / "f" / "x.html"
    page.parent.mkdir()
    page.write_text("<html><body class='a'><h1>x</h1></body></html>")
    assert kernel_sandbox.mark_feedback(folder=tmp_path / "f") == 1
    text = page.read_text()
    assert text.index("graded WITHOUT the sandbox") < text.index("<h1>")
