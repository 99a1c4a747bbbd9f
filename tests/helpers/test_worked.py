"""helpers.worked: the worked answer of every graded function, on request, and a clear refusal
where the instructor notebooks are not there (a bundle, a hub, a grading sandbox)."""

import nbformat
import pytest

from grader import markup
from helpers import worked
from tests.support import assignment_ids, solution_path


def _graded_functions():
    for assignment in assignment_ids():
        nb = nbformat.read(solution_path(assignment), as_version=4)
        for cell in nb.cells:
            if markup.role(cell=cell) == "solution" and cell.cell_type == "code":
                yield from markup.defined_functions(source=cell.source)


@pytest.mark.parametrize("name", sorted(set(_graded_functions())))
def test_every_graded_function_has_its_worked_answer(name):
    answer = worked.worked_answer(name)
    assert f"def {name}(" in answer
    assert "BEGIN SOLUTION" not in answer and "END SOLUTION" not in answer
    compile(answer, name, "exec")


def test_an_unknown_name_and_a_missing_folder_are_named(tmp_path, capsys):
    with pytest.raises(LookupError, match="'build_mpl'"):
        worked.solution("build_mpl")
    with pytest.raises(FileNotFoundError, match="not with homework"):
        worked.worked_answer("build_mlp", solutions=tmp_path / "absent")
    worked.solution("build_mlp")
    assert capsys.readouterr().out.startswith("def build_mlp(")
