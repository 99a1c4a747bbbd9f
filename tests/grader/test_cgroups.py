"""grader.cgroups: one budget per sandbox. A fork bomb in its own sessions does not starve a
classmate's sandbox, tmpfs writes count against the memory budget, a process count above
pids.max fails cleanly, ending a sandbox ends all of it, and no group stays behind."""

import contextlib
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from grader import cgroups, kernel_sandbox, sandbox
from tests.support import all_ended, processes_with

needs_cgroups = pytest.mark.skipif(
    os.geteuid() != 0 or bool(cgroups.unavailable()),
    reason=f"cgroups need root and the cpu, memory and pids controllers: {cgroups.unavailable() or 'not root'}",
)

#: per-process limits loose enough that only the cgroup can bound what the tests do
LOOSE = sandbox.Limits(memory_mb=0, processes=8192, file_mb=4, cpu_s=600, tmp_mb=512)


def _group(**budget):
    return cgroups.create(**{"cpu_shares": 512, "memory_mb": 1024, "pids_max": 512, **budget})


@contextlib.contextmanager
def _sandbox(code, group, *args, limits=LOOSE):
    """A running sandbox (``Popen``, stdout piped) that executes ``python -c code *args``."""
    with tempfile.TemporaryDirectory(prefix="cg-") as tmp:
        work, run = Path(tmp, "work"), Path(tmp, "run")
        work.mkdir()
        run.mkdir()
        os.chmod(tmp, 0o755)
        sandbox.set_owner(paths=[work, run], uid=sandbox.kernel_uid())
        cmd = sandbox.sandbox_command(
            command=[sys.executable, "-c", textwrap.dedent(code), *args],
            workdir=work,
            rundir=run,
            environ=os.environ,
            limits=limits,
            uid=sandbox.kernel_uid(),
            cgroup=group,
        )
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": "/usr/bin:/bin"},
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=30)
            sandbox.set_owner(paths=[work, run])


@needs_cgroups
def test_the_budget_is_written_and_the_group_removed():
    group = _group(cpu_shares=300, memory_mb=200, pids_max=77)
    try:
        assert group.version in (1, 2) and len(cgroups.leftovers(owner=os.getpid())) == len(
            set(group.dirs.values())
        )
        if group.version == 1:
            assert Path(group.dirs["cpu"], "cpu.shares").read_text().strip() == "300"
            assert Path(group.dirs["memory"], "memory.limit_in_bytes").read_text().strip() == str(
                200 * 2**20
            )
            assert Path(group.dirs["pids"], "pids.max").read_text().strip() == "77"
            grader_shares = int(Path(group.dirs["cpu"]).parent.joinpath("cpu.shares").read_text())
            assert 512 < grader_shares  # the default sandbox weighs less than the grader
        else:
            assert Path(group.dirs[""], "memory.max").read_text().strip() == str(200 * 2**20)
            assert Path(group.dirs[""], "pids.max").read_text().strip() == "77"
    finally:
        assert group.remove()
    assert cgroups.leftovers(owner=os.getpid()) == []
    line = kernel_sandbox.budget_line(
        sandbox.Limits(cpu_shares=300, ram_mb=1500, pids_max=77, wall_s=9, run_mb=2)
    )
    cpu = "cpu.shares 300" if group.version == 1 else "cpu.weight 29"  # 300 * 100 / 1024
    assert line.startswith(f"cgroup v{group.version}: {cpu}") and "1500 MiB incl. tmpfs" in line
    assert (
        "pids.max 77" in line and "9 s per notebook" in line and "a 2 MiB tmpfs of its own" in line
    )
    assert cgroups.leftovers(owner=os.getpid()) == []


HONEST = """
    import time
    started = time.perf_counter()
    import numpy
    total = 0
    for i in range(2_000_000):
        total += i
    print(round(time.perf_counter() - started, 3))
    """
BOMB = """
    import os, sys, time
    start, go = os.pipe()  # the children spin once all are forked (the parent is not starved)
    for _ in range(int(sys.argv[1])):
        if os.fork() == 0:
            os.setsid()
            os.close(go)
            os.read(start, 1)
            while True:
                pass
    os.close(go)
    print('ready', flush=True)
    time.sleep(600)
    """


def _honest_seconds(*, grouped, cap):
    """Seconds that an honest import and loop take in a sandbox (its own group when
    ``grouped``); ``cap`` when they do not finish by then."""
    group = _group() if grouped else None
    try:
        with _sandbox(HONEST, group) as proc:
            try:
                out, err = proc.communicate(timeout=cap)
            except subprocess.TimeoutExpired:
                return cap
        assert proc.returncode == 0, err
        return float(out.split()[-1])
    finally:
        if group is not None:
            assert group.remove()


