"""grader.evidence: a check cell keeps its points only when the grader saw it run to its end."""

import contextlib
import io

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from grader import evidence
from grader.kernel import GuardedExecute


def _meta(gid, solution=False, points=1):
    return {"nbgrader": {"grade": not solution, "solution": solution, "locked": not solution,
                         "grade_id": gid, "points": points if not solution else None}}


def _notebook(student_code, check="assert answer() == 42"):
    return new_notebook(cells=[
        new_code_cell(student_code, metadata=_meta("answer_code", solution=True)),
        new_code_cell(f'"""Check that answer is 42."""\n{check}', metadata=_meta("answer_check")),
        new_code_cell("print('demo')"),
    ])


def test_only_check_cells_get_a_token_each_different_and_new_each_grading():
    nb = _notebook("def answer():\n    return 42")
    first = evidence.add_evidence(nb=nb, secret=evidence.new_secret())
    assert list(first) == [1] and nb.cells[1].source.startswith(f"_grader_t = '{first[1].printed[:28]}'")
    assert first[1].printed not in nb.cells[1].source  # split: the last line alone cannot print it
    assert "grader-evidence" not in nb.cells[0].source + nb.cells[2].source
    again = evidence.add_evidence(nb=_notebook("x"), secret=evidence.new_secret())
    assert again[1].printed != first[1].printed
    assert evidence.token_for(secret="s", index=1) != evidence.token_for(secret="s", index=2)


@pytest.mark.parametrize("status, printed, expected_error", [
    ("ok", True, False),
    ("ok", False, True),      # the last line did not run as written
    ("error", True, True),    # an error the kernel reported but that left no error output
    (None, False, True),      # no reply at all
])
def test_verify_keeps_points_only_with_the_token_and_an_ok_reply(status, printed, expected_error):
    nb = _notebook("def answer():\n    return 42")
    original = nb.cells[1].source
    tokens = evidence.add_evidence(nb=nb, secret=evidence.new_secret())
    if printed:
        nb.cells[1].outputs = [new_output("stream", name="stdout", text=f"[PASS] ok\n{tokens[1].printed}\n")]
    failed = evidence.verify(nb=nb, tokens=tokens, statuses={1: status} if status else {})
    assert nb.cells[1].source == original  # no trace of the evidence left
    assert all(tokens[1].printed not in o.get("text", "") for o in nb.cells[1].outputs)
    errors = [o for o in nb.cells[1].outputs if o.output_type == "error"]
    assert bool(failed) == expected_error == bool(errors)
    if expected_error:
        assert errors[0].ename == evidence.NO_EVIDENCE
    else:
        assert nb.cells[1].outputs[0].text == "[PASS] ok\n"


def test_each_top_level_assert_adds_its_own_part_and_nested_ones_are_left_alone():
    check = ('assert answer() == 42, "é wrong"\nfor n in (1, 2):\n    assert n\n'
             'assert (answer()\n        > 0)\nprint("done")')
    nb = _notebook("def answer():\n    return 42", check)
    tokens = evidence.add_evidence(nb=nb, secret="s")
    lines = nb.cells[1].source.split("\n")
    assert lines[2] == 'assert _grader_e(0, answer() == 42), "é wrong"'
    assert lines[4] == "    assert n"  # inside a loop: it may run any number of times
    assert lines[5:7] == ["assert (_grader_e(1, answer()", "        > 0))"]  # inside its parentheses
    assert len(tokens[1].printed) == len(evidence.token_for(secret="s", index=1)) + 2 * 8
    namespace, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out):  # run as the kernel would: every part printed
        exec(nb.cells[0].source + "\n" + nb.cells[1].source, namespace)
    assert out.getvalue().endswith(tokens[1].printed + "\n")
    assert not [name for name in namespace if name.startswith("_grader_") and name != "_grader_sys"]


