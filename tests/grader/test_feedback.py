"""grader.feedback: the feedback says which check failed and why, never how it is tested."""

import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from grader import feedback


def test_hidden_test_lines_printed_by_student_code_are_scrubbed_from_feedback():
    hidden = "assert int(_got) == _nf * _units + _units, 'wrong count'"
    test = new_code_cell(
        f"checks.check_true(True, 'x', 'y')\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
        metadata={
            "nbgrader": {
                "grade": True,
                "grade_id": "t",
                "locked": True,
                "points": 1,
                "solution": False,
                "schema_version": 3,
            }
        },
    )
    test.outputs = [
        nbformat.v4.new_output(
            "stream", name="stdout", text=f'  File "<cell>", line 3\n    {hidden}\n'
        ),
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue=f"caller: \x1b[0;31m{hidden}\x1b[0m",
            traceback=[f"\x1b[1m{hidden}\x1b[0m"],
        ),
    ]
    other = new_code_cell(
        "show()",
        outputs=[
            nbformat.v4.new_output(
                "display_data",
                data={
                    "text/plain": hidden,
                    "text/html": f"<pre>{hidden.replace(chr(39), '&#x27;')}</pre>",
                },
            )
        ],
    )
    nb = new_notebook(cells=[test, other])
    nb, _ = feedback.HideHiddenTestText().preprocess(nb, {})
    text = json.dumps(nb.cells[0].outputs) + json.dumps(nb.cells[1].outputs)
    assert "_nf * _units" not in text and "[hidden test line]" in text
    assert "BEGIN HIDDEN TESTS" in nb.cells[0].source  # the source is ClearHiddenTests' job


def test_hide_test_tracebacks_keeps_only_the_message_in_test_cells():
    cell = nbformat.v4.new_code_cell("assert secret() == 42, 'wrong for other sizes'")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "f_x", "points": 1}
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="wrong for other sizes",
            traceback=["---", "assert secret() == 42, 'wrong for other sizes'"],
        )
    ]
    other = nbformat.v4.new_code_cell("1/0")
    other.outputs = [
        nbformat.v4.new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["---", "1/0"]
        )
    ]
    nb = nbformat.v4.new_notebook(cells=[cell, other])
    nb, _ = feedback.HideTestTracebacks().preprocess(nb, {})
    assert nb.cells[0].outputs[0]["traceback"] == ["AssertionError: wrong for other sizes"]
    assert nb.cells[1].outputs[0]["traceback"] == ["---", "1/0"]  # student cells keep theirs


def test_error_summary():
    assert feedback.error_summary({"ename": "AssertionError", "evalue": ""}) == "AssertionError"
