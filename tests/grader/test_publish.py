"""grader/publish.py: the site's notebooks keep the lesson and lose every answer.

On a tiny notebook (each rule, both ways), and on every lesson against nbgrader's own
ClearSolutions / ClearHiddenTests (the release's semantics), without running a kernel.
"""

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grader import publish
from grader.course import load_config
from tests.support import REPO, assignment_ids, solution_path

#: the stub of nbgrader_config.py's ClearSolutions.code_stub
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

SOLUTION_META = {
    "nbgrader": {
        "solution": True,
        "grade": False,
        "grade_id": "double",
        "locked": False,
        "schema_version": 3,
    }
}
TEST_META = {
    "nbgrader": {
        "solution": False,
        "grade": True,
        "grade_id": "double_value",
        "points": 2,
        "locked": True,
        "schema_version": 3,
    }
}
SECRET = "assert double(21) == 42, 'secret hidden check'"


def _tiny():
    solution = new_code_cell(
        'def double(x):\n    """Return twice ``x``.\n\n    Args:\n        x: a number.\n    """\n'
        "    ### BEGIN SOLUTION\n    y = x * 2\n    return y\n    ### END SOLUTION\n",
        metadata=copy.deepcopy(SOLUTION_META),
        execution_count=3,
        outputs=[new_output("stream", name="stdout", text="solution output 84\n")],
    )
    test = new_code_cell(
        '"""Check that double doubles."""\nfrom helpers import checks\nchecks.equal(double(2), 4)\n'
        f"### BEGIN HIDDEN TESTS\n{SECRET}\n### END HIDDEN TESTS",
        metadata=copy.deepcopy(TEST_META),
        execution_count=4,
        outputs=[new_output("stream", name="stdout", text="[PASS] double(2)\n")],
    )
    demo = new_code_cell(
        "# NBVAL_CHECK_OUTPUT\nprint(3 * 4)",
        execution_count=5,
        metadata={"tags": ["nbval-ignore-output", "keep-me"]},
        outputs=[new_output("stream", name="stdout", text="12\n")],
    )
    whole = new_code_cell("answer = 7", metadata=copy.deepcopy(SOLUTION_META))
    prose = new_markdown_cell("# Lesson 99 — tiny\n\nSome text.")
    return new_notebook(
        cells=[prose, solution, test, demo, whole],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )


def test_solution_region_becomes_the_release_stub_at_its_indentation():
    cell = publish.publish_notebook(_tiny()).cells[1]
    assert "    # YOUR CODE HERE\n    raise NotImplementedError()" in cell.source
    assert "x * 2" not in cell.source and "return y" not in cell.source
    assert '"""Return twice ``x``.' in cell.source and "Args:" in cell.source  # the spec stays
    assert "SOLUTION" not in cell.source


def test_exercise_and_test_cells_lose_their_outputs_demo_keeps_its_own():
    nb = publish.publish_notebook(_tiny())
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None
    assert nb.cells[2].outputs == []
    assert nb.cells[3].outputs[0]["text"] == "12\n"


def test_hidden_tests_go_and_visible_checks_stay():
    source = publish.publish_notebook(_tiny()).cells[2].source
    assert SECRET not in source and "HIDDEN" not in source
    assert (
        source.startswith('"""Check that double doubles."""')
        and "checks.equal(double(2), 4)" in source
    )


def test_markers_and_grader_metadata_go_other_tags_stay():
    nb = publish.publish_notebook(_tiny())
    assert "NBVAL" not in nb.cells[3].source and "print(3 * 4)" in nb.cells[3].source
    assert nb.cells[3].metadata["tags"] == ["keep-me"]
    assert all("nbgrader" not in cell.metadata for cell in nb.cells)


def test_a_solution_cell_without_markers_is_replaced_whole():
    assert publish.publish_notebook(_tiny()).cells[4].source == CODE_STUB


def test_the_stub_is_the_course_configs():
    config = load_config(REPO)
    config.ClearSolutions.code_stub = {"python": "pass  # your turn"}
    cell = publish.publish_notebook(_tiny(), config=config).cells[1]
    assert "    pass  # your turn" in cell.source and "YOUR CODE HERE" not in cell.source


def test_links_into_docs_point_where_the_site_has_those_pages():
    nb = _tiny()
    nb.cells[
        0
    ].source += "\n\nSee the [glossary](../../docs/glossary.md) and [Keras](https://keras.io/)."
    nb.cells[1].source += "\n# see ../../docs/glossary.md"  # code is left alone
    published = publish.publish_notebook(nb)
    assert (
        "See the [glossary](../glossary.md) and [Keras](https://keras.io/)."
        in published.cells[0].source
    )
    assert "../../docs/glossary.md" in published.cells[1].source


def test_the_source_notebook_is_left_as_it_is():
    nb = _tiny()
    before = nbformat.writes(nb)
    publish.publish_notebook(nb)
    assert nbformat.writes(nb) == before


@pytest.mark.parametrize(
    "begin,end",
    [
        ("### BEGIN SOLUTION", "### END SOLUTION"),
        ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
    ],
)
def test_an_unclosed_region_is_an_error_not_a_leak(begin, end):
    nb = _tiny()
    index = 1 if "SOLUTION" in begin else 2
    nb.cells[index].source = nb.cells[index].source.replace(end, "")
    with pytest.raises(ValueError):
        publish.publish_notebook(nb)


def _nbgrader_release_sources(nb):
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    from grader.release import StripNbvalMarkers

    nb = copy.deepcopy(nb)
    for pre in (
        StripNbvalMarkers(),
        ClearSolutions(code_stub={"python": CODE_STUB}),
        ClearHiddenTests(),
    ):
        nb, _ = pre.preprocess(nb, {})
    # the one difference on purpose: links into docs/ are the site's
    return [cell.source.rstrip().replace("](../../docs/", "](../") for cell in nb.cells]


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_lesson_reads_as_nbgrader_releases_it(assignment):
    nb = nbformat.read(solution_path(assignment), as_version=4)
    published = publish.publish_notebook(nb)
    assert [cell.source.rstrip() for cell in published.cells] == _nbgrader_release_sources(nb)


def test_prepare_site_writes_docs_lessons_and_the_table(tmp_path):
    root = tmp_path / "course"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.2.3"\n')
    (root / "nbgrader_config.py").write_text((REPO / "nbgrader_config.py").read_text())
    for lesson in ("99_tiny", "98_other"):
        (root / "solutions" / lesson).mkdir(parents=True)
        nbformat.write(_tiny(), root / "solutions" / lesson / f"{lesson}.ipynb")
    (root / "solutions" / "notes").mkdir()  # not a lesson folder
    out = tmp_path / "src"
    assert publish.prepare_site(root, out) == ["98_other", "99_tiny"]
    assert (out / "index.md").read_text() == "# Home\n"
    assert sorted(p.name for p in (out / "lessons").iterdir()) == [
        "98_other.ipynb",
        "99_tiny.ipynb",
    ]
    table = (out / "lesson_table.md").read_text()
    assert "| 99 | [tiny](lessons/99_tiny.ipynb) | 1 | 2 |" in table
    assert "x * 2" not in (out / "lessons" / "99_tiny.ipynb").read_text()
    assert 'version = "1.2.3"' in (out / "pyproject.toml").read_text()


def test_the_site_version_is_pyproject_version():
    import tomllib

    namespace = {"__file__": str(REPO / "docs" / "conf.py")}
    exec(compile((REPO / "docs" / "conf.py").read_text(), "conf.py", "exec"), namespace)
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert namespace["release"] == version
