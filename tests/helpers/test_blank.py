"""helpers.blank: in a notebook, an exercise not written yet reads as a [FAIL] line saying what to
do; a NotImplementedError from a library keeps its traceback."""

import types

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers import blank

LIBRARY = "def layer():\n    raise NotImplementedError('not supported by this backend')\n"


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.set_custom_exc((), None)
    yield shell
    shell.set_custom_exc((), None)
    InteractiveShell.clear_instance()


def _run(shell, capsys, source):
    result = shell.run_cell(source)
    return result, capsys.readouterr().out


def test_an_exercise_function_not_written_names_itself_and_what_to_do(shell, capsys):
    assert blank.explain_in_notebook(shell) is True
    result, out = _run(
        shell,
        capsys,
        "def build_mlp(num_features):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        "model = build_mlp(3)",
    )
    assert isinstance(result.error_in_exec, NotImplementedError)  # the cell still fails
    assert out.splitlines() == blank.not_written("build_mlp").splitlines()
    assert out.startswith("[FAIL] `build_mlp` is not written yet")
    assert "Traceback" not in out and "Replace `raise NotImplementedError()`" in out


def test_code_at_the_top_of_an_exercise_cell_is_the_exercise(shell, capsys):
    blank.explain_in_notebook(shell)
    _, out = _run(shell, capsys, "# YOUR CODE HERE\nraise NotImplementedError()")
    assert out.startswith("[FAIL] This exercise is not written yet: it raised NotImplementedError.")


def test_a_librarys_not_implemented_error_keeps_its_traceback(shell, capsys):
    blank.explain_in_notebook(shell)
    library = types.ModuleType("a_library")
    exec(LIBRARY, library.__dict__)
    shell.user_ns["a_library"] = library
    result, out = _run(shell, capsys, "a_library.layer()")
    assert isinstance(result.error_in_exec, NotImplementedError)
    assert "[FAIL]" not in out and "not supported by this backend" in out and "layer" in out


def test_another_custom_handler_is_left_alone_and_no_shell_means_nothing_to_do(shell):
    shell.set_custom_exc((KeyError,), lambda *a, **k: ["mine"])
    assert blank.explain_in_notebook(shell) is False
    assert shell.custom_exceptions == (KeyError,)
    InteractiveShell.clear_instance()
    assert blank.explain_in_notebook() is False  # no running shell


def test_the_checks_and_the_notebook_say_the_same_thing():
    assert blank.HINT in blank.not_written("f") and blank.HINT in blank.not_written()