def test_a_failing_assert_shows_as_written_in_the_traceback():
    nb = _notebook("x", 'assert answer() == 42, "wrong"')
    tokens = evidence.add_evidence(nb=nb, secret="s")
    wrapped = nb.cells[1].source.split("\n")[2]
    colored = f"\x1b[0;32m----> 2\x1b[0m {wrapped.replace('_grader_e', chr(27) + '[0m_grader_e')}\n"
    nb.cells[1].outputs = [new_output("error", ename="AssertionError", evalue="wrong", traceback=[
        f"Cell In[3], line 1\n----> 1 {nb.cells[1].source.split(chr(10))[0]}\n", colored])]
    assert evidence.verify(nb=nb, tokens=tokens, statuses={1: "error"}) == []
    shown = "".join(nb.cells[1].outputs[0].traceback)
    assert '----> 2 assert answer() == 42, "wrong"' in shown and "_grader_" not in shown
    assert not any(part in shown for part in tokens[1].parts)


def test_a_cell_that_already_failed_gets_no_second_error():
    nb = _notebook("x")
    tokens = evidence.add_evidence(nb=nb, secret="s")
    nb.cells[1].outputs = [new_output("error", ename="AssertionError", evalue="", traceback=[])]
    assert evidence.verify(nb=nb, tokens=tokens, statuses={1: "error"}) == []
    assert len(nb.cells[1].outputs) == 1


def _execute(nb, tmp_path, **options):
    ep = GuardedExecute(timeout=60, sandbox=True, memory_limit_mb=2048, **options)
    ep.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


def _score(cell):
    return 0 if any(o.output_type == "error" for o in cell.outputs) else 1


@pytest.mark.slow
def test_an_honest_wrong_and_right_answer_are_scored_as_before(tmp_path):
    right = _execute(_notebook("def answer():\n    return 42"), tmp_path)
    wrong = _execute(_notebook("def answer():\n    return 41"), tmp_path)
    assert (_score(right.cells[1]), _score(wrong.cells[1])) == (1, 0)
    assert "grader-evidence" not in nbformat.writes(right) + nbformat.writes(wrong)


@pytest.mark.slow
@pytest.mark.parametrize("trick", [
    # every later cell runs as `pass`: without evidence the check would "pass"
    "get_ipython().transform_cell = lambda cell: 'pass\\n'",
    # errors swallowed: the failing assert leaves no error output
    "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)",
    # only the last line of each cell runs (it would print the whole token if it held it)
    "get_ipython().input_transformers_post.append(lambda lines: lines[-1:])",
    # every line with an assert dropped: the first and last lines still run
    "get_ipython().input_transformers_post.append(lambda ls: [l for l in ls if 'assert' not in l])",
    # every assert statement dropped from the syntax tree
    "import ast\nclass _Drop(ast.NodeTransformer):\n    def visit_Assert(self, node):\n        return None\n"
    "get_ipython().ast_transformers.append(_Drop())",
    # every assert turned into a plain expression: its test runs, nothing raises
    "import ast\nclass _Quiet(ast.NodeTransformer):\n    def visit_Assert(self, node):\n"
    "        return ast.copy_location(ast.Expr(node.test), node)\n"
    "get_ipython().ast_transformers.append(_Quiet())",
])
def test_tricks_against_the_kernel_score_zero_with_evidence(tmp_path, trick):
    cheat = f"def answer():\n    return 41\n\n{trick}"
    check = 'result = answer()\nassert result == 42, "wrong"\nprint("[PASS] answer")'
    with_evidence = _execute(_notebook(cheat, check), tmp_path)
    assert _score(with_evidence.cells[1]) == 0, with_evidence.cells[1].outputs
    assert "grader-evidence" not in nbformat.writes(with_evidence)
    if "set_custom_exc" not in trick:  # (nbgrader already scores that one 0 from the reply)
        (tmp_path / "plain").mkdir()
        without = _execute(_notebook(cheat, check), tmp_path / "plain", evidence=False)
        assert _score(without.cells[1]) == 1  # the trick is real: without evidence it earns the point


def test_the_scan_flags_the_transformers_as_well():
    """Evidence scores those tricks 0; the static scan also names them (needs manual grade)."""
    from grader import tamper

    trick = "get_ipython().input_transformers_post.append(lambda ls: [l for l in ls if 'assert' not in l])"
    assert any("cell transformer" in why for _, why in tamper.scan_source(source=trick))
