"""Long-lived worker processes on this machine, each grading one student at a time in-process.

Standard library only (``multiprocessing``). A worker is forked from this process when that is
safe (:func:`start_method`: this process runs no other thread), so it starts at once with the
nbgrader this process already imported; otherwise it is spawned and imports nbgrader itself
(about 1 s of CPU). Each stops as soon as no student is left for it.
While the class has enough students left for every worker, each worker holds :data:`AHEAD`
more than the one it grades, so that it never waits for the main process between two.
A worker that dies (killed, out of memory, or killed by student code) loses nothing: its
student is graded again on a fresh worker (the students it held are handed out again); if that
one dies too, the student is ``ungradable`` with the reason. Each worker's kernels get their
share of the cores (:func:`kernel_thread_env`).
"""

import collections
import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time

from grader.executors import Executor, safe_grade_one
from grader.records import UNGRADABLE, GradeResult

__all__ = [
    "AHEAD",
    "KERNEL_THREAD_VARS",
    "MAX_ATTEMPTS",
    "LocalExecutor",
    "default_workers",
    "kernel_thread_env",
    "start_method",
]

#: how many times one student is tried when its worker process dies (1 retry)
MAX_ATTEMPTS = 2
#: students a worker holds beyond the one it grades (while the class has enough left for all)
AHEAD = 1
#: what each worker's kernels get when several workers share the cores (unless already set)
KERNEL_THREAD_VARS = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS")


def default_workers():
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def start_method():
    """How the next worker starts: ``"fork"`` when this process runs a single thread, else ``"spawn"``.

    A forked worker shares what this process imported (copy-on-write) instead of importing it
    again. Forking is safe only without other threads (one could hold a lock the copy never
    sees released: a ZeroMQ I/O thread, pytest-xdist's channel), so every thread of the
    process is counted, those started by C libraries included (``/proc/self/task``).

    Returns:
        str: a start method of :mod:`multiprocessing`.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc: do not guess
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def kernel_thread_env(workers, cores=None, environ=None):
    """The thread settings each worker's kernels get: the cores shared out between the workers.

    TensorFlow sizes its thread pools to every core of the machine, so ``W`` kernels on ``W``
    cores each run ``W``-wide pools that fight for the same cores. With several workers each
    kernel gets ``cores // workers`` threads (at least 1) for TensorFlow's intra-op and inter-op
    pools and OpenMP. A variable the caller already set is kept; one worker, or more cores than
    it needs, changes nothing.

    Returns:
        dict: ``{variable: value}`` to add to a worker's environment (may be empty).
    """
    cores = cores or default_workers()
    environ = os.environ if environ is None else environ
    threads = max(1, cores // workers)
    if threads >= cores:  # one worker, or one core
        return {}
    return {var: str(threads) for var in KERNEL_THREAD_VARS if var not in environ}


def _worker_main(conn):
    """Receive ``(GradeJob, env)``, grade it, send the GradeResult; None stops the worker.
    ``env`` is added to the worker's environment, which its kernels inherit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    for module in ("nbclient", "nbgrader.converters"):  # warm the imports before the first job
        importlib.import_module(module)

    while True:
        try:
            message = conn.recv()
        except EOFError:
            message = None
        if message is None:
            # Every result has been sent and the worker owns no files: skip the interpreter's
            # teardown of nbgrader's modules (about 0.5 s that the whole class would wait for).
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        job, env = message
        os.environ.update(env)
        conn.send(safe_grade_one(job))


class _Worker:
    def __init__(self):
        ctx = multiprocessing.get_context(start_method())
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.tasks = (
            collections.deque()
        )  # (student, attempt, deaths so far, started); [0] is graded

    def ask_to_stop(self):
        """Tell the worker to exit after the jobs it holds (returns at once)."""
        with contextlib.suppress(Exception):
            self.conn.send(None)

    def stop(self):
        self.ask_to_stop()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()

    def kill(self):
        self.proc.kill()
        self.proc.join()

    def receive(self):
        """The result the worker sent, or None when it died first."""
        if self.conn.poll():
            try:
                return self.conn.recv()
            except (EOFError, OSError):
                return None
        return None


