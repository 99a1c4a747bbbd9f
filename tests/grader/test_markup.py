"""grader/markup.py: nbgrader's markup read and written in one place.

Each reader on small hand-written cells (both ways: what it finds and what it leaves), and
against nbgrader's own ClearSolutions / ClearHiddenTests on every lesson.
"""

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from grader import markup
from grader.course import lesson_ids, load_config
from tests.support import REPO, assignment_ids, solution_path

ANSWER = (
    'def double(x):\n    """Twice ``x``."""\n'
    "    ### BEGIN SOLUTION\n    y = x * 2\n    return y\n    ### END SOLUTION\n"
)
CHECK = (
    "checks.equal(double(2), 4)\n### BEGIN HIDDEN TESTS\nassert double(21) == 42\n"
    "assert double(-1) == -2\n### END HIDDEN TESTS\nprint('done')"
)


def _meta(**nbgrader):
    return {"nbgrader": {"schema_version": 3, "grade_id": "g", **nbgrader}}


@pytest.mark.parametrize(
    "cell,expected",
    [
        (
            new_code_cell(ANSWER, metadata=_meta(solution=True, grade=False, locked=False)),
            markup.SOLUTION,
        ),
        (
            new_markdown_cell("An answer.", metadata=_meta(solution=True, grade=True, points=2)),
            markup.SOLUTION,
        ),
        (
            new_code_cell(CHECK, metadata=_meta(grade=True, solution=False, locked=True, points=1)),
            markup.CHECK,
        ),
        (
            new_markdown_cell(
                "Do it.", metadata=_meta(task=True, grade=False, solution=False, points=1)
            ),
            markup.TASK,
        ),
        (
            new_code_cell(
                "import numpy as np", metadata=_meta(locked=True, grade=False, solution=False)
            ),
            markup.LOCKED,
        ),
        (
            new_markdown_cell("# Intro", metadata=_meta(locked=True, grade=False, solution=False)),
            markup.LOCKED,
        ),
        (new_code_cell("print(1)"), markup.CODE),
        (new_markdown_cell("Text."), markup.MARKDOWN),
        (new_raw_cell("raw"), markup.MARKDOWN),
        ({"cell_type": "code", "source": "", "metadata": {"nbgrader": "not a dict"}}, markup.CODE),
        ({"cell_type": "code", "source": "", "metadata": []}, markup.CODE),
    ],
)
def test_role(cell, expected):
    assert markup.role(cell=cell) == expected


def test_grade_id_and_points():
    check = new_code_cell(CHECK, metadata=_meta(grade=True, solution=False, locked=True, points=3))
    answer = new_code_cell(ANSWER, metadata=_meta(solution=True, grade=False, points=9))
    assert markup.grade_id(cell=check) == "g" and markup.points(cell=check) == 3.0
    assert markup.points(cell=answer) == 0.0  # not graded: its points do not count
    assert markup.grade_id(cell=new_code_cell("x = 1")) is None
    assert markup.grade_id(cell="not a cell") is None


def test_defined_functions_reads_top_level_defs():
    source = (
        "import math\n\n@staticmethod\ndef first(a):\n    def inner():\n        pass\n    return a\n\n"
        "async def second():\n    pass\n\nclass C:\n    def method(self):\n        pass\n"
    )
    assert markup.defined_functions(source=source) == ["first", "second"]
    assert markup.defined_functions(source=ANSWER) == ["double"]
    assert markup.defined_functions(source="x = 1") == []
    # a source that does not parse (IPython syntax) is read line by line
    assert markup.defined_functions(source="%time x = 1\ndef f(a):\n    return a\n") == ["f"]


def test_strip_regions_with_the_stub_and_without():
    stubbed = markup.strip_regions(
        source=ANSWER, stub="# YOUR CODE HERE\nraise NotImplementedError()"
    )
    assert stubbed == (
        'def double(x):\n    """Twice ``x``."""\n'
        "    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    )
    assert markup.strip_regions(source=ANSWER) == 'def double(x):\n    """Twice ``x``."""\n'
    assert markup.strip_regions(source="x = 1\n") == "x = 1\n"  # no region: unchanged
    assert markup.strip_regions(source=CHECK, region=markup.HIDDEN_TESTS) == (
        "checks.equal(double(2), 4)\nprint('done')"
    )


def test_region_bodies_and_markers():
    assert markup.region_bodies(source=ANSWER) == [["    y = x * 2", "    return y"]]
    two = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\n### BEGIN SOLUTION\nc = 3\n### END SOLUTION"
    assert markup.region_bodies(source=two) == [["a = 1"], ["c = 3"]]
    assert markup.region_bodies(source=CHECK) == []  # no solution region in a check
    assert markup.strip_region_markers(source=ANSWER) == (
        'def double(x):\n    """Twice ``x``."""\n    y = x * 2\n    return y\n'
    )


def test_split_check_into_visible_and_hidden():
    visible, hidden = markup.split_check(source=CHECK)
    assert visible == "checks.equal(double(2), 4)\nprint('done')"
    assert hidden == "assert double(21) == 42\nassert double(-1) == -2"
    assert markup.split_check(source="checks.equal(1, 1)") == ("checks.equal(1, 1)", "")


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1\n",  # not closed
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n",  # nested
    ],
)
def test_a_broken_region_is_an_error_not_a_leak(source):
    with pytest.raises(ValueError, match="SOLUTION"):
        markup.strip_regions(source=source)
    with pytest.raises(ValueError, match="HIDDEN TESTS"):
        markup.split_check(source=source.replace("SOLUTION", "HIDDEN TESTS"))


