"""grader.kernel and grader.kernel_guard: the output bound, the memory cap, the guarded command,
the kernel's start (ready without fixed waits) and end (killed, its sandbox released)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader import cgroups, kernel, kernel_guard, prewarm
from tests.support import all_ended, processes_with


def _msg(msg_type, **content):
    return {
        "msg_type": msg_type,
        "content": content,
        "parent_header": {"msg_id": "m1"},
        "header": {"msg_type": msg_type},
    }


def test_output_beyond_the_bound_is_dropped_but_errors_and_stderr_are_kept():
    ep = kernel.GuardedExecute(max_output_chars=100)
    ep.reset_execution_trackers()
    ep.clear_before_next_output = False
    ep._output_chars, ep._truncated, ep._kept_stderr = 0, False, False
    outs = []
    ep.output(outs, _msg("stream", name="stdout", text="a" * 60), None, 0)
    ep.output(outs, _msg("stream", name="stdout", text="b" * 60), None, 0)  # 40 kept, rest cut
    for _ in range(1000):
        ep.output(outs, _msg("stream", name="stdout", text="c" * 1000), None, 0)
    ep.output(outs, _msg("stream", name="stderr", text="warning " * 1000), None, 0)
    ep.output(
        outs,
        _msg("error", ename="ValueError", evalue="v" * 10_000, traceback=["t" * 10_000] * 50),
        None,
        0,
    )
    kinds = [(o.output_type, o.get("name")) for o in outs]
    assert kinds == [
        ("stream", "stdout"),
        ("stream", "stdout"),
        ("stream", "stdout"),
        ("stream", "stderr"),
        ("error", None),
    ]
    assert outs[1].text == "b" * 40
    assert kernel.TRUNCATED in outs[2].text and "100 characters" in outs[2].text
    assert 0 < len(outs[3].text) <= 2000
    assert (
        outs[4].ename == "ValueError"
        and len(outs[4].evalue) <= 2000
        and len(outs[4].traceback) <= 20
    )
    assert sum(len(o.get("text", "")) for o in outs) < 3000


def test_kernel_guard_caps_memory_and_rejects_bad_options():
    code = (
        "try:\n    bytearray(600 * 1024 * 1024)\n    print('allocated')\n"
        "except MemoryError:\n    print('MemoryError')"
    )
    proc = subprocess.run(
        [*kernel_guard.command(), "--memory-mb", "256", "--", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.strip() == "MemoryError", proc.stderr
    for bad in (
        ["--memory-mb", "x", "--", "true"],
        ["--", "true"],
        ["--memory-mb", "5"],
        ["--oops", "1", "--", "true"],
    ):
        assert kernel_guard.main(bad) == 2
    assert kernel_guard.set_memory_limit(0) == 0
    with pytest.raises(ValueError):
        kernel_guard.set_memory_limit(-1)


def test_guarded_kernel_command_goes_through_the_guard():
    km = kernel.GuardedKernelManager(kernel_name="python3")
    km.memory_limit_mb, km.kernel_log = 512, "/tmp/k.log"
    cmd = km.format_kernel_cmd()
    guard = kernel_guard.command()
    assert guard[1] == "-S" and guard[2].endswith(
        "grader/kernel_guard.py"
    )  # a script: no package import
    assert cmd[:7] == [*guard, "--memory-mb", "512", "--log", "/tmp/k.log"]
    assert cmd[7] == "--" and "ipykernel_launcher" in " ".join(cmd[8:])
    km.memory_limit_mb, km.kernel_log = 0, ""
    assert guard[2] not in km.format_kernel_cmd()


def test_the_guard_starts_in_a_fraction_of_a_second():
    """Check that the guard in front of every kernel does not import the grader package (which
    takes about a second, paid by every submission)."""
    python, *script = kernel_guard.command()
    proc = subprocess.run(
        [python, "-X", "importtime", *script, "--memory-mb", "0", "--", "true"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line]
    assert proc.returncode == 0 and "os" in imported, proc.stderr[-2000:]
    assert not [
        m for m in imported if m.split(".")[0] in ("grader", "nbgrader", "jupyter_client")
    ], imported
    started = time.perf_counter()
    subprocess.run(
        [*kernel_guard.command(), "--memory-mb", "0", "--", "true"], check=True, timeout=60
    )
    assert time.perf_counter() - started < 0.5


def _ready_seconds(kc):
    """Seconds that a client takes to find an already running kernel ready."""
    from jupyter_core.utils import run_sync

    kc.start_channels()
    try:
        started = time.monotonic()
        run_sync(kc.wait_for_ready)(timeout=60)
        return time.monotonic() - started
    finally:
        kc.stop_channels()


def test_the_client_finds_a_kernel_ready_without_fixed_waits():
    """jupyter_client's wait_for_ready always waits for 0.2 s of IOPub silence; ours asks again
    every 20 ms, and the kernel answers and prints as usual afterwards."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_core.utils import run_sync

    km = kernel.GuardedKernelManager(kernel_name="python3")
    run_sync(km.start_kernel)()
    try:
        assert type(km.client()) is kernel.GuardedKernelClient
        _ready_seconds(km.client())  # the kernel is up
        ours = min(_ready_seconds(km.client()) for _ in range(3))
        plain = AsyncKernelClient()
        plain.load_connection_info(km.get_connection_info())
        theirs = _ready_seconds(plain)
        kc, printed = km.client(), []
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=60)
            reply = run_sync(kc.execute_interactive)(
                "print(6 * 7)",
                timeout=30,
                output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
            )
        finally:
            kc.stop_channels()
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    assert theirs >= 0.2, (
        f"jupyter_client's client took {theirs:.3f} s: the bound below proves nothing"
    )
    assert ours < 0.19, f"{ours:.3f} s to find a running kernel ready"
    assert reply["content"]["status"] == "ok" and "".join(printed) == "42\n"


