"""nbgrader plug-ins: feedback that says which check failed and why, never how it is tested.

Used by ``nbgrader_config.py``; students never need this module.

nbgrader's ``ClearHiddenTests`` removes the hidden-test source from the feedback, but the
traceback of a failing hidden test still prints the failing ``assert`` line.
:class:`HideTestTracebacks` replaces the traceback of every error in a test cell by its last
line (``AssertionError: <message>``): the message is written for the student; the code is not.
"""

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader import utils

__all__ = ["HideTestTracebacks", "error_summary"]


def error_summary(output):
    """One line for an error output: ``ename: evalue`` (without ANSI colour codes).

    Args:
        output: a notebook output of type ``error``.

    Returns:
        str
    """
    ename = output.get("ename", "Error")
    evalue = output.get("evalue", "")
    return f"{ename}: {evalue}" if evalue else ename


class HideTestTracebacks(NbGraderPreprocessor):
    """Replace the tracebacks of errors raised in graded test cells by their message."""

    def preprocess_cell(self, cell, resources, cell_index):
        if utils.is_grade(cell) and not utils.is_solution(cell) and cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [error_summary(output)]
        return cell, resources
