"""The instructor's side of a notebook, run by the grader and never by the student's kernel.

A :class:`CheckProgram` is built from the instructor's source notebook (``solutions/``) once
per grading process. It knows three kinds of code cells:

- *solution* cells: the names they define are the student's functions; checks reach them
  through :class:`grader.proxy.StudentFunction` proxies;
- *check* cells (nbgrader's graded code cells, hidden tests included): run here, per student;
- *instructor* cells (setup, data, demos): the ones the checks read (by name, transitively)
  run here once per process; each one's new bindings are kept and handed to every student
  (arrays and containers copied). A cell that reads a student's function or leaves live
  objects (models, datasets) behind runs again for each student, in its place.

:meth:`CheckProgram.session` gives one student's run: :meth:`Session.run_check` executes a
check cell in a fresh namespace and returns its outputs as nbformat dicts: what it printed
(``[PASS]`` / ``[FAIL]`` lines) and, when it raised, one error output. A check cell never
yields an ``execute_result``.
"""

import contextlib
import copy
import hashlib
import io
import os
import sys
import tempfile
import traceback
import types

import nbformat
from nbformat.notebooknode import NotebookNode

from grader import markup
from grader import names as cell_names

__all__ = ["CheckProgram", "Session", "kernel_plan", "program_for"]

_PLAIN = (
    int,
    float,
    complex,
    str,
    bytes,
    bool,
    type(None),
    tuple,
    frozenset,
    range,
    type,
    types.FunctionType,
    types.ModuleType,
    types.BuiltinFunctionType,
)


def _stable_seed(text):
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")


def _copy_for_student(value):
    """A copy of ``value`` a student's checks may change; None when it cannot be copied."""
    module = type(value).__module__ or ""
    if isinstance(value, _PLAIN) or (
        module.startswith("tensorflow") and type(value).__name__ == "EagerTensor"
    ):
        return value
    if module == "numpy" or isinstance(value, (list, dict, set)):
        try:
            return copy.deepcopy(value)
        except Exception:
            return None
    return None


def _role(cell):
    """``"solution"``, ``"check"`` (a graded code cell with a grade id) or ``"instructor"``."""
    role = markup.role(cell=cell)
    if role == markup.SOLUTION:
        return "solution"
    if role == markup.CHECK and markup.grade_id(cell=cell):
        return "check"
    return "instructor"


class CheckProgram:
    """The instructor cells and check cells of one source notebook.

    Args:
        nb: the instructor's source notebook (nbformat), with solutions and hidden tests.
    """

    def __init__(self, *, nb):
        self.cells = [c for c in nb.cells if c.cell_type == "code"]
        self.cell_ids = {c.get("id") for c in nb.cells if c.get("id")}
        roles = [_role(c) for c in self.cells]
        self.student_names = set()
        for cell, role in zip(self.cells, roles):
            if role == "solution":
                self.student_names |= cell_names.defined(cell.source)
        self.checks = {
            markup.grade_id(cell=c): i
            for i, (c, r) in enumerate(zip(self.cells, roles))
            if r == "check"
        }
        needed = cell_names.needed_cells(
            [c.source for c in self.cells],
            wanted=set(self.checks.values()),
            candidates={i for i, r in enumerate(roles) if r == "instructor"},
            ignore=self.student_names,
        )
        self.instructor = sorted(needed - set(self.checks.values()))
        self.per_student = {
            i for i in self.instructor if cell_names.free(self.cells[i].source) & self.student_names
        }
        self.deltas = {}
        self._prepared = False

    def prepare(self):
        """Run, once, the instructor cells the checks need that do not depend on a student."""
        if self._prepared:
            return
        namespace = _fresh_namespace()
        for index in self.instructor:
            if index in self.per_student:
                continue
            before = {k: id(v) for k, v in namespace.items()}
            _run_quietly(self.cells[index].source, namespace, f"<instructor cell {index}>")
            delta = {k: v for k, v in namespace.items() if before.get(k) != id(v)}
            copies = {k: _copy_for_student(v) for k, v in delta.items()}
            if any(c is None for c in copies.values()):
                self.per_student.add(index)
            else:
                self.deltas[index] = copies
        self._prepared = True

    def session(self, *, proxies, secret):
        """One student's run of the checks.

        Args:
            proxies: ``{name: StudentFunction}`` for :attr:`student_names`.
            secret: the grading run's secret (seeds the hidden tests' inputs).

        Returns:
            Session
        """
        self.prepare()
        return Session(program=self, proxies=proxies, secret=secret)


