"""`make site`: the course as a static HTML site that a reader can browse and search, with no
answers in it.

The site is built by `make site` in a copy of the repository's files (what a clean clone has;
the real ``.venv`` is linked in and never reinstalled). Then: every built file is scanned for
solution code and hidden-test lines; headless Chromium (Debian's, driven by Playwright) opens
every lesson page over HTTP, sees its title and its figures loaded, and searches for
"timesteps".
"""

import contextlib
import functools
import html
import http.server
import re
import shutil
import subprocess
import threading

import nbformat
import pytest

from tests.support import (
    REPO,
    assignment_ids,
    figures,
    hidden_test_lines,
    public_lines,
    run,
    solution_path,
    solution_regions,
)

pytestmark = pytest.mark.slow

ASSIGNMENTS = assignment_ids()
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "NBVAL_")
TEXT_SUFFIXES = {".html", ".js", ".json", ".txt", ".md", ".ipynb", ".inv", ".css", ".py", ".xml"}


def _title(assignment):
    nb = nbformat.read(solution_path(assignment), as_version=4)
    return nb.cells[0].source.split("\n")[0].lstrip("# ").strip().replace("`", "")  # as rendered


def _figures(assignment):
    """The alt texts of the figures a lesson page must show (demo cells, not exercises/tests)."""
    return [
        alt
        for _, alt in figures(
            nbformat.read(solution_path(assignment), as_version=4), demos_only=True
        )
    ]


@functools.lru_cache(maxsize=None)
def _public_lines():
    """Every source line outside hidden/solution regions, in any lesson (what the site may show)."""
    return set().union(*(public_lines(assignment) for assignment in ASSIGNMENTS))


@functools.lru_cache(maxsize=None)
def _secret_lines(assignment):
    """Hidden-test lines that appear nowhere outside hidden/solution regions of any lesson (a
    generic line such as ``keras.utils.set_random_seed(1)`` may be in a demo as well: no leak)."""
    return [
        line
        for line in hidden_test_lines(assignment)
        if line not in _public_lines() and len(line) >= 12
    ]


def _readable(raw):
    """A built file as text and as a reader sees it (tags removed, entities decoded: Pygments
    splits code into <span>s, and HTML escapes quotes and brackets)."""
    visible = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return raw + "\n" + visible


def _leaks(text, assignment):
    found = [marker for marker in MARKERS if marker in text]
    flat = "\n".join(line.strip() for line in text.split("\n"))
    for region in solution_regions(assignment):
        lines = "\n".join(line.strip() for line in region.split("\n"))
        if region and (region in text or lines in flat):
            found.append(f"solution region {region[:60]!r}")
    found += [f"hidden test line {line!r}" for line in _secret_lines(assignment) if line in text]
    return found


def _copy_of_the_repository(dest):
    """The files a clone has (tracked, and new files git does not ignore), with .venv linked."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    (dest / ".venv").symlink_to((REPO / ".venv").resolve())
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`make site` in a fresh copy; returns the copy's build/site. `-o .venv/.installed`: the
    linked venv is taken as installed (the copy's pyproject.toml is newer than its stamp)."""
    clone = _copy_of_the_repository(tmp_path_factory.mktemp("clone"))
    proc = run(["make", "-o", ".venv/.installed", "site"], cwd=clone, timeout=900)
    assert "WARNING" not in proc.stderr, proc.stderr[-3000:]
    return clone / "build" / "site"


def test_make_site_builds_a_page_per_lesson_and_the_course_pages(site):
    for page in [
        "index.html",
        "running.html",
        "grading.html",
        "glossary.html",
        "search.html",
        "searchindex.js",
    ]:
        assert (site / page).is_file(), f"the site has no {page}"
    for assignment in ASSIGNMENTS:
        page = site / "lessons" / f"{assignment}.html"
        assert page.is_file(), f"no page for {assignment}"
        assert f"lessons/{assignment}.html" in (site / "index.html").read_text(), (
            f"the home page's lesson table does not link {assignment}"
        )
    assert not list(site.rglob("*.ipynb")), (
        "the site must not ship notebooks (they hold outputs only the pages need)"
    )


_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*\"", re.I
)


def test_no_page_loads_anything_from_another_host(site):
    """Scripts, styles, fonts and images come from the site itself (MathJax included): it reads
    offline and tells no third party who reads it. Links to sources (<a href>) are fine."""
    pages = sorted(site.rglob("*.html"))
    external = [
        f"{p.relative_to(site)}: {m[:120]}" for p in pages for m in _EXTERNAL.findall(p.read_text())
    ]
    assert pages and not external, "\n".join(external[:10])
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


