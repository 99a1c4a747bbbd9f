"""grader.prewarm and grader/zygote.py: kernels forked from a pre-warmed server are as isolated
from each other, from the server and from the host as a kernel in a bwrap of its own.

The isolation every sandboxed kernel must have (uid, no network, read-only system, capped
folders, limits, nothing outliving it) is tested for both ways in ``test_sandbox.py`` and
``test_kernel.py``; these tests are about what forking adds: a server shared by many kernels.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from grader import cgroups, kernel_sandbox, prewarm, sandbox
from tests.support import all_ended, processes_with

pytestmark = pytest.mark.skipif(bool(prewarm.available()), reason=prewarm.available() or "")
LIMITS = sandbox.Limits(memory_mb=2048, processes=64, file_mb=4, cpu_s=30, tmp_mb=16)


def _start(tmp_path, name, code, *, cgroup=None):
    """Start ``python -c code`` forked from the server; returns the client's Popen."""
    work, run = tmp_path / name / "work", tmp_path / name / "run"
    work.mkdir(parents=True)
    run.mkdir()
    (work / "submitted.txt").write_text(f"hand-in of {name}")
    os.chmod(tmp_path, 0o755)
    os.chmod(tmp_path / name, 0o755)
    sandbox.set_owner(paths=[work, run], uid=sandbox.kernel_uid())
    box = kernel_sandbox.Box(rundir=str(run), mounted=False, limits=LIMITS, cgroup=cgroup)
    cmd = prewarm.launch_command(
        command=[sys.executable, "-c", textwrap.dedent(code)], cwd=work, env=os.environ, box=box
    )
    if cgroup is not None:
        cmd = sandbox.outer_guard(cgroup=cgroup, log="") + ["--", *cmd]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={"PATH": "/usr/bin"}
    )


def _run(tmp_path, name, code):
    proc = _start(tmp_path, name, code)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


def test_a_kernel_starts_with_tensorflow_imported_and_no_op_run(tmp_path):
    out = _run(
        tmp_path,
        "a",
        """
        import os, sys, threading
        print('preloaded', all(m in sys.modules for m in ('tensorflow', 'keras', 'numpy')))
        print('pid', os.getpid(), 'threads', threading.active_count())
        import tensorflow as tf
        print('sum', int(tf.reduce_sum(tf.constant([1, 2, 3]))))
        """,
    )
    assert "preloaded True" in out and "pid 2 threads 1" in out and "sum 6" in out


def test_a_kernel_finds_what_ipykernels_start_imports_already_imported(tmp_path):
    """ipykernel's start imports its debugger (debugpy, about 140 modules) and sqlite3 (the
    history): the server has, so a kernel's start does not."""
    out = _run(
        tmp_path,
        "a",
        """
        import sys
        print('preloaded', [m for m in ('ipykernel.debugger', 'debugpy', 'sqlite3') if m in sys.modules])
        """,
    )
    assert "preloaded ['ipykernel.debugger', 'debugpy', 'sqlite3']" in out, out


def test_a_kernel_sees_the_venv_and_helpers_wherever_the_course_lives(tmp_path):
    """The kernel's fresh /tmp keeps the server's read-only binds below it: a clone in /tmp
    (as CI makes) keeps its venv and helpers/ importable, the server's socket folder hidden."""
    out = _run(
        tmp_path,
        "a",
        """
        import sys
        print('preloaded', 'nbformat' in sys.modules, 'helpers.checks' in sys.modules)
        import nbformat, helpers.checks
        print('imported', nbformat.__name__, helpers.checks.__name__)
        """,
    )
    assert "preloaded False False" in out and "imported nbformat helpers.checks" in out


def test_two_kernels_share_nothing_they_write(tmp_path):
    """The first kernel writes into every writable folder it has and leaves a process
    running; the second, forked from the same server, finds none of it."""
    marker, sleeper = uuid.uuid4().hex, str(765000 + os.getpid() % 1000)
    out = _run(
        tmp_path,
        "first",
        f"""
        import os, subprocess
        for folder in ('/tmp', '/dev/shm', os.environ['HOME'], '.'):
            open(os.path.join(folder, '{marker}'), 'w').write('left behind')
        subprocess.Popen(['sleep', '{sleeper}'], start_new_session=True)
        print('wrote')
        """,
    )
    assert "wrote" in out
    out = _run(
        tmp_path,
        "second",
        f"""
        import os
        found = [f for f in ('/tmp', '/dev/shm', os.environ['HOME'], '.')
                 if os.path.exists(os.path.join(f, '{marker}'))]
        print('found', found, open('submitted.txt').read())
        print('processes', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
        """,
    )
    assert "found [] hand-in of second" in out
    assert "processes [1, 2]" in out  # its own init and itself: nothing of the first
    assert all_ended(sleeper)


def test_a_kernel_cannot_reach_the_server_or_its_init(tmp_path):
    socket_path = prewarm.server_socket(environ=os.environ, limits=LIMITS)
    out = _run(
        tmp_path,
        "a",
        f"""
        import os, signal, socket
        print('socket visible', os.path.exists({socket_path!r}))
        s = socket.socket(socket.AF_UNIX)
        print('connect', s.connect_ex({socket_path!r}) == 0)
        for sig in (signal.SIGKILL, signal.SIGTERM):
            try:
                os.kill(1, sig)
                print('signalled init')
            except OSError as exc:
                print('init refused', exc.errno)
        print('uid', os.getuid(), 'init alive', os.path.exists('/proc/1'))
        """,
    )
    assert "socket visible False" in out and "connect False" in out
    assert "signalled init" not in out and "init refused 1" in out  # EPERM: root's process
    assert f"uid {sandbox.kernel_uid()} init alive True" in out


