"""The guarded grading kernel: nbgrader's ``Execute`` with guards, for
``Autograde.autograde_preprocessors`` (``nbgrader_config.py``) and ``make grade``.

:class:`GuardedExecute` adds three guards:

- a memory cap on the grading kernel (``memory_limit_mb``; see :mod:`grader.kernel_guard`): an
  allocation beyond it raises ``MemoryError`` in the student's cell, the kernel lives on;
- a bound on what one cell may print (``max_output_chars``; nbgrader's ``LimitOutput`` then
  bounds the lines kept): the grader's memory and the stored notebook stay small;
- a kernel that dies (``os._exit``, a crash) or a cell that ignores the interrupt after the
  timeout does not abort the whole submission: that cell gets a ``DeadKernelError`` /
  ``UnstoppableCellError`` output, every later test cell a ``NotRunError`` output (0 points,
  never the full points nbgrader gives a test cell without output), and grading goes on.

With ``GuardedExecute.sandbox`` the kernel runs in a bubblewrap sandbox (``grader.sandbox``,
``grader.kernel_sandbox``). With ``GuardedExecute.split`` (default) the kernel runs only the
student's code: check cells run in this process from the instructor's notebook, and reach the
student's functions through proxies (``grader.split``).

Waits of jupyter_client and nbclient are cut, about 1.5 s of a 5 s submission in which
nothing ran: the kernel is killed once its last cell has run (``shutdown_kernel =
"immediate"``; a graceful exit waits for TensorFlow's teardown) and its end is seen within
5 ms, and :class:`GuardedKernelClient` finds the new kernel ready without fixed 0.2 s waits.
"""

import os
import signal

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Integer, Unicode

from grader import timings
from grader.feedback import is_test_cell
from grader.kernel_manager import STARTUP_DEATH, GuardedKernelClient, GuardedKernelManager

__all__ = [
    "KERNEL_DIED",
    "NOT_RUN",
    "TRUNCATED",
    "UNSTOPPABLE",
    "GuardedExecute",
    "GuardedKernelClient",
    "GuardedKernelManager",
    "error_output",
]

#: ``ename`` of the error output put into the cell in which the kernel died
KERNEL_DIED = "DeadKernelError"
#: ``ename`` of the error output of a cell that ignored the interrupt after its timeout
UNSTOPPABLE = "UnstoppableCellError"
#: ``ename`` of the error output of a test cell that never ran because the kernel had stopped
NOT_RUN = "NotRunError"
#: start of the line that replaces output beyond ``GuardedExecute.max_output_chars``
TRUNCATED = "[output truncated by the grader"


def error_output(ename, evalue):
    """An error output for a notebook cell, with a one-line traceback."""
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