class Session:
    """The checks of one student, run in notebook order (see :meth:`run_check`)."""

    def __init__(self, *, program, proxies, secret):
        self.program, self.proxies, self.secret = program, proxies, secret
        self.namespace = _fresh_namespace()
        self._done = -1

    def _catch_up(self, upto):
        program = self.program
        for index in program.instructor:
            if self._done < index < upto:
                if index in program.deltas:
                    self.namespace.update(
                        {k: _copy_for_student(v) for k, v in program.deltas[index].items()}
                    )
                else:
                    self.namespace.update(self.proxies)
                    _run_quietly(
                        program.cells[index].source, self.namespace, f"<instructor cell {index}>"
                    )
        self._done = max(self._done, upto)

    def run_check(self, grade_id):
        """Run the check cell ``grade_id``; return its outputs (a list of nbformat outputs).

        Raises:
            KeyError: when the source notebook has no check cell ``grade_id``.
            grader.proxy.KernelGone: when the student's kernel stopped answering.
        """
        from helpers import grading, repro

        index = self.program.checks[grade_id]
        self._catch_up(index)
        self.namespace.update(self.proxies)
        grading.set_secret(self.secret)
        repro.set_seed(_stable_seed(grade_id))
        out = io.StringIO()
        error = None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                exec(
                    compile(self.program.cells[index].source, f"<check {grade_id}>", "exec"),
                    self.namespace,
                )
        except Exception as exc:
            from grader.proxy import KernelGone

            if isinstance(exc, KernelGone):
                raise
            error = exc
        finally:
            grading.set_secret("")
        outputs = (
            [NotebookNode(output_type="stream", name="stdout", text=out.getvalue())]
            if out.getvalue()
            else []
        )
        if error is not None:
            outputs.append(_error_output(error, grade_id))
        return outputs


def kernel_plan(*, nb, program):
    """Where each code cell of a submission runs.

    Args:
        nb: the submitted notebook (after nbgrader restored its check cells).
        program: the :class:`CheckProgram` of its source notebook.

    Returns:
        dict: ``{cell index: "kernel" | "check"}``; a cell not in it runs nowhere. The kernel
        runs the solution cells, the cells the student added, and the cells those read; the
        grader runs the check cells it knows (by grade id).
    """
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    plan = {
        i: "check"
        for i, c in code
        if _role(c) == "check" and markup.grade_id(cell=c) in program.checks
    }
    student = {
        k
        for k, (i, c) in enumerate(code)
        if _role(c) == "solution" or (c.get("id") not in program.cell_ids and i not in plan)
    }
    others = {
        k
        for k, (i, c) in enumerate(code)
        if k not in student and i not in plan and _role(c) != "check"
    }
    needed = cell_names.needed_cells([c.source for _, c in code], wanted=student, candidates=others)
    plan.update({code[k][0]: "kernel" for k in needed})
    return plan


def _error_output(exc, grade_id):
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename == f"<check {grade_id}>"
    ]
    where = [f"line {f.lineno} of check {grade_id}" for f in frames[-1:]]
    evalue = str(exc)
    said = [f"{type(exc).__name__}: {evalue}"]
    if isinstance(exc, NotImplementedError) and getattr(exc, "student_function", None):
        from helpers import blank

        evalue = blank.not_written(exc.student_function)  # what the feedback page shows
        said = evalue.splitlines()
    return NotebookNode(
        output_type="error",
        ename=type(exc).__name__,
        evalue=evalue,
        traceback=[*where, *said],
    )


def _fresh_namespace():
    return {"__name__": "__main__", "__builtins__": __builtins__}


def _run_quietly(source, namespace, label):
    """Run an instructor cell; what it prints and shows is dropped."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        exec(compile(cell_names.python_source(source), label, "exec"), namespace)
    try:
        import matplotlib.pyplot as plt

        plt.close("all")
    except ImportError:
        pass


_programs = {}


def _import_tensorflow_quietly():
    """Import TensorFlow with file descriptor 2 pointed at a file: its C++ start-up lines
    (``absl::InitializeLog``, ``cudart_stub``) ignore ``TF_CPP_MIN_LOG_LEVEL`` and would land
    in the instructor's terminal. What the import wrote is shown only when it fails."""
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with tempfile.TemporaryFile() as caught:
            os.dup2(caught.fileno(), 2)
            try:
                import tensorflow  # noqa: F401
            except BaseException:
                os.dup2(saved, 2)
                caught.seek(0)
                sys.stderr.write(caught.read().decode(errors="replace"))
                raise
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def program_for(path):
    """The :class:`CheckProgram` of a source notebook, built once per process (per mtime).

    Args:
        path: the instructor's source notebook.

    Returns:
        CheckProgram
    """
    key = os.path.abspath(path)
    mtime = os.stat(key).st_mtime_ns
    cached = _programs.get(key)
    if cached is None or cached[0] != mtime:
        os.environ.setdefault("MPLBACKEND", "Agg")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        _import_tensorflow_quietly()
        cached = (mtime, CheckProgram(nb=nbformat.read(key, as_version=4)))
        _programs[key] = cached
    return cached[1]