def test_a_kernel_has_its_own_loopback_and_no_other_network(tmp_path):
    """Like a bwrap kernel's: a server it starts on 127.0.0.1 answers it; the grader's loopback
    ports and the outside are out of reach."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    try:
        out = _run(
            tmp_path,
            "a",
            f"""
            import socket
            own = socket.create_server(('127.0.0.1', 0))
            print('own loopback', socket.create_connection(own.getsockname(), timeout=2) is not None)
            for address in [('127.0.0.1', {port}), ('1.1.1.1', 53)]:
                try:
                    socket.create_connection(address, timeout=2)
                    print('reached', address)
                except OSError as exc:
                    print(type(exc).__name__)
            """,
        )
    finally:
        listener.close()
    assert "own loopback True" in out and "reached" not in out
    assert "ConnectionRefusedError" in out  # the grader's port: nothing listens in its namespace


def test_killing_the_client_ends_the_kernel_and_all_it_started(tmp_path):
    marker = str(700000 + os.getpid() % 10000)
    proc = _start(
        tmp_path,
        "a",
        f"""
        import subprocess, time
        subprocess.Popen(['sleep', '{marker}'], start_new_session=True)
        print('started', flush=True)
        time.sleep(600)
        """,
    )
    assert proc.stdout.readline().strip() == "started"
    assert processes_with(marker) == 2  # the client (its command holds the code) and sleep
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert all_ended(marker)


@pytest.mark.skipif(bool(cgroups.unavailable()), reason=cgroups.unavailable() or "")
def test_a_forked_kernel_belongs_to_its_submissions_cgroup(tmp_path):
    group = cgroups.create(cpu_shares=512, memory_mb=512, pids_max=64)
    try:
        proc = _start(
            tmp_path, "a", "import time\nprint('up', flush=True)\ntime.sleep(600)", cgroup=group
        )
        assert proc.stdout.readline().strip() == "up"
        members = group.pids()
        assert len(members) >= 4  # client, handler, init, kernel
        assert proc.pid in members
        group.kill()
        proc.wait(timeout=10)
        assert sandbox.exit_signal(proc.returncode) == signal.SIGKILL
        deadline = time.monotonic() + 10
        while group.pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not group.pids()
    finally:
        group.remove()


def test_a_dead_server_is_started_again(tmp_path):
    first = prewarm.server_socket(environ=os.environ, limits=LIMITS)
    prewarm.stop()
    assert not os.path.exists(first)
    assert "sum 3" in _run(tmp_path, "a", "print('sum', 1 + 2)")
    assert prewarm.server_socket(environ=os.environ, limits=LIMITS) != first


def test_a_server_that_cannot_start_leaves_the_kernels_a_bwrap_each(tmp_path, monkeypatch, caplog):
    prewarm.stop()
    broken = [sys.executable, "-c", "import sys; sys.exit('zygote: no TensorFlow here')"]
    monkeypatch.setattr(prewarm, "_server_command", lambda **kw: broken)
    try:
        box = kernel_sandbox.Box(rundir=str(tmp_path), mounted=False, limits=LIMITS)
        command = [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]
        assert prewarm.launch_command(command=command, cwd=tmp_path, env={}, box=box) is None
        assert "the server did not start: zygote: no TensorFlow here" in caplog.text
        cmd, _, _ = kernel_sandbox.launch_command(
            command=command, cwd=tmp_path, env={}, box=box, prewarm=True
        )
        assert any(part.endswith("bwrap") for part in cmd)
    finally:
        prewarm._server.clear()


def _in_a_worker(tmp_path, handed):
    """What a grading worker forked from this process, with ``handed`` in its environment, does
    with its first kernel: ``(the kernel's output, the server it used, whether it started one)``."""
    import multiprocessing

    def worker(conn):
        os.environ.update(handed)
        socket_path = prewarm.server_socket(environ=os.environ, limits=LIMITS)
        out = _run(tmp_path, "w", "print('sum', 1 + 2)")
        conn.send((out, socket_path, prewarm._server.get("owner") == os.getpid()))
        prewarm.stop()  # a worker ends its own server, never its parent's

    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=worker, args=(child,))
    process.start()
    try:
        return parent.recv()
    finally:
        process.join(60)


def test_the_workers_use_the_server_their_grading_process_shares(tmp_path):
    """``make grade`` starts one server, without waiting, and hands it to every worker: a
    worker's kernel is a fork of it, and the worker starts no server of its own."""
    prewarm.stop()
    handed = prewarm.share(environ=os.environ, tmp_mb=LIMITS.tmp_mb)
    try:
        assert (
            handed[prewarm.SHARED]
            == f"{prewarm._server['process'].pid}:{prewarm._server['socket']}"
        )
        out, used, started_own = _in_a_worker(tmp_path, handed)
        assert "sum 3" in out
        assert used == prewarm._server["socket"] and not started_own
        assert prewarm._server["process"].poll() is None  # still serving the class
        assert prewarm.share(environ=os.environ, tmp_mb=LIMITS.tmp_mb) == handed  # the same one
    finally:
        prewarm.stop()


def test_a_worker_whose_shared_server_ended_starts_its_own(tmp_path):
    prewarm.stop()
    handed = prewarm.share(environ=os.environ, tmp_mb=LIMITS.tmp_mb)
    prewarm.stop()  # the grading process's server is gone before the worker's first kernel
    out, used, started_own = _in_a_worker(tmp_path, handed)
    assert "sum 3" in out
    assert used != handed[prewarm.SHARED].partition(":")[2] and started_own