class GuardedExecute(Execute):
    """nbgrader's ``Execute`` with a memory cap, bounded output, and survival of dead kernels."""

    memory_limit_mb = Integer(
        8192, help="cap on the grading kernel's data segment in MiB (0: no cap)"
    ).tag(config=True)

    max_output_chars = Integer(
        1_000_000, help="characters of output kept per cell (-1: no limit); the rest is dropped"
    ).tag(config=True)

    kernel_log = Unicode(
        "", help="file that receives the kernel's own stdout/stderr (default: the terminal)"
    ).tag(config=True)

    iopub_timeout = Integer(
        10, help="seconds to wait for a cell's last output after its reply (nbclient: 4)"
    ).tag(config=True)

    shutdown_kernel = Enum(
        ["graceful", "immediate"],
        default_value="immediate",
        help="after the last cell the kernel is killed (nbclient: 'graceful', which waits about 1 s "
        "for TensorFlow's teardown and runs the student's atexit hooks after grading)",
    ).tag(config=True)

    sandbox = Bool(False, help="run the kernel in the bubblewrap sandbox (grader.sandbox)").tag(
        config=True
    )
    sandbox_processes = Integer(1024, help="sandbox: RLIMIT_NPROC (threads count)").tag(config=True)
    sandbox_file_mb = Integer(64, help="sandbox: the largest file the kernel may write, MiB").tag(
        config=True
    )
    sandbox_cpu_s = Integer(3600, help="sandbox: CPU seconds per process").tag(config=True)
    sandbox_tmp_mb = Integer(
        256, help="sandbox: size of its /tmp, its home and its working copy, MiB each"
    ).tag(config=True)
    sandbox_cpu_shares = Integer(
        512, help="sandbox: CPU weight of the whole sandbox (cgroup; a grader's process has 1024)"
    ).tag(config=True)
    sandbox_ram_mb = Integer(
        2048, help="sandbox: memory of the whole sandbox, tmpfs included, MiB (cgroup; 0: no limit)"
    ).tag(config=True)
    sandbox_pids_max = Integer(
        512, help="sandbox: processes and threads of the whole sandbox (cgroup)"
    ).tag(config=True)
    sandbox_wall_s = Integer(
        900,
        help="sandbox: seconds one notebook may take; then every process of "
        "the sandbox is killed (0: no limit)",
    ).tag(config=True)
    prewarm = Bool(
        False,
        help="sandbox: fork each kernel from a server that has imported TensorFlow once "
        "(grader.prewarm; needs root, else one bwrap per kernel)",
    ).tag(config=True)
    split = Bool(
        True,
        help="check cells run in the grader, the student's code alone in the kernel (grader.split)",
    ).tag(config=True)
    secret = Unicode(
        "",
        help="the secret that seeds the hidden tests' inputs (default: the course's "
        ".grading_secret file, created on first use)",
    ).tag(config=True)
    timings_log = Unicode(
        "", help="file that gets one JSON line per notebook: seconds per phase (grader.timings)"
    ).tag(config=True)
    start_attempts = Integer(
        3,
        help="times a kernel is started when it dies before its first reply (before any "
        "code of the notebook ran: a port taken by another process between its choice and "
        "the kernel's bind, a machine out of memory)",
    ).tag(config=True)

    def _sandbox_limits(self):
        from grader import kernel_sandbox, sandbox

        limits = sandbox.Limits(
            memory_mb=self.memory_limit_mb,
            processes=self.sandbox_processes,
            file_mb=self.sandbox_file_mb,
            cpu_s=self.sandbox_cpu_s,
            tmp_mb=self.sandbox_tmp_mb,
            cpu_shares=self.sandbox_cpu_shares,
            ram_mb=self.sandbox_ram_mb,
            pids_max=self.sandbox_pids_max,
            wall_s=self.sandbox_wall_s,
        )
        kernel_sandbox.preflight(enabled=True, limits=limits)  # raises SandboxUnavailable
        return limits

    def on_cell_executed(self, **kwargs):
        reply = kwargs.get("execute_reply") or {}
        self._statuses[kwargs["cell_index"]] = reply.get("content", {}).get("status")
        return super().on_cell_executed(**kwargs)

    def __init__(self, **kw):
        kw.setdefault("kernel_manager_class", GuardedKernelManager)
        super().__init__(**kw)
        self._cell_index = None
        self._guard_km = None
        self._statuses = {}
        self._split = None
        self._answer_room = False

    # -- kernel ---------------------------------------------------------------------------
    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, GuardedKernelManager):
            km.memory_limit_mb = self.memory_limit_mb
            km.kernel_log = self.kernel_log
            km.sandbox_limits = self._sandbox_limits() if self.sandbox else None
            km.sandbox_prewarm = self.prewarm
        self._guard_km = km
        return km

    def _death(self):
        """How the kernel ended, in words, from its exit status."""
        ended = getattr(self._guard_km, "sandbox_ended", "")
        if ended:
            return ended
        process = getattr(self._guard_km, "kernel_process", None)
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=5)
            except Exception:  # still running, or not a Popen
                code = None
        if code is None:
            return "the kernel died while running this cell"
        if getattr(self._guard_km, "sandbox_limits", None) is not None:
            from grader.sandbox import exit_signal

            code = -exit_signal(code) if exit_signal(code) else code
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            hint = " (out of memory?)" if name == "SIGKILL" else ""
            return f"the kernel crashed while running this cell (killed by signal {name}){hint}"
        return f"the kernel exited while running this cell (exit code {code}: os._exit()?)"

    # -- execution ------------------------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        for attempt in range(1, max(1, self.start_attempts) + 1):
            try:
                return self._preprocess_once(nb, resources, km)
            except RuntimeError as exc:
                if (
                    self._cell_index is not None
                    or not str(exc).startswith(STARTUP_DEATH)
                    or attempt >= self.start_attempts
                ):
                    raise
                self.log.warning(
                    "the kernel died before its first reply (attempt %d of %d): starting it again",
                    attempt,
                    self.start_attempts,
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _preprocess_once(self, nb, resources, km):
        self._cell_index = None
        self._statuses = {}
        self._phases = timings.Phases()
        self._split = self._split_run(nb, resources) if self.split else None
        self._phases.lap("grader_setup")
        try:
            return super().preprocess(nb, resources, km)
        except (DeadKernelError, CellTimeoutError) as exc:
            if self._cell_index is None:  # the kernel never ran a cell: nothing to grade
                raise
            self._mark_stopped(nb, self._cell_index, exc)
            return nb, resources
        finally:
            self._phases.lap("kernel_stop")
            if self.timings_log:
                where = (resources or {}).get("metadata", {}).get("path", "")
                self._phases.write(path=self.timings_log, notebook=str(where))

    def _split_run(self, nb, resources):
        from grader import split

        source = split.source_notebook(config=self.config, resources=resources)
        root = self.config.get("CourseDirectory", {}).get("root") or os.getcwd()
        return split.SplitRun(
            nb=nb,
            source=source,
            secret=split.grading_secret(root=root, configured=self.secret),
            run_in_kernel=self._run_in_kernel,
        )

    def _run_in_kernel(self, code):
        """Run grader code (a proxy's request) in the student's kernel; return its outputs."""
        probe = NotebookNode(
            cell_type="code", source=code, metadata={}, outputs=[], execution_count=None
        )
        self._output_chars, self._answer_room = 0, True
        cell = self.nb.cells[self._cell_index]  # nbclient puts the executed cell at its index
        try:
            with self._phases.moved(source="checks", target="checks_in_kernel"):
                self.execute_cell(probe, self._cell_index, store_history=False)
        finally:
            self._answer_room = False
            self.nb.cells[self._cell_index] = cell
        return probe.outputs

    def preprocess_cell(self, cell, resources, index):
        first = self._cell_index is None
        self._cell_index = index
        self._output_chars = 0
        self._truncated = False
        self._kept_stderr = False
        self._phases.lap("kernel_start" if first else "student_code")
        try:
            if self._split is not None:
                from grader import split

                where = self._split.where(index)
                if where == "check":
                    return self._split.run_check(cell), resources
                if where != "kernel":
                    return split.skip(cell), resources
            return super().preprocess_cell(cell, resources, index)
        finally:
            self._phases.lap(
                "checks" if self._split and self._split.where(index) == "check" else "student_code"
            )

    async def _async_handle_timeout(self, timeout, cell=None):
        reply = await super()._async_handle_timeout(timeout, cell)
        if reply and reply.get("content", {}).get("ename") == "CellTimeoutError":
            evalue = f"this cell ran longer than {timeout} s and was interrupted"
            reply["content"]["evalue"] = evalue
            reply["content"]["traceback"] = [f"CellTimeoutError: {evalue}"]
        return reply

    def _mark_stopped(self, nb, index, exc):
        """The kernel is gone after cell ``index``: say why there, mark later test cells."""
        cell = nb.cells[index]
        where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
        if isinstance(exc, DeadKernelError):
            ename = KERNEL_DIED
            evalue = self._death()
        else:
            ename = UNSTOPPABLE
            evalue = (
                f"this cell ran longer than {self.timeout} s and did not stop when "
                "interrupted (a loop that catches KeyboardInterrupt?); the kernel was stopped"
            )
        cell.setdefault("outputs", []).append(error_output(ename, evalue))
        for later in nb.cells[index + 1 :]:
            if later.cell_type != "code":
                continue
            later.outputs = []
            later.execution_count = None
            if is_test_cell(later):
                later.outputs.append(
                    error_output(NOT_RUN, f"this check did not run: the kernel stopped in {where}")
                )
        self.log.warning("%s in %s: %s", ename, where, evalue)

    # -- output ---------------------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        limit = self.max_output_chars
        if getattr(self, "_answer_room", False):  # a proxy's answer: grader.codec bounds its size
            from grader import codec

            limit = 2 * codec.MAX_BYTES
        if limit < 0:
            return super().output(outs, msg, display_id, cell_index)
        msg_type = msg.get("msg_type")
        content = msg.get("content", {})
        if msg_type == "stream":
            size = len(content.get("text", ""))
        elif msg_type in ("display_data", "execute_result", "error"):
            size = sum(
                len(v) if isinstance(v, str) else len(repr(v))
                for v in content.get("data", {}).values()
            )
            size += len(content.get("evalue", "")) + sum(
                len(t) for t in content.get("traceback", [])
            )
        else:
            return super().output(outs, msg, display_id, cell_index)
        used = getattr(self, "_output_chars", 0)
        self._output_chars = used + size
        if used + size <= limit:
            return super().output(outs, msg, display_id, cell_index)
        # Over the limit. Errors, results and the first stderr text decide the grade: keep
        # them, shortened; drop everything else.
        room = max(limit - used, 0)
        keep = 2000
        out = None
        if msg_type == "error":
            short = dict(
                content,
                evalue=content.get("evalue", "")[:keep],
                traceback=[t[:keep] for t in content.get("traceback", [])[-20:]],
            )
            out = super().output(outs, dict(msg, content=short), display_id, cell_index)
        elif msg_type == "execute_result":
            data = {
                k: (v[:keep] if isinstance(v, str) else v)
                for k, v in content.get("data", {}).items()
                if isinstance(v, str)
            }
            out = super().output(
                outs, dict(msg, content=dict(content, data=data)), display_id, cell_index
            )
        elif msg_type == "stream" and (
            room > 0
            or (content.get("name") == "stderr" and not getattr(self, "_kept_stderr", False))
        ):
            text = content.get("text", "")[
                : max(room, keep if content.get("name") == "stderr" else 0)
            ]
            out = super().output(
                outs, dict(msg, content=dict(content, text=text)), display_id, cell_index
            )
        if msg_type == "stream" and content.get("name") == "stderr":
            self._kept_stderr = True
        if not getattr(self, "_truncated", False):
            self._truncated = True
            outs.append(
                NotebookNode(
                    output_type="stream",
                    name="stdout",
                    text=(f"\n{TRUNCATED}: this cell printed more than {limit:,} characters]\n"),
                )
            )
        return out