def test_the_client_tries_a_kernel_not_yet_listening_again_within_its_reconnect_interval(tmp_path):
    """Its sockets connect before the kernel binds; ZeroMQ tries again every 10 ms instead of
    every 100 ms, and what was sent before the kernel listened still arrives."""
    import zmq

    kc = kernel.GuardedKernelClient(transport="ipc", ip=str(tmp_path / "kernel"))
    kc.shell_port, kc.iopub_port, kc.stdin_port, kc.hb_port, kc.control_port = range(1, 6)
    shell, iopub = kc.connect_shell(), kc.connect_iopub()
    kernel_side = zmq.Context.instance().socket(zmq.ROUTER)
    try:
        for sock in (shell, iopub, kc.connect_stdin(), kc.connect_control()):
            assert sock.getsockopt(zmq.RECONNECT_IVL) == kc.reconnect_ms == 10
        shell.send(b"sent before the kernel listened")
        time.sleep(0.05)
        kernel_side.bind(kc._make_url("shell"))
        assert kernel_side.poll(5000), "the message sent early never arrived"
        assert kernel_side.recv_multipart()[-1] == b"sent before the kernel listened"
    finally:
        kernel_side.close(linger=0)
        kc.context.destroy(linger=0)


def _execute(tmp_path, source, executed=None, **options):
    """Run a one-cell notebook with GuardedExecute in ``tmp_path``; returns the cell's outputs
    (and appends the preprocessor to ``executed``, a list, when given)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell(source)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    ep = kernel.GuardedExecute(memory_limit_mb=0, split=False, timeout=60, **options)
    if executed is not None:
        executed.append(ep)
    ep.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nbformat.from_dict(nb).cells[0].outputs


def test_the_kernel_is_killed_after_its_last_cell_so_student_exit_hooks_never_run(tmp_path):
    """A graceful shutdown (nbclient's default) waits for TensorFlow's teardown and runs the
    student's atexit hooks after grading; the grading kernel is killed instead."""
    hook = (
        "import atexit\n"
        "atexit.register(lambda: open({path!r}, 'w').write('ran after grading'))\nprint('registered')"
    )
    for mode, runs in (("immediate", False), ("graceful", True)):
        marker = tmp_path / f"{mode}.txt"
        outputs = _execute(tmp_path, hook.format(path=str(marker)), shutdown_kernel=mode)
        assert outputs[0]["text"] == "registered\n"
        assert marker.exists() == runs, mode
    assert kernel.GuardedExecute().shutdown_kernel == "immediate"


def _flaky_kernel(tmp_path, monkeypatch, deaths):
    """A kernel spec ``flaky`` whose first ``deaths`` starts exit before the first reply (as a
    kernel that lost its port to another process does); returns the file counting its starts."""
    import json

    starts = tmp_path / "starts"
    launcher = tmp_path / "flaky.py"
    launcher.write_text(
        "import os, sys\n"
        f"starts = {str(starts)!r}\n"
        "n = (int(open(starts).read()) if os.path.exists(starts) else 0) + 1\n"
        "open(starts, 'w').write(str(n))\n"
        f"if n <= {deaths}:\n"
        "    sys.exit('zmq.error.ZMQError: Address already in use')\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', *sys.argv[1:]])\n"
    )
    spec = tmp_path / "share" / "kernels" / "flaky"
    spec.mkdir(parents=True)
    argv = [sys.executable, str(launcher), "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "flaky", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share"))
    return starts


