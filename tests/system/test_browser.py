"""Check the student's experience in a real browser: JupyterLab, as `make lab` starts it, in
headless Chromium (Debian's) driven by Playwright.

For every lesson, in a throw-away copy of the course served by one JupyterLab for the module:
the solution runs clean with Run All and shows a figure; nbgrader's Validate button passes the
solution and names the failing check cells of the untouched release; the release opens without
outputs, its exercise cells editable and its check cells locked. Formgrader, opened from the
Nbgrader menu, lists the course's assignments.

Run them alone: ``.venv/bin/python -m pytest -m browser`` (Chromium: ``make browser-deps``).
"""

import functools
import re

import nbformat
import pytest

pytest.importorskip(
    "playwright.sync_api",
    reason="browser tests need the playwright package: pip install -e '.[test]'",
)

from tests.system.browser import (  # noqa: E402
    NOISE,
    STDERR_MIME,
    LabApp,
    chromium_browser,
    chromium_or_skip,
    first_line,
    lab_server,
    open_formgrader,
)
from tests.support import assignment_ids, figures, nbgrader_cells, solution_path  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ASSIGNMENTS = assignment_ids()
EDIT_MARK = "# typed by the browser test"


def _solution(assignment):
    return f"solutions/{assignment}/{assignment}.ipynb"


def _release(assignment):
    return f"notebooks/{assignment}/{assignment}.ipynb"


