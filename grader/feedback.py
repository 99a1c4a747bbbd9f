"""Feedback that says which check failed and why, never how it is tested.

nbgrader plug-ins for ``GenerateFeedback.preprocessors`` (``nbgrader_config.py``):

- nbgrader's ``ClearHiddenTests`` removes the hidden-test source from the feedback, but the
  traceback of a failing hidden test still prints the failing ``assert`` line.
  :class:`HideTestTracebacks` replaces the traceback of every error in a test cell by its last
  line (``AssertionError: <message>``): the message is written for the student; the code is not.
- :class:`HideHiddenTestText` (runs before ``ClearHiddenTests``) removes hidden-test lines from
  every output, for code that prints its caller's source (``traceback.print_stack()``).
- :class:`ClearHiddenTestsInChecks` is nbgrader's ``ClearHiddenTests`` for the check cells
  only: a student's own cell that happens to contain the words ``BEGIN HIDDEN TESTS`` is the
  student's text, shown as written (nbgrader's would stop the whole feedback page on it).
"""

import html
import re

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Integer

from grader import markup

__all__ = [
    "ClearHiddenTestsInChecks",
    "HideHiddenTestText",
    "HideTestTracebacks",
    "error_summary",
    "is_test_cell",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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


def is_test_cell(cell):
    """True for a graded test (check) cell: graded, not an answer, code."""
    return markup.role(cell=cell) == markup.CHECK


class HideTestTracebacks(NbGraderPreprocessor):
    """Replace the tracebacks of errors raised in graded test cells by their message."""

    def preprocess_cell(self, cell, resources, cell_index):
        if is_test_cell(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [error_summary(output)]
        return cell, resources


class HideHiddenTestText(NbGraderPreprocessor):
    """Remove hidden-test source lines from the outputs of every cell.

    Must run before ``ClearHiddenTests`` (it reads the hidden regions from the test cells).
    A line is replaced by ``[hidden test line]`` wherever it appears in an output (stream
    text, error message, traceback, rich output), also when ANSI colour codes were around it.
    """

    min_length = Integer(8, help="shorter hidden lines (e.g. `else:`) are left alone").tag(
        config=True
    )
    replacement = "[hidden test line]"

    def _hidden_lines(self, nb):
        lines = set()
        for cell in nb.cells:
            if is_test_cell(cell):
                hidden = markup.split_check(source=cell.source)[1]
                lines.update(
                    line.strip()
                    for line in hidden.split("\n")
                    if len(line.strip()) >= self.min_length
                )
        return sorted(lines, key=len, reverse=True)

    def _scrub(self, text, lines):
        if not isinstance(text, str) or not text:
            return text
        plain = _ANSI.sub("", text)
        if not any(line in plain or html.escape(line) in plain for line in lines):
            return text
        for line in lines:
            plain = plain.replace(line, self.replacement).replace(
                html.escape(line), self.replacement
            )
        return plain

    def preprocess(self, nb, resources):
        lines = self._hidden_lines(nb)
        if not lines:
            return nb, resources
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind == "stream":
                    output["text"] = self._scrub(output.get("text", ""), lines)
                elif kind == "error":
                    output["evalue"] = self._scrub(output.get("evalue", ""), lines)
                    output["traceback"] = [
                        self._scrub(t, lines) for t in output.get("traceback", [])
                    ]
                elif kind in ("display_data", "execute_result"):
                    data = output.get("data", {})
                    for mime, value in list(data.items()):
                        if isinstance(value, list):
                            value = "".join(value)
                        data[mime] = self._scrub(value, lines)
        return nb, resources


class ClearHiddenTestsInChecks(ClearHiddenTests):
    """nbgrader's ``ClearHiddenTests``, applied to check cells only."""

    def preprocess_cell(self, cell, resources, cell_index):
        if is_test_cell(cell):
            return super().preprocess_cell(cell, resources, cell_index)
        return cell, resources