def test_a_kernel_that_dies_before_its_first_reply_is_started_again(tmp_path, monkeypatch):
    """Before its first reply no code of the notebook has run: the death is the machine's, not
    the student's, and costs a new start (up to ``start_attempts``), not the student's grade."""
    starts = _flaky_kernel(tmp_path, monkeypatch, deaths=2)
    outputs = _execute(tmp_path, "print(6 * 7)", kernel_name="flaky")
    assert outputs[0]["text"] == "42\n" and starts.read_text() == "3"


def test_a_kernel_that_never_starts_fails_after_its_attempts(tmp_path, monkeypatch):
    """Three starts that all die: the notebook is not graded, with jupyter_client's reason."""
    starts = _flaky_kernel(tmp_path, monkeypatch, deaths=99)
    with pytest.raises(RuntimeError, match="before replying to kernel_info"):
        _execute(tmp_path, "print(6 * 7)", kernel_name="flaky", start_attempts=3)
    assert starts.read_text() == "3"


#: both ways of starting a sandboxed kernel: a bwrap each, or forked from a pre-warmed server
PREWARM = [False] + ([True] if not prewarm.available() else [])


@pytest.mark.parametrize("forked", PREWARM, ids=lambda f: "forked" if f else "bwrap")
def test_a_sandboxed_kernel_that_dies_leaves_no_run_folder(tmp_path, monkeypatch, forked):
    """nbclient cleans up after a dead kernel with ``cleanup_resources``: that is where the
    sandbox's run folder (connection file, sockets) is removed too."""
    import shutil
    import tempfile

    runs = Path(tempfile.mkdtemp(prefix="runs-", dir="/tmp"))  # short: a socket path has 107 bytes
    try:
        os.chmod(tmp_path, 0o755)
        monkeypatch.setattr(tempfile, "tempdir", str(runs))
        work = tmp_path / "work"
        work.mkdir()
        outputs = _execute(
            work, "import os\nos._exit(3)", sandbox=True, sandbox_tmp_mb=16, prewarm=forked
        )
        assert outputs[-1]["ename"] == kernel.KERNEL_DIED, outputs
        assert "exit code 3" in outputs[-1]["evalue"]
        prewarm.stop()  # the server outlives its kernels, not its grading process
        assert sorted(p.name for p in runs.iterdir()) == []
        assert cgroups.leftovers(owner=os.getpid()) == []
        assert str(runs) not in Path("/proc/self/mounts").read_text()
    finally:
        shutil.rmtree(runs, ignore_errors=True)


needs_cgroups = pytest.mark.skipif(
    os.geteuid() != 0 or bool(cgroups.unavailable()),
    reason=f"needs root and cgroups: {cgroups.unavailable() or 'not root'}",
)


@pytest.mark.slow
@needs_cgroups
@pytest.mark.parametrize("forked", PREWARM, ids=lambda f: "forked" if f else "bwrap")
def test_a_notebook_past_its_wall_clock_budget_ends_with_its_whole_sandbox(tmp_path, forked):
    """The budget is per notebook, not per cell (the cell's own timeout is 60 s here): after
    25 s (the kernel's start included), the kernel and a grandchild in its own session are
    killed, the cell says the kernel died, and neither a cgroup nor a run folder stays behind."""
    os.chmod(tmp_path, 0o755)
    work = tmp_path / "work"
    work.mkdir()
    cell = (
        "import subprocess, time\nsubprocess.Popen(['sleep', '987649'], start_new_session=True)\n"
        "time.sleep(120)\nprint('not ended')"
    )
    executed, started = [], time.monotonic()
    outputs = _execute(
        work, cell, executed, sandbox=True, sandbox_tmp_mb=16, sandbox_wall_s=25, prewarm=forked
    )
    took = time.monotonic() - started
    assert outputs[-1]["ename"] == kernel.KERNEL_DIED, outputs
    assert "not ended" not in str(outputs) and 25 <= took < 58
    assert "wall-clock budget of 25 s" in executed[0]._guard_km.sandbox_ended
    assert all_ended("987649")
    assert cgroups.leftovers(owner=os.getpid()) == []