# -- one server, one browser for the module -----------------------------------------------------


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with lab_server(tmp_path_factory.mktemp("browser-lab")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser-home")
    with chromium_browser(chromium_or_skip(home), home) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield ctx
    finally:
        ctx.close()


# -- one lesson at a time (pytest groups the tests of each lesson together) ---------------------


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def lesson(request):
    return request.param


@pytest.fixture(scope="module")
def app(lab, context, lesson):
    """One JupyterLab tab for the lesson; closed, and its kernels stopped, after the lesson."""
    tab = None
    try:
        tab = LabApp(context, lab)
        yield tab
    finally:
        if tab is not None:
            tab.close()
        lab.shutdown_kernels(wait=False)


@pytest.fixture(scope="module")
def solution_run(app, lesson):
    """The solution notebook opened (File > Open from Path…), outputs cleared, Run All."""
    notebook = app.open_notebook(_solution(lesson))
    notebook.run_all()
    return notebook, notebook.cells()


@pytest.fixture(scope="module")
def release_page(app, lesson):
    """The released notebook opened as a student opens it (these tests never save it)."""
    if lesson in app.lab.release_errors:
        pytest.fail(app.lab.release_errors[lesson], pytrace=False)
    return app.open_notebook(_release(lesson))


# -- formgrader ---------------------------------------------------------------------------------


def test_formgrader_lists_the_assignments(lab, context):
    page = None
    try:
        page, frame = open_formgrader(context, lab)
        listed = frame.eval_on_selector_all(
            "table tbody tr", "rows => rows.map(r => r.querySelector('td')?.innerText.trim())"
        )
        missing = [a for a in ASSIGNMENTS if a not in listed]
        assert not missing, f"Formgrader does not list {missing}; it lists {listed}"
    finally:
        if page is not None:
            page.close()


# -- the solution -------------------------------------------------------------------------------


def test_solution_run_all_executes_every_code_cell(solution_run):
    page, cells = solution_run
    code = [c for c in cells if c.kind == "code"]
    not_run = [c.index for c in code if not c.prompt.strip("[]:").isdigit()]
    assert code and not not_run, (
        f"Run All stopped: code cells {not_run} have no execution count "
        f"(prompts {[c.prompt for c in code if c.index in not_run][:5]})"
    )
    shown = page.problems_shown()
    assert shown == [], f"JupyterLab shows a dialog or an error notification: {shown}"


def test_solution_outputs_show_no_error_warning_or_tensorflow_log(solution_run):
    page, cells = solution_run
    problems = []
    for cell in cells:
        for out in cell.outputs:
            if out.mime == STDERR_MIME:
                problems.append(f"cell {cell.index}: error/stderr output: {out.text[:300]!r}")
            elif NOISE.search(out.text):
                problems.append(f"cell {cell.index}: TensorFlow log / warning: {out.text[:300]!r}")
    assert problems == [], "\n".join(problems)


def _stored_figures(assignment):
    """The alt texts of the figures the solution notebook has stored (what Run All must show)."""
    return [alt for _, alt in figures(nbformat.read(solution_path(assignment), as_version=4))]


def test_solution_renders_a_figure(solution_run, lesson):
    if not _stored_figures(lesson):
        pytest.skip(f"{lesson} draws no figure (none in its stored outputs)")
    page, cells = solution_run
    shown = [out.cell for cell in cells for out in cell.outputs if out.images]
    assert shown, "no output area of the solution shows an <img> (no figure rendered)"
    img = page.cell(shown[0]).locator(".jp-OutputArea-output img").first
    img.scroll_into_view_if_needed()
    img.wait_for(state="visible")
    size = img.evaluate("i => i.complete ? [i.naturalWidth, i.naturalHeight] : [0, 0]")
    box = img.bounding_box()
    assert size[0] > 50 and size[1] > 50, (
        f"cell {shown[0]}: the figure's image did not load: {size}"
    )
    assert box and box["width"] > 50 and box["height"] > 50, f"cell {shown[0]}: figure box {box}"
    # JupyterLab keeps the figure's alternative text (its sanitizer passes <img alt>); its
    # numbers may be this run's measurements (timings), so they are compared as "#"
    numbers = functools.partial(re.compile(r"\d+(?:\.\d+)?").sub, "#")
    assert numbers(img.get_attribute("alt") or "") == numbers(_stored_figures(lesson)[0])


def test_validate_passes_the_solution(solution_run):
    page, _ = solution_run
    result = page.validate()
    assert result.outcome == "success", f"Validate on the solution says:\n{result.text[:3000]}"
    assert "Success! Your notebook passes all the tests." in result.text


# -- the release --------------------------------------------------------------------------------


def test_release_opens_without_outputs(release_page):
    cells = release_page.cells()
    with_outputs = [c.index for c in cells if c.outputs]
    executed = [c.index for c in cells if c.kind == "code" and c.prompt not in ("[ ]:", "")]
    assert with_outputs == [], f"the release shows outputs in cells {with_outputs}"
    assert executed == [], f"the release shows execution counts in cells {executed}"


def test_validate_names_the_failing_cells_of_the_release(release_page):
    result = release_page.validate()
    assert result.outcome == "failed", (
        f"Validate on the untouched release says:\n{result.text[:3000]}"
    )
    named = {first_line(source) for source in result.failed_sources}
    expected = {first_line(c.source) for c in nbgrader_cells(release_page.model, "test")}
    assert expected, "the release has no test cells"
    assert expected <= named, (
        f"Validate does not name the failing check cells {sorted(expected - named)}; "
        f"it names {sorted(named)}"
    )


def _indices(page, kind):
    cells = nbgrader_cells(page.model, kind)
    return [i for i, c in enumerate(page.model.cells) if any(c is x for x in cells)]


def test_release_exercise_cells_are_editable(release_page):
    exercises = _indices(release_page, "solution")
    assert exercises, "the release has no exercise (autograded answer) cells"
    for index in exercises:
        state = release_page.editor_state(index)
        assert not state["readOnlyClass"] and not state["ariaReadOnly"], (
            f"exercise cell {index} shows a read-only editor: {state}"
        )
        before = release_page.cell_text(index)
        assert "YOUR CODE HERE" in before, f"exercise cell {index} has no `# YOUR CODE HERE` stub"
        release_page.type_into(index, "\n" + EDIT_MARK)
        assert EDIT_MARK in release_page.cell_text(index), (
            f"typing into exercise cell {index} did nothing"
        )


def test_release_test_cells_are_locked(release_page):
    tests = _indices(release_page, "test")
    assert tests, "the release has no check cells"
    count = release_page.cell_count()
    sources = {}  # the first line of each check cell (a long editor renders only what is in view)
    for index in tests:
        state = release_page.editor_state(index)
        assert state["readOnlyClass"] and state["ariaReadOnly"], (
            f"check cell {index} does not show a read-only editor: {state}"
        )
        sources[index] = release_page.cell_text(index)[:60]
        release_page.type_into(index, "\n" + EDIT_MARK)
        assert EDIT_MARK not in release_page.cell_text(index), (
            f"typing changed locked check cell {index}"
        )
        if index == tests[0]:
            release_page.select(index)
            assert not release_page.delete_cell_enabled(), (
                f"Edit > Delete Cell is enabled on locked check cell {index}"
            )
        release_page.press_delete(index)
    # Control: the same keys delete an ordinary cell. Once that deletion shows, any deletion of a
    # check cell (keys pressed earlier) shows too: exactly one cell is gone, no check cell.
    free = [
        i
        for i, c in enumerate(release_page.model.cells)
        if c.metadata.get("deletable", True) and not c.metadata.get("nbgrader")
    ]
    assert free, "the release has no ordinary (deletable) cell to compare with"
    release_page.select(free[-1])
    assert release_page.delete_cell_enabled(), (
        f"Edit > Delete Cell is disabled on ordinary cell {free[-1]}"
    )
    release_page.press_delete(free[-1])
    release_page.page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel + ' .jp-Cell').length < n",
        arg=[release_page.sel, count],
        timeout=10_000,
    )
    assert release_page.cell_count() == count - 1, "D, D deleted a locked check cell"
    shown = release_page.cell_texts()
    gone = [i for i, start in sources.items() if not any(text.startswith(start) for text in shown)]
    assert gone == [], f"locked check cells {gone} were deleted or changed"