def test_the_leak_scan_finds_the_answers_in_a_solution_notebook():
    """The scan below can fail: on the solution notebooks themselves it finds every lesson's
    solution code and hidden tests."""
    for assignment in ASSIGNMENTS:
        text = solution_path(assignment).read_text()
        nb = nbformat.read(solution_path(assignment), as_version=4)
        text += "\n" + "\n".join(cell.source for cell in nb.cells)
        leaks = _leaks(text, assignment)
        assert any(l.startswith("solution region") for l in leaks), assignment
        assert any(l.startswith("hidden test line") for l in leaks) or not _secret_lines(assignment)


def test_no_built_file_holds_solution_code_or_a_hidden_test(site):
    scanned, leaks = 0, []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = _readable(path.read_text(encoding="utf-8", errors="replace"))
        scanned += 1
        for assignment in ASSIGNMENTS:
            leaks += [f"{path.relative_to(site)}: {leak}" for leak in _leaks(text, assignment)]
    assert scanned > len(ASSIGNMENTS)
    assert not leaks, "\n".join(leaks[:20])


def test_lesson_pages_show_the_stubs_docstrings_and_visible_checks(site):
    for assignment in ASSIGNMENTS:
        text = _readable((site / "lessons" / f"{assignment}.html").read_text())
        assert "# YOUR CODE HERE" in text and "raise NotImplementedError()" in text, assignment
        assert '"""Check that' in text, f"{assignment}: the visible checks are missing"


# -- in a browser ---------------------------------------------------------------------------


@contextlib.contextmanager
def _serve(folder):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page(site, tmp_path_factory):
    pytest.importorskip("playwright.sync_api", reason="needs playwright: pip install -e '.[test]'")
    from tests.system.browser import chromium_browser, chromium_or_skip

    tmp = tmp_path_factory.mktemp("chromium")
    executable = chromium_or_skip(tmp)
    with _serve(site) as base:
        with chromium_browser(executable, tmp / "home") as browser:
            tab = browser.new_page()
            tab.base = base
            yield tab
            tab.close()


_IMAGES_JS = """() => [...document.querySelectorAll('article img, main img')]
    .filter(img => img.src.includes('_images/') || img.src.startsWith('data:image/'))
    .map(img => ({src: img.src.slice(0, 80), complete: img.complete, width: img.naturalWidth,
                  alt: img.getAttribute('alt')}))"""


@pytest.mark.browser
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_lesson_page_shows_its_title_and_its_figures(page, assignment):
    page.goto(f"{page.base}/lessons/{assignment}.html", wait_until="load")
    heading = page.locator("h1").first.inner_text().strip().rstrip("#").strip()
    assert heading.replace("\u2019", "'") == _title(assignment)  # Sphinx's smart quotes
    images = page.evaluate(_IMAGES_JS)
    assert len(images) >= len(_figures(assignment)), f"{assignment}: figures on the page: {images}"
    broken = [img["src"] for img in images if not (img["complete"] and img["width"] > 0)]
    assert not broken, f"{assignment}: figures that did not load: {broken}"
    # each figure keeps its alternative text (a screen reader reads it)
    assert [img["alt"] for img in images] == _figures(assignment), (
        f"{assignment}: alt texts on the page"
    )
    # previous/next navigation, and the glossary the lesson links in its first cell
    assert page.locator(".prev-next-area a").count() >= 1
    glossary = page.eval_on_selector_all("article a", "els => els.map(a => a.getAttribute('href'))")
    assert any(href and href.split("#")[0].endswith("glossary.html") for href in glossary), glossary


def _lessons_with_formulas():
    return [
        a
        for a in ASSIGNMENTS
        if any(
            c.cell_type == "markdown" and re.search(r"\$[^$\n]+\$", c.source)
            for c in nbformat.read(solution_path(a), as_version=4).cells
        )
    ]


@pytest.mark.browser
def test_formulas_render_with_the_sites_own_mathjax(page):
    lessons = _lessons_with_formulas()
    assert lessons, "no lesson has a formula: this test would check nothing"
    requests = []
    record = lambda request: requests.append(request.url)  # noqa: E731
    page.on("request", record)
    try:
        page.goto(f"{page.base}/lessons/{lessons[0]}.html", wait_until="load")
        page.wait_for_selector("mjx-container", timeout=60_000)
    finally:
        page.remove_listener("request", record)
    assert page.locator("mjx-container").count() >= 1
    foreign = [url for url in requests if not url.startswith((page.base, "data:"))]
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.browser
def test_searching_timesteps_finds_lessons(page):
    page.goto(f"{page.base}/search.html?q=timesteps", wait_until="load")
    page.wait_for_selector("#search-results ul.search li a", timeout=60_000)
    links = page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(a => a.href)"
    )
    found = {a for a in ASSIGNMENTS if any(f"lessons/{a}.html" in link for link in links)}
    assert len(found) >= 2, f"search for 'timesteps' found: {links}"
    assert "03_rnn_batch_vs_timesteps" in found