@needs_cgroups
@pytest.mark.parametrize("forked", PREWARM, ids=lambda f: "forked" if f else "bwrap")
def test_a_kernel_filling_its_tmpfs_runs_out_of_its_memory_budget(tmp_path, forked):
    """/tmp holds 512 MiB, the sandbox 256 MiB of memory: writing 400 MiB of files there ends
    the kernel (it would finish without the cgroup)."""
    os.chmod(tmp_path, 0o755)
    work = tmp_path / "work"
    work.mkdir()
    cell = "for i in range(100):\n    open(f'/tmp/f{i}', 'wb').write(b'x' * 4 * 2**20)\nprint('wrote 400 MiB')"
    outputs = _execute(
        work, cell, sandbox=True, sandbox_tmp_mb=512, sandbox_ram_mb=256, prewarm=forked
    )
    assert outputs[-1]["ename"] == kernel.KERNEL_DIED, outputs
    assert "SIGKILL" in outputs[-1]["evalue"] and "wrote 400 MiB" not in str(outputs)
    assert cgroups.leftovers(owner=os.getpid()) == []


_GRADE_ONE = """
import sys
from pathlib import Path
from nbformat.v4 import new_code_cell, new_notebook
from grader import kernel
nb = new_notebook(cells=[new_code_cell(Path(sys.argv[1]).read_text())],
                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
ep = kernel.GuardedExecute(memory_limit_mb=0, split=False, timeout=120, sandbox=True, sandbox_tmp_mb=16,
                           sandbox_wall_s=int(sys.argv[3]))
ep.preprocess(nb, {"metadata": {"path": sys.argv[2]}})
print(ep._guard_km.sandbox_ended)
"""


@pytest.mark.slow
@needs_cgroups
def test_a_classmates_fork_bomb_does_not_starve_a_graded_kernel(tmp_path):
    """Two students graded at the same time: one kernel starts 100 busy children, each in its
    own session (until its 45 s wall clock ends its sandbox); the other kernel starts and runs
    its import and loop in about the time it takes alone."""
    import secrets
    import subprocess
    import sys

    from tests.support import REPO

    os.chmod(tmp_path, 0o755)
    cell = "import numpy\ntotal = 0\nfor i in range(2_000_000):\n    total += i\nprint('done')"

    def graded_seconds(name):
        (tmp_path / name).mkdir()
        started = time.monotonic()
        outputs = _execute(tmp_path / name, cell, sandbox=True, sandbox_tmp_mb=16)
        assert outputs[-1].get("text") == "done\n", outputs
        return time.monotonic() - started

    alone = graded_seconds("alone")
    mark = f"bomb-{secrets.token_hex(4)}"
    (tmp_path / "bomb.py").write_text(
        "import os, subprocess, sys, time\nstart, go = os.pipe()\n"
        f"spin = 'import os; os.read(0, 1)\\nwhile True: pass  # {mark}'\n"
        "for _ in range(100):\n    subprocess.Popen([sys.executable, '-c', spin], stdin=start, start_new_session=True)\n"
        "os.close(go)\ntime.sleep(600)"
    )
    (tmp_path / "bomb").mkdir()
    grader = subprocess.Popen(
        [sys.executable, "-c", _GRADE_ONE, str(tmp_path / "bomb.py"), str(tmp_path / "bomb"), "45"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 40
        while processes_with(mark) < 100 and time.monotonic() < deadline and grader.poll() is None:
            time.sleep(0.2)
        assert processes_with(mark) >= 100, grader.poll()
        beside = graded_seconds("beside")
        out, err = grader.communicate(timeout=120)
    finally:
        if grader.poll() is None:
            grader.kill()
    print(f"graded kernel: {alone:.1f} s alone, {beside:.1f} s beside a classmate's fork bomb")
    assert beside < 3 * alone + 10, f"{beside:.1f} s beside the bomb, {alone:.1f} s alone"
    assert "wall-clock budget of 45 s" in out, err[-3000:]
    assert all_ended(mark) and cgroups.leftovers(owner=grader.pid) == []
