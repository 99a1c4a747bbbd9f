"""grader.trusted: the instructor's cells and the checks, run in the grader, once and per student."""

import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader import trusted
from helpers import blank, grading


def _graded(source, grade_id):
    return new_code_cell(
        source,
        metadata={
            "nbgrader": {
                "grade": True,
                "grade_id": grade_id,
                "points": 1,
                "locked": True,
                "solution": False,
                "schema_version": 3,
            }
        },
    )


def _solution(source):
    return new_code_cell(
        source,
        metadata={
            "nbgrader": {
                "grade": False,
                "grade_id": "double_code",
                "solution": True,
                "locked": False,
                "schema_version": 3,
            }
        },
    )


@pytest.fixture
def source_nb(tmp_path):
    marker = tmp_path / "runs.txt"
    return new_notebook(
        cells=[
            new_markdown_cell("# A lesson"),
            new_code_cell("import numpy as np\nfrom helpers import checks, grading"),
            new_code_cell(f"X = np.arange(1.0, 7.0)\nopen({str(marker)!r}, 'a').write('run ')"),
            _solution("def double(x):\n    return np.multiply(2, x)"),
            new_code_cell("DEMO = train_for_an_hour()"),
            _graded(
                "assert X[0] == 1, 'X changed'\nchecks.check_close('double(X)', double(X), 2 * X)\nX[0] = 99\n"
                "DRAWN = grading.hidden_rng('double_values').integers(0, 10**9)\nprint('drawn', DRAWN)",
                "double_values",
            ),
            _graded(
                "assert X[0] == 99, 'checks of one student run in order, in one namespace'\n1 + 1",
                "double_in_order",
            ),
        ]
    ), marker


def test_the_checks_need_the_setup_and_data_cells_not_the_demo(source_nb):
    nb, marker = source_nb
    program = trusted.CheckProgram(nb=nb)
    assert program.student_names == {"double"}
    assert [program.cells[i].source.split("\n")[0] for i in program.instructor] == [
        "import numpy as np",
        "X = np.arange(1.0, 7.0)",
    ]
    assert set(program.checks) == {"double_values", "double_in_order"}


def test_instructor_cells_run_once_and_each_student_gets_fresh_copies_of_their_data(source_nb):
    nb, marker = source_nb
    program = trusted.CheckProgram(nb=nb)
    for _ in range(2):
        session = program.session(proxies={"double": lambda x: 2 * x}, secret="s")
        first = session.run_check("double_values")
        second = session.run_check("double_in_order")
        assert first[0]["text"].startswith("[PASS] double(X)") and [
            o["output_type"] for o in first
        ] == ["stream"]
        assert second == [], second  # no execute_result for the trailing expression, no error
    assert marker.read_text() == "run "


def test_a_wrong_answer_gets_the_checks_fail_message_as_an_error_output(source_nb):
    nb, _ = source_nb
    session = trusted.CheckProgram(nb=nb).session(proxies={"double": lambda x: 3 * x}, secret="s")
    out = session.run_check("double_values")
    assert out[-1]["output_type"] == "error" and out[-1]["ename"] == "CheckFailure"
    assert "[FAIL] double(X)" in out[-1]["evalue"]
    assert out[-1]["traceback"][0] == "line 2 of check double_values"


def test_hidden_inputs_follow_the_secret_and_the_secret_does_not_stay_set(source_nb):
    nb, _ = source_nb
    program = trusted.CheckProgram(nb=nb)

    def drawn(secret):
        return program.session(proxies={"double": lambda x: 2 * x}, secret=secret).run_check(
            "double_values"
        )[0]["text"]

    assert drawn("a") == drawn("a") != drawn("b")
    assert grading.hidden_rng("double_values").integers(0, 10**9) == grading.hidden_rng(
        "double_values"
    ).integers(0, 10**9)
    assert f"drawn {grading.hidden_rng('double_values').integers(0, 10**9)}" not in drawn("a")


def test_the_kernel_runs_the_students_cells_and_what_they_read_never_a_check(source_nb):
    nb, _ = source_nb
    program = trusted.CheckProgram(nb=nb)
    submission = nbformat.from_dict(nb)
    submission.cells.insert(4, new_code_cell("helper = double(np.ones(2))"))
    plan = trusted.kernel_plan(nb=submission, program=program)
    first_lines = {i: submission.cells[i].source.split("\n")[0] for i in plan}
    assert {first_lines[i]: where for i, where in plan.items()} == {
        "import numpy as np": "kernel",
        "def double(x):": "kernel",
        "helper = double(np.ones(2))": "kernel",
        "assert X[0] == 1, 'X changed'": "check",
        "assert X[0] == 99, 'checks of one student run in order, in one namespace'": "check",
    }


_FAKE_TENSORFLOW = """
import os
os.write(2, b"I0000 cudart_stub.cc:31] Could not find cuda drivers\\n")
if os.environ.get("FAIL"):
    raise ImportError("libtensorflow_framework.so.2: cannot open shared object file")
"""


@pytest.mark.parametrize("fails", [False, True])
def test_tensorflows_start_up_lines_stay_out_of_the_terminal_unless_its_import_fails(
    tmp_path, fails
):
    """What the import writes to file descriptor 2 (as TensorFlow's C++ does) is dropped; when
    the import fails, it is shown with the error."""
    import subprocess
    import sys

    (tmp_path / "tensorflow.py").write_text(_FAKE_TENSORFLOW)
    code = "from grader import trusted; trusted._import_tensorflow_quietly(); print('imported')"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.getcwd()}"}
    if fails:
        env["FAIL"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    if fails:
        assert proc.returncode == 1 and "imported" not in proc.stdout
        assert "cudart_stub" in proc.stderr and "cannot open shared object" in proc.stderr
    else:
        assert proc.returncode == 0 and proc.stdout == "imported\n"
        assert proc.stderr == "", proc.stderr


def test_an_exercise_not_written_yet_gets_the_notebooks_fail_line(source_nb):
    def double(x):
        error = NotImplementedError()
        error.student_function = "double"  # as grader.proxy raises it again
        raise error

    nb, _ = source_nb
    out = trusted.CheckProgram(nb=nb).session(proxies={"double": double}, secret="s")
    error = out.run_check("double_values")[-1]
    assert error["ename"] == "NotImplementedError"
    assert error["evalue"] == blank.not_written("double")  # the feedback page shows it
    assert error["traceback"] == [
        "line 2 of check double_values",
        *blank.not_written("double").splitlines(),
    ]
    assert error["traceback"][1].startswith("[FAIL] `double` is not written yet")


def test_a_not_implemented_error_of_the_checks_own_is_not_blamed_on_the_student(source_nb):
    nb, _ = source_nb

    def double(x):
        raise NotImplementedError("the check's own")

    error = (
        trusted.CheckProgram(nb=nb)
        .session(proxies={"double": double}, secret="s")
        .run_check("double_values")[-1]
    )
    assert error["traceback"][-1] == "NotImplementedError: the check's own"