def _death_reason(exitcode):
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class LocalExecutor(Executor):
    """``workers`` worker processes (default: every core), started at once."""

    def __init__(self, workers=None):
        self.workers = max(1, int(workers or default_workers()))
        self.pool = [_Worker() for _ in range(self.workers)]
        self.retired = []  # told to stop (no work left, or dead): waited for at the end

    def describe(self):
        return f"{self.workers} worker processes"

    def fit(self, count):
        """Kill the workers a class of ``count`` students does not need (they hold nothing yet)."""
        self.workers = max(1, min(self.workers, count))
        for worker in self.pool[self.workers :]:
            worker.kill()
        del self.pool[self.workers :]

    def close(self):
        """Stop every worker: all are told first, then each is waited for (killed after 5 s)."""
        workers, self.pool, self.retired = self.pool + self.retired, [], []
        for worker in workers:
            worker.ask_to_stop()
        for worker in workers:
            worker.stop()

    def kill(self):
        """Kill every worker at once (a setup error, Ctrl-C)."""
        for worker in self.pool + self.retired:
            worker.kill()
        self.pool, self.retired = [], []

    def run(self, students, make_job, on_result, *, context):
        env = kernel_thread_env(self.workers)
        if context.kernel_server_tmp_mb:  # one pre-warmed server for every worker's kernels
            from grader import prewarm

            env.update(
                prewarm.share(environ={**os.environ, **env}, tmp_mb=context.kernel_server_tmp_mb)
            )
        pending = collections.deque((student, 1, []) for student in students)
        while pending or any(w.tasks for w in self.pool):
            self._staff(pending)
            self._hand_out(pending, make_job, env, context.on_event)
            self._collect(pending, make_job, env, on_result, context.on_event)

    def _staff(self, pending):
        """Drop dead idle workers; start new ones while there is work for them."""
        self.retired += [w for w in self.pool if not (w.proc.is_alive() or w.tasks)]
        self.pool = [w for w in self.pool if w.proc.is_alive() or w.tasks]
        while len(self.pool) < self.workers and sum(1 for w in self.pool if not w.tasks) < len(
            pending
        ):
            self.pool.append(_Worker())

    def _hand_out(self, pending, make_job, env, on_event):
        """Feed the workers; let those left without work exit."""
        self._feed(pending, make_job, env, on_event)
        for worker in [w for w in self.pool if not w.tasks]:  # no work left for it: let it exit now
            worker.ask_to_stop()
            self.pool.remove(worker)
            self.retired.append(worker)

    def _feed(self, pending, make_job, env, on_event):
        """A student to every idle worker, then up to AHEAD more to each while every worker
        could still get one (the last students go to whichever worker is free first)."""
        for worker in self.pool:
            if pending and not worker.tasks:
                self._give(worker, pending, make_job, env, on_event)
        for level in range(1, AHEAD + 1):
            for worker in self.pool:
                if len(worker.tasks) == level and len(pending) >= len(self.pool):
                    self._give(worker, pending, make_job, env, on_event)

    def _give(self, worker, pending, make_job, env, on_event):
        student, attempt, deaths = pending.popleft()
        worker.tasks.append((student, attempt, deaths, time.monotonic()))
        with contextlib.suppress(OSError):  # a dead worker: its sentinel says so
            worker.conn.send((make_job(student), env))
        if len(worker.tasks) == 1:
            self._started(worker, on_event)

    @staticmethod
    def _started(worker, on_event):
        """The worker's first student is now being graded."""
        student, attempt, deaths, _ = worker.tasks[0]
        worker.tasks[0] = (student, attempt, deaths, time.monotonic())
        if on_event:
            on_event("start", student=student, pid=worker.proc.pid, attempt=attempt)

    def _collect(self, pending, make_job, env, on_result, on_event):
        waitables = {}
        for worker in (w for w in self.pool if w.tasks):
            waitables[worker.conn] = worker
            waitables[worker.proc.sentinel] = worker
        handled = set()
        for item in multiprocessing.connection.wait(list(waitables)):
            worker = waitables[item]
            if id(worker) in handled:
                continue
            handled.add(id(worker))
            result = worker.receive()
            if result is None:
                self._lost(worker, pending, on_result, on_event)
                continue
            worker.tasks.popleft()
            if worker.tasks:
                self._started(worker, on_event)
            self._feed(pending, make_job, env, on_event)  # before the writer: the worker goes on
            on_result(result)

    def _lost(self, worker, pending, on_result, on_event):
        """The worker died while grading (the result never came): retry once, then report.
        The students it held but had not begun go back to the front of the line as they were."""
        (student, attempt, deaths, started), held = worker.tasks[0], list(worker.tasks)[1:]
        worker.proc.join(5)
        why = _death_reason(worker.proc.exitcode)
        worker.tasks.clear()
        worker.conn.close()
        self.pool.remove(worker)
        deaths = [*deaths, why]
        for other, other_attempt, other_deaths, _ in reversed(held):
            pending.appendleft((other, other_attempt, other_deaths))
        if on_event:
            on_event("died", student=student, pid=worker.proc.pid, attempt=attempt, why=why)
        if attempt < MAX_ATTEMPTS:
            pending.appendleft((student, attempt + 1, deaths))
            return
        on_result(
            GradeResult(
                student=student,
                status=UNGRADABLE,
                reason=(
                    f"the grading worker process died while grading it, {len(deaths)} times "
                    f"({', '.join(deaths)}): the notebook kills its grader or needs more memory "
                    f"than the machine has"
                ),
                seconds=time.monotonic() - started,
            )
        )
