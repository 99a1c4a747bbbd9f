"""grader.executors: the cores are shared out between the local workers' kernels; a worker
holds one student ahead and gives it back when it dies; it starts without jsonschema's IRI
grammars."""

import collections
import importlib.util
import signal
import sys
import types

from tests.support import REPO, run

from grader.executors import SerialExecutor, make_executor
from grader.executors.local import KERNEL_THREAD_VARS, LocalExecutor, kernel_thread_env


def test_kernel_threads_are_the_cores_shared_between_workers():
    assert kernel_thread_env(2, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(2, cores=8, environ={}) == {var: "4" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(3, cores=8, environ={}) == {var: "2" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(4, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    # one worker, or an instructor's own setting: left alone
    assert kernel_thread_env(1, cores=2, environ={}) == {}
    assert kernel_thread_env(2, cores=2, environ={"OMP_NUM_THREADS": "2"}) == {
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "1",
    }


def test_make_executor_picks_serial_local_or_dask():
    assert isinstance(make_executor(serial=True), SerialExecutor)
    from grader.executors.cluster import DaskExecutor

    assert (
        make_executor(scheduler="tcp://127.0.0.1:1").describe()
        == "Dask scheduler tcp://127.0.0.1:1"
    )
    assert isinstance(make_executor(scheduler="tcp://127.0.0.1:1"), DaskExecutor)
    local = make_executor(workers=1)
    try:
        assert local.describe() == "1 worker processes"
    finally:
        local.close()


def test_grading_processes_skip_jsonschemas_iri_grammars():
    """rfc3987_syntax (installed for JupyterLab) compiles 38 grammars when jsonschema imports
    it: about 1 s of every worker's start. The grader blocks it; notebooks still validate."""
    probe = (
        "import sys\n{first}import nbclient, nbformat, nbgrader.converters\n"
        "from nbformat.v4 import new_notebook\nnbformat.validate(new_notebook())\n"
        "print(sys.modules.get('rfc3987_syntax') is not None)"
    )
    runs = {
        first: run([sys.executable, "-c", probe.format(first=first)], cwd=REPO, timeout=120)
        for first in ("import grader.executors.local\n", "")
    }
    assert runs["import grader.executors.local\n"].stdout.strip() == "False"
    if importlib.util.find_spec("rfc3987_syntax"):  # the block is what keeps it out
        assert runs[""].stdout.strip() == "True"


def test_workers_are_forked_only_from_a_process_without_other_threads():
    """A forked worker starts with the nbgrader its parent imported (about 1 s sooner); with
    another thread running (a ZeroMQ I/O thread, pytest-xdist's channel) it is spawned."""
    probe = (
        "import threading, time\n"
        "from grader.executors.local import LocalExecutor, start_method\n"
        "def methods():\n"
        "    executor = LocalExecutor(workers=1)\n"
        "    try:\n"
        "        return start_method(), executor.pool[0].proc._popen.method\n"
        "    finally:\n"
        "        executor.close()\n"
        "alone = methods()\n"
        "threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
        "print(*alone, *methods())\n"
    )
    proc = run([sys.executable, "-c", probe], cwd=REPO, timeout=120)
    assert proc.stdout.split() == ["fork", "fork", "spawn", "spawn"]


class _FakeWorker:
    """A worker's bookkeeping without a process: what the executor sent, and a death."""

    def __init__(self, pid):
        self.tasks, self.sent = collections.deque(), []
        self.proc = types.SimpleNamespace(
            pid=pid, exitcode=-signal.SIGKILL, join=lambda timeout=None: None
        )
        self.conn = types.SimpleNamespace(send=self.sent.append, close=lambda: None)


def _executor(workers):
    executor = object.__new__(LocalExecutor)  # no processes: the hand-out and retry logic alone
    executor.workers, executor.pool, executor.retired = len(workers), list(workers), []
    return executor


def test_workers_hold_one_student_ahead_while_every_worker_could_get_one():
    """Each worker gets the next student while it grades one (it never waits for the main
    process between two), but the last students go to whichever worker is free first."""
    for count, held in ((5, [["s0", "s2"], ["s1", "s3"]]), (3, [["s0"], ["s1"]])):
        workers = [_FakeWorker(1), _FakeWorker(2)]
        pending = collections.deque((f"s{i}", 1, []) for i in range(count))
        events = []
        _executor(workers)._feed(
            pending, lambda s: s, {}, lambda kind, **info: events.append(info["student"])
        )
        assert [[t[0] for t in w.tasks] for w in workers] == held
        assert [[job for job, env in w.sent] for w in workers] == held
        assert events == ["s0", "s1"]  # "start" only for the students being graded
        assert len(pending) == count - sum(map(len, held))


def test_a_dead_worker_costs_its_current_student_an_attempt_and_its_held_one_nothing():
    worker = _FakeWorker(7)
    worker.tasks.extend([("a", 1, [], 0.0), ("b", 1, [], 0.0)])
    executor = _executor([worker])
    pending, events, results = collections.deque([("c", 1, [])]), [], []
    executor._lost(
        worker, pending, results.append, lambda kind, **info: events.append((kind, info["student"]))
    )
    assert list(pending) == [("a", 2, ["killed by SIGKILL"]), ("b", 1, []), ("c", 1, [])]
    assert events == [("died", "a")] and results == [] and executor.pool == []