def test_release_stub_is_nbgraders_or_the_course_configs():
    assert markup.release_stub() == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert markup.release_stub(cell_type="markdown") == "YOUR ANSWER HERE"
    config = load_config(REPO)
    assert markup.release_stub(config=config) == config.ClearSolutions.code_stub["python"]
    config.ClearSolutions.code_stub = {"python": "pass"}
    assert markup.release_stub(config=config) == "pass"


def test_nbval_markers_go_and_other_lines_and_tags_stay():
    source = "# NBVAL_CHECK_OUTPUT\nprint(1)  # NBVAL_ not a marker line\n  # NBVAL_IGNORE_OUTPUT \nx = 2"
    assert markup.strip_nbval(source=source) == "print(1)  # NBVAL_ not a marker line\nx = 2"
    cell = new_code_cell(source, metadata={"tags": ["nbval-ignore-output", "keep-me"]})
    assert markup.has_nbval_marker(cell=cell)
    markup.drop_nbval_tags(cell=cell)
    assert cell.metadata["tags"] == ["keep-me"]
    only = new_code_cell("x = 1", metadata={"tags": ["nbval-skip"]})
    assert markup.has_nbval_marker(cell=only)
    markup.drop_nbval_tags(cell=only)
    assert "tags" not in only.metadata and not markup.has_nbval_marker(cell=only)
    assert not markup.has_nbval_marker(cell=new_code_cell("print('# NBVAL_CHECK_OUTPUT')"))


def test_title():
    nb = new_notebook(
        cells=[
            new_code_cell("# not a heading"),
            new_markdown_cell("Intro\n## Part"),
            new_markdown_cell("# Lesson 99 — Tiny"),
        ]
    )
    assert markup.title(nb=nb) == "Part"
    assert markup.title(nb=nb, top_level=True) == "Lesson 99 — Tiny"
    assert markup.title(nb=new_notebook(cells=[new_markdown_cell("no heading")])) == ""


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_lesson_strips_as_nbgrader_releases_it(assignment):
    """strip_regions / split_check give the sources nbgrader's own preprocessors give."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb = nbformat.read(solution_path(assignment), as_version=4)
    stub = markup.release_stub(config=load_config(REPO))
    ours = [
        markup.split_check(
            source=markup.strip_regions(source=c.source, stub=stub)
            if markup.role(cell=c) == markup.SOLUTION
            else c.source
        )[0]
        for c in nb.cells
    ]
    theirs = copy.deepcopy(nb)
    for pre in (ClearSolutions(config=load_config(REPO)), ClearHiddenTests()):
        theirs, _ = pre.preprocess(theirs, {})
    assert ours == [c.source for c in theirs.cells]
    solutions = [c for c in nb.cells if markup.role(cell=c) == markup.SOLUTION]
    assert solutions and all(len(markup.defined_functions(source=c.source)) == 1 for c in solutions)
    checks = [c for c in nb.cells if markup.role(cell=c) == markup.CHECK]
    assert checks and all(markup.split_check(source=c.source)[1] for c in checks)


def test_lesson_ids_are_the_lesson_folders(tmp_path):
    for name in ("02_b", "01_a", "03_no_notebook", "notes"):
        (tmp_path / "solutions" / name).mkdir(parents=True)
    for name in ("01_a", "02_b", "notes"):
        (tmp_path / "solutions" / name / f"{name}.ipynb").write_text("{}")
    (tmp_path / "solutions" / "04_a_file").write_text("")
    assert lesson_ids(root=tmp_path) == ["01_a", "02_b"]
    assert (
        lesson_ids(root=REPO) == assignment_ids()
        and "01_input_layer_vs_features" in assignment_ids()
    )
