"""Every figure a lesson shows says in words what it shows (alternative text), and keeps it.

Lessons show figures with ``helpers.plots.show(fig, alt=...)`` (an ``<img>`` with ``alt``, and
the text in the output's metadata; a schematic of ``helpers.plots`` writes its own text);
``plt.show()`` would store a bare PNG that a screen reader cannot read, so a lesson that calls
it, or a stored figure without its text, fails here. The
site (``tests/system/test_site.py``) and JupyterLab (``tests/system/test_browser.py``) check
that the rendered pages keep the text.
"""

import re

import nbformat
import pytest

from helpers.plots import MIN_ALT_WORDS
from tests.support import assignment_ids, figures, solution_path

ASSIGNMENTS = assignment_ids()
_PLT_SHOW = re.compile(r"\bplt\.show\(")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_stored_figure_has_alt_text(assignment):
    """Check that each image in the solution's stored outputs carries real alternative text."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    short = [
        (index, alt)
        for index, alt in figures(nb)
        if alt is None or len(alt.split()) < MIN_ALT_WORDS
    ]
    assert short == [], f"{assignment}: figures without alternative text (cell, alt): {short}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_figures_are_shown_through_helpers_plots(assignment):
    """Check that no cell shows a figure with plt.show() (a bare image, no text)."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    bare = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and _PLT_SHOW.search(cell.source)
    ]
    assert bare == [], (
        f"{assignment}: cells calling plt.show() instead of plots.show(fig, alt=...): {bare}"
    )


def test_the_figure_scan_finds_a_bare_image_and_an_img_without_alt():
    """Check that the scan itself fails a figure without text (so the tests above can fail)."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "plt.show()",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
                    ),
                    nbformat.v4.new_output(
                        "display_data",
                        data={"text/html": '<img src="data:image/png;base64,AA=="/>'},
                    ),
                    nbformat.v4.new_output(
                        "display_data",
                        data={"text/html": '<img src="x.png" alt="A &quot;fine&quot; one"/>'},
                    ),
                ],
            )
        ]
    )
    assert figures(nb) == [(0, None), (0, None), (0, 'A "fine" one')]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_figure_is_in_a_cell_whose_output_nbval_compares(assignment):
    """Check that no `# NBVAL_CHECK_OUTPUT` cell shows a figure: nbval would compare the image's
    bytes (inside its HTML), which differ between machines and library versions."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    compared = {
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in cell.source
    }
    drawing = {index for index, _ in figures(nb)} | {
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "plots.show(" in cell.source
    }
    assert not compared & drawing, (
        f"{assignment}: figures in NBVAL_CHECK_OUTPUT cells {sorted(compared & drawing)}"
    )


def _schematic_alts(source):
    """For each ``plots.show(...)`` call of a cell that draws a schematic: its ``alt`` node or None."""
    import ast

    from helpers.plots import schematics, windows

    drawn = {
        node.func.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    if not drawn & {*schematics.__all__, *windows.__all__}:
        return []
    return [
        next((k.value for k in node.keywords if k.arg == "alt"), None)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "show"
    ]


def _spelled_out(alt):
    import ast

    return alt is not None and not (isinstance(alt, ast.Constant) and len(alt.value.split()) <= 15)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_schematic_writes_its_own_alt_text(assignment):
    """Check that a cell showing a schematic of helpers.plots does not spell out its alternative
    text again: the drawing writes it from its own numbers; the cell may add one short sentence."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    spelled = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any(_spelled_out(alt) for alt in _schematic_alts(cell.source))
    ]
    assert spelled == [], f"{assignment}: cells that spell out a schematic's alt text: {spelled}"


def test_the_schematic_scan_finds_a_spelled_out_alt():
    """Check that the scan above fails a long f-string and passes a short sentence or none."""
    drawing = "ax = plots.plot_sequence_cube(batch_size=4)\n"
    long_alt = (
        drawing + 'plots.show(ax, alt=(f"Drawing of one batch of shape {4} as a block of cells"))'
    )
    assert [_spelled_out(alt) for alt in _schematic_alts(long_alt)] == [True]
    assert [
        _spelled_out(alt) for alt in _schematic_alts(drawing + 'plots.show(ax, alt="Short.")')
    ] == [False]
    assert [_spelled_out(alt) for alt in _schematic_alts(drawing + "plots.show(ax)")] == [False]
    assert _schematic_alts('ax.plot([1, 2])\nplots.show(ax, alt=f"{x} long")') == []
