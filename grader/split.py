"""Split execution of one submission: the student's code in the kernel, the verdicts here.

:class:`SplitRun` is what :class:`grader.kernel.GuardedExecute` asks, cell by cell, where a cell
runs (:func:`grader.trusted.kernel_plan`): the sandboxed kernel gets the student's cells and
the instructor cells they read, and nothing else — never a check cell, a hidden test or an
expected value. A check cell runs in this process (:mod:`grader.trusted`), from the
instructor's source notebook, with the student's functions bound to proxies
(:mod:`grader.proxy`) that call into the kernel and bring back plain data. Its outputs are
what the grader printed and raised; nbgrader scores them as usual.
"""

import os
import secrets
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode

from grader import markup, proxy, trusted

__all__ = ["SECRET_FILE", "SourceMissing", "SplitRun", "grading_secret", "source_notebook"]

#: the file (in the course root) holding the secret that seeds the hidden tests' inputs
SECRET_FILE = ".grading_secret"


class SourceMissing(RuntimeError):
    """The instructor's source notebook of a submission is not where the course says."""


def grading_secret(*, root, configured=""):
    """The grading secret: ``configured`` if set, else the course's :data:`SECRET_FILE`
    (created on first use, readable by its owner only).

    Args:
        root: the course root.
        configured: a secret given in the configuration (``GuardedExecute.secret``).

    Returns:
        str
    """
    if configured:
        return configured
    path = Path(root) / SECRET_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(16))
    return path.read_text().strip()


def source_notebook(*, config, resources):
    """The path of the instructor's source notebook of the notebook being graded.

    Args:
        config: the traitlets configuration (``CourseDirectory.root``, ``source_directory``).
        resources: nbgrader's resources of the notebook (``resources["nbgrader"]``).

    Returns:
        pathlib.Path

    Raises:
        SourceMissing: when the file does not exist.
    """
    info = (resources or {}).get("nbgrader", {})
    course = config.get("CourseDirectory", {})
    root = Path(course.get("root") or os.getcwd())
    path = (
        root
        / course.get("source_directory", "source")
        / str(info.get("assignment", ""))
        / f"{info.get('notebook', '')}.ipynb"
    )
    if not path.is_file():
        raise SourceMissing(
            f"the instructor's notebook {path} is needed to grade this submission: its check "
            "cells run in the grader, not in the student's kernel"
        )
    return path


class SplitRun:
    """The split execution of one submission.

    Args:
        nb: the submission (check cells restored by nbgrader).
        source: the path of the instructor's source notebook.
        secret: the grading secret.
        run_in_kernel: ``run_in_kernel(code) -> outputs``, raising nbclient's
            ``DeadKernelError`` / ``CellTimeoutError`` when the kernel is gone.
    """

    def __init__(self, *, nb, source, secret, run_in_kernel):
        self.program = trusted.program_for(source)
        self.plan = trusted.kernel_plan(nb=nb, program=self.program)
        self._run_in_kernel = run_in_kernel
        proxies = {
            name: proxy.StudentFunction(name=name, run=self._call)
            for name in self.program.student_names
        }
        self.session = self.program.session(proxies=proxies, secret=secret)

    def where(self, index):
        """``"kernel"``, ``"check"`` or ``None`` (the cell runs nowhere)."""
        return self.plan.get(index)

    def _call(self, code):
        try:
            return self._run_in_kernel(code)
        except (DeadKernelError, CellTimeoutError) as exc:
            raise proxy.KernelGone(str(exc), exc) from None

    def run_check(self, cell):
        """Run a check cell here; set its outputs.

        Raises:
            DeadKernelError, CellTimeoutError: the kernel stopped during the check (the cell
                and the later check cells are then marked by the caller).
        """
        cell.execution_count = None
        try:
            cell.outputs = self.session.run_check(markup.grade_id(cell=cell))
        except proxy.KernelGone as gone:
            cell.outputs = []
            raise gone.cause from None
        return cell


def skip(cell):
    """A cell that runs nowhere: no outputs, no execution count."""
    if isinstance(cell, NotebookNode) and cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell
