"""Check that every lesson follows the course skeleton (STYLE.md) and nbgrader's conventions."""

import ast
import re

import nbformat
import pytest

from grader import markup
from tests.support import assignment_ids, nbgrader_cells, release_path, solution_path

ASSIGNMENTS = assignment_ids()
EXERCISE = re.compile(r"^### Exercise (\d+)\.(\d+) \((\d+) points?\)\s*$", re.MULTILINE)
GRADE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _nb(assignment):
    return nbformat.read(solution_path(assignment), as_version=4)


def _functions(source):
    tree = ast.parse(source)
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def _is_graded(cell):
    """Whether ``cell`` is an nbgrader solution or test cell."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution") or meta.get("grade"))


def _headings(nb, level):
    prefix = "#" * level + " "
    return [
        line[len(prefix) :].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.split("\n")
        if line.startswith(prefix)
    ]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_lesson_opens_with_title_overview_and_one_setup_cell(assignment):
    nb = _nb(assignment)
    number = assignment[:2]
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith(f"# Lesson {number}"), "first cell: '# Lesson NN — title'"
    assert "You will be able to" in nb.cells[0].source + nb.cells[1].source, "learning objectives"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "repro.set_seed(" in code[0].source, "the first code cell is the setup cell"
    setup_index = nb.cells.index(code[0])
    assert "## Setup" in nb.cells[setup_index - 1].source, "the setup cell follows '## Setup'"
    for cell in code[1:]:
        # hidden tests may import modules under private names (`import builtins as _bi`):
        # a student can rebind the setup cell's names, not a fresh import
        # a demo cell may import the course's reference answers where it uses them: the setup
        # cell, which grading kernels run, must not (they have no helpers/reference/)
        visible = markup.split_check(source=cell.source)[0]
        for line in visible.split("\n"):
            if line.startswith("from helpers.reference import ") and not _is_graded(cell):
                continue
            assert not re.match(r"(import |from \S+ import )", line), (
                f"import outside the setup cell: {line!r} in cell {cell.id}"
            )
        assert "!pip" not in cell.source and "%pip" not in cell.source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_lesson_ends_with_summary(assignment):
    nb = _nb(assignment)
    assert _headings(nb, 2)[-1] == "Summary", "the last section is '## Summary'"
    summary = [c for c in nb.cells if c.cell_type == "markdown" and "## Summary" in c.source][-1]
    bullets = [line for line in summary.source.split("\n") if line.lstrip().startswith(("-", "*"))]
    assert 3 <= len(bullets) <= 8, "the summary has 3-6 bullets"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_cells_follow_nbgrader_conventions(assignment):
    nb = _nb(assignment)
    solutions = nbgrader_cells(nb, "solution")
    tests = nbgrader_cells(nb, "test")
    assert solutions and tests
    ids = [markup.grade_id(cell=c) for c in solutions + tests]
    assert len(ids) == len(set(ids)), "grade ids are unique"
    graded_functions = []
    for cell in solutions:
        assert cell.cell_type == "code"
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        functions = _functions(cell.source)
        assert len(functions) == 1, f"one graded function per solution cell ({cell.id})"
        doc = ast.get_docstring(functions[0]) or ""
        assert "Args:" in doc and "Returns:" in doc, (
            f"{functions[0].name}: docstring with Args/Returns"
        )
        graded_functions.append(functions[0].name)
    for cell in tests:
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        assert GRADE_ID.match(grade_id), f"grade id {grade_id!r}: <function>_<property>"
        assert any(grade_id.startswith(f + "_") for f in graded_functions), (
            f"grade id {grade_id!r} does not start with a graded function's name"
        )
        assert cell.source.startswith('"""Check that '), (
            f'{grade_id}: first line \'"""Check that …"""\''
        )
        assert cell.source.split("\n")[0].endswith('"""'), f"{grade_id}: one-line docstring"
        assert "### BEGIN HIDDEN TESTS" in cell.source, f"{grade_id}: hidden tests with other sizes"
        assert "checks." in cell.source, f"{grade_id}: visible checks through helpers.checks"
        hidden = markup.split_check(source=cell.source)[1]
        assert "checks." not in hidden, f"{grade_id}: hidden tests must not rely on helpers.checks"
        assert 1 <= meta["points"] <= 5
    for name in graded_functions:
        assert any(markup.grade_id(cell=c).startswith(name + "_") for c in tests), (
            f"{name} has no test cell"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercise_headings_state_the_points_of_their_tests(assignment):
    nb = _nb(assignment)
    number = int(assignment[:2])
    current, totals, stated = None, {}, {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = EXERCISE.search(cell.source)
            if match:
                assert int(match.group(1)) == number, (
                    f"exercise {match.group(0)} in lesson {number}"
                )
                current = f"{match.group(1)}.{match.group(2)}"
                stated[current] = int(match.group(3))
                totals[current] = 0
            elif cell.source.startswith("## "):
                current = None
        meta = markup.metadata(cell=cell)
        if markup.role(cell=cell) == markup.CHECK:
            assert current is not None, (
                f"test cell {meta['grade_id']} is not under an exercise heading"
            )
            totals[current] += meta["points"]
    assert stated, "no '### Exercise N.k (P points)' headings"
    assert totals == stated, "points in the headings differ from the test cells' points"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_docstrings_survive_release(assignment):
    release = nbformat.read(release_path(assignment), as_version=4)
    for cell in nbgrader_cells(release, "solution"):
        functions = _functions(cell.source)
        assert len(functions) == 1 and ast.get_docstring(functions[0]), (
            f"released exercise cell {cell.id} lost its function signature or docstring"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_recurrent_layers_carry_shape_comments(assignment):
    nb = _nb(assignment)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            if re.search(r"layers\.(LSTM|SimpleRNN|GRU)\(", line) and "=" in line.split("(")[0]:
                nearby = "\n".join(lines[max(0, i - 1) : i + 2])
                assert "->" in nearby and "batch_size" in nearby, (
                    f"cell {cell.id}: recurrent layer without a shape comment: {line.strip()}"
                )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_lesson_has_its_grading_tests(assignment):
    """tests/lessons/test_lessonNN.py: a class for this lesson that runs every check of the
    grading contract, its wrong answers parametrised over the lesson's named ones."""
    import importlib

    from tests.lessons.contract import CHECKS, OPTIONAL_CHECKS, GradingContract
    from tests.lessons.wrong_answers import by_assignment

    number = assignment[:2]
    module = importlib.import_module(f"tests.lessons.test_lesson{number}")
    cls = getattr(module, f"TestLesson{number}")
    assert issubclass(cls, GradingContract) and cls.assignment == assignment
    assert cls.wrong_answers is by_assignment()[assignment], "the wrong answers of another lesson"
    required = [name for name in CHECKS if name not in OPTIONAL_CHECKS or cls.right_answers]
    missing = [name for name in required if not callable(vars(cls).get(f"test_{name}"))]
    assert missing == [], f"TestLesson{number} does not run the contract's checks {missing}"
    marks = getattr(cls.test_wrong_answer_loses_points, "pytestmark", [])
    params = [m.args for m in marks if m.name == "parametrize"]
    assert (
        params and params[0][0] == "wrong_answer" and list(params[0][1]) == list(cls.wrong_answers)
    )