@pytest.mark.slow  # about 10 s of two busy kernels: make test
@needs_cgroups
@pytest.mark.parametrize("grouped", [True, False], ids=["cgroups", "control-without"])
def test_a_fork_bomb_in_its_own_sessions_cannot_starve_a_classmate(grouped):
    """100 busy children, each in its own session, in one sandbox; a classmate's import and
    loop in another sandbox at the same time. With a group each, the classmate keeps about
    its share of the CPU; the control without groups shows that the bomb does starve it."""
    alone = _honest_seconds(grouped=grouped, cap=60)
    bomb = _group() if grouped else None
    marker = f"bomb-{uuid.uuid4().hex}"  # in every child's command line, and in no other test's
    try:
        with _sandbox(BOMB, bomb, "100", marker) as proc:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            cap = 3 * alone + 6
            beside = _honest_seconds(grouped=grouped, cap=cap)
            if grouped:
                assert len(bomb.pids()) > 100  # the children are in the bomb's group
    finally:
        if bomb is not None:
            assert bomb.remove()
    assert all_ended(marker)
    if grouped:
        assert beside < cap, f"{beside:.1f} s beside the bomb, {alone:.1f} s alone"
    else:
        assert beside >= cap, (
            f"{beside:.1f} s beside the bomb without cgroups: the bomb proves nothing"
        )
    assert cgroups.leftovers(owner=os.getpid()) == []


@needs_cgroups
def test_a_memory_hog_writing_tmpfs_is_bounded():
    """Files in the sandbox's tmpfs /tmp (512 MiB, each file 4 MiB: neither bounds 300 MiB)
    are charged to its group: the writer is killed near 96 MiB."""
    group = _group(memory_mb=96)
    try:
        with _sandbox(
            """
                import sys
                for i in range(75):
                    with open(f'/tmp/fill{i}', 'wb') as f:
                        f.write(b'x' * 4 * 2**20)
                    print((i + 1) * 4, flush=True)
                print('wrote all')
                """,
            group,
        ) as proc:
            out, err = proc.communicate(timeout=120)
        written = [int(n) for n in out.split() if n.isdigit()]
        peak = group.memory_peak_mb()
    finally:
        assert group.remove()
    assert "wrote all" not in out, err
    assert written and max(written) < 96, written
    assert 40 < peak <= 96 + 1, peak  # the writes were charged here, up to the budget
    assert proc.returncode != 0


@needs_cgroups
def test_a_process_count_above_pids_max_fails_cleanly():
    group = _group(pids_max=40)
    try:
        with _sandbox(
            """
                import os, time
                n = 0
                try:
                    for _ in range(300):
                        if os.fork() == 0:
                            os.setsid()
                            time.sleep(30)
                            os._exit(0)
                        n += 1
                except OSError as exc:
                    print('refused', exc.errno)
                print('forked', n)
                """,
            group,
        ) as proc:
            out, err = proc.communicate(timeout=60)
    finally:
        assert group.remove()
    assert proc.returncode == 0, err
    assert "refused 11" in out  # EAGAIN
    assert 10 < int(out.split()[-1]) < 40


@pytest.mark.parametrize(
    "grouped",
    [pytest.param(True, id="cgroups", marks=needs_cgroups), pytest.param(False, id="rlimits-only")],
)
def test_the_wall_clock_ends_the_whole_sandbox(grouped):
    """A kernel that runs past its wall-clock budget, with a grandchild in its own session and
    a child that ignores signals: all of them end, and nothing stays behind."""
    limits = sandbox.Limits(memory_mb=0, processes=8192, file_mb=4, cpu_s=600, tmp_mb=16, wall_s=2)
    box = kernel_sandbox.Box(
        rundir="", mounted=False, limits=limits, cgroup=_group() if grouped else None
    )
    grandchild, child = (str(random.randrange(10**8, 10**9)) for _ in range(2))  # unique
    started = time.monotonic()
    try:
        with _sandbox(
            """
                import signal, subprocess, sys, time
                subprocess.Popen(['sleep', sys.argv[1]], start_new_session=True)
                subprocess.Popen(['python3', '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(%s)' % sys.argv[2]])
                print('started', flush=True)
                time.sleep(600)
                """,
            box.cgroup,
            grandchild,
            child,
            limits=limits,
        ) as proc:
            assert proc.stdout.readline().strip() == "started", proc.stderr.read()
            assert processes_with(grandchild)
            kernel_sandbox.start_clock(box=box, process=proc)
            proc.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        kernel_sandbox.release(box=box, workdir=None)
    assert "wall-clock budget of 2 s" in box.ended
    assert 2 <= took < 20
    assert all_ended(grandchild) and all_ended(child)
    assert cgroups.leftovers(owner=os.getpid()) == []


def test_a_v2_budget_is_written_as_weight_max_and_no_swap(tmp_path):
    """cgroup v2 is not mounted here: the files its budget writes, on plain files."""
    assert cgroups._limit(2, {"": tmp_path}, cpu_shares=512, memory_mb=300, pids_max=90) == []
    written = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert written == {
        "cpu.weight": "50",
        "memory.max": str(300 * 2**20),
        "pids.max": "90",
        "memory.swap.max": "0",
    }
    cgroups._limit(2, {"": tmp_path}, cpu_shares=1, memory_mb=0, pids_max=0)
    assert (tmp_path / "cpu.weight").read_text() == "1" and (
        tmp_path / "memory.max"
    ).read_text() == "max"
