"""The notebooks of the course site (``make site``): each lesson as a reader sees it, no answers.

For each lesson the SOLUTION notebook is the source (it has the stored outputs and figures the
instructor teaches from); :func:`publish_notebook` turns it into the page's notebook:

- every solution region (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) becomes the release's
  stub, as nbgrader's ``ClearSolutions`` writes it (``# YOUR CODE HERE`` /
  ``raise NotImplementedError()``, at the region's indentation; a solution cell without markers
  is replaced whole; a markdown answer becomes ``YOUR ANSWER HERE``);
- exercise (solution) cells and test cells lose their outputs (they would show the answer);
- hidden-test regions (``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``) are dropped;
- nbgrader and nbval markers (``# NBVAL_*`` lines, ``nbval-*`` tags, nbgrader metadata) go;
- links into ``docs/`` (``../../docs/glossary.md`` from ``solutions/<id>/``) point where the
  site has those pages (``../glossary.md`` from ``lessons/<id>``).

Docstrings, visible checks, text, demo code and demo outputs stay. :func:`prepare_site` writes
the Sphinx source tree: ``docs/`` copied, ``lessons/<id>.ipynb`` and ``lesson_table.md``.

Run: ``python -m grader.publish [--root .] [--output build/site-src]``.
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat

__all__ = ["CODE_STUB", "TEXT_STUB", "publish_notebook", "lesson_ids", "lesson_table", "prepare_site"]

#: what nbgrader_config.py's ClearSolutions.code_stub puts in place of a solution region
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
_NBVAL = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*$")
_LESSON = re.compile(r"^\d\d_[a-z0-9_]+$")
#: a markdown link into docs/ from a lesson folder, and the same link from the site's lessons/
_DOCS_LINK, _SITE_DOCS_LINK = "](../../docs/", "](../"


def _is_solution(cell):
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def _is_test(cell):
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _clear_solution(source, stub):
    """``source`` with each solution region replaced by ``stub`` (indented as its BEGIN line)."""
    lines = source.split("\n")
    if not any("BEGIN SOLUTION" in line for line in lines):
        return stub
    out, inside = [], False
    for line in lines:
        if "BEGIN SOLUTION" in line:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub_line for stub_line in stub.split("\n")]
        elif "END SOLUTION" in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a solution region has no '### END SOLUTION'")
    return "\n".join(out)


def _drop_hidden_tests(source):
    out, inside = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "END HIDDEN TESTS" in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a hidden-test region has no '### END HIDDEN TESTS'")
    return "\n".join(out).rstrip()


def _drop_markers(cell):
    if cell.cell_type == "code":
        cell.source = "\n".join(l for l in cell.source.split("\n") if not _NBVAL.match(l))
    cell.metadata.pop("nbgrader", None)
    tags = [t for t in cell.metadata.get("tags", []) if not str(t).startswith("nbval-")]
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)


def publish_notebook(nb):
    """The site's version of a solution notebook (a new notebook; ``nb`` is left as it is).

    Args:
        nb: a solution notebook (``nbformat.NotebookNode``, version 4) with nbgrader metadata.

    Returns:
        NotebookNode: solutions replaced by stubs, exercise and test outputs cleared, hidden
        tests and nbgrader/nbval markers removed, links into ``docs/`` made the site's.

    Raises:
        ValueError: when a solution or hidden-test region is not closed.
    """
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    for cell in nb.cells:
        solution, test = _is_solution(cell), _is_test(cell)
        if solution:
            cell.source = _clear_solution(cell.source, CODE_STUB if cell.cell_type == "code" else TEXT_STUB)
        if test:
            cell.source = _drop_hidden_tests(cell.source)
        if cell.cell_type == "code" and (solution or test):
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(_DOCS_LINK, _SITE_DOCS_LINK)
        _drop_markers(cell)
    nb.metadata.pop("celltoolbar", None)
    return nb


def lesson_ids(root):
    """Lesson ids: folders ``solutions/NN_name`` that hold ``NN_name.ipynb``, sorted."""
    solutions = Path(root) / "solutions"
    return sorted(p.name for p in solutions.iterdir()
                  if p.is_dir() and _LESSON.match(p.name) and (p / f"{p.name}.ipynb").is_file())


def _title(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _exercises(nb):
    """(number of graded functions, total points) of a solution notebook."""
    functions = sum(len(re.findall(r"^def ", c.source, re.MULTILINE)) for c in nb.cells
                    if c.cell_type == "code" and _is_solution(c))
    points = sum(float(c.metadata["nbgrader"].get("points", 0)) for c in nb.cells if _is_test(c))
    return functions, points


def lesson_table(root):
    """The home page's lesson table (MyST markdown): number, title with link, exercises, points."""
    rows = ["| Lesson | Title | Graded functions | Points |", "|---|---|---|---|"]
    for lesson in lesson_ids(root):
        nb = nbformat.read(Path(root) / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        title = _title(nb, lesson)
        short = re.sub(r"^Lesson \d+\s*[—-]\s*", "", title).replace("|", "\\|")
        functions, points = _exercises(nb)
        rows.append(f"| {lesson[:2]} | [{short}](lessons/{lesson}.ipynb) | {functions} | {points:g} |")
    return "\n".join(rows) + "\n"


def prepare_site(root, output):
    """Write the Sphinx source tree of the site into ``output`` (replaced whole).

    Args:
        root: the course root (holds ``docs/`` and ``solutions/``).
        output: the folder to write: ``docs/``'s files, ``lessons/<id>.ipynb``,
            ``lesson_table.md`` and ``pyproject.toml`` (where ``conf.py`` reads the version).

    Returns:
        list: the lesson ids published.
    """
    root, output = Path(root), Path(output)
    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(root / "docs", output)
    (output / "lessons").mkdir()
    lessons = lesson_ids(root)
    for lesson in lessons:
        nb = nbformat.read(root / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        nbformat.write(publish_notebook(nb), output / "lessons" / f"{lesson}.ipynb")
    (output / "lesson_table.md").write_text(lesson_table(root), encoding="utf-8")
    shutil.copy2(root / "pyproject.toml", output / "pyproject.toml")  # conf.py reads the version
    return lessons


def main(argv=None):
    """``python -m grader.publish``: prepare the site's sources; returns the exit code."""
    p = argparse.ArgumentParser(prog="python -m grader.publish", description=__doc__.split("\n")[0])
    p.add_argument("--root", default=".", help="course root (default: the current folder)")
    p.add_argument("--output", default="build/site-src", help="Sphinx source folder to write")
    args = p.parse_args(argv)
    lessons = prepare_site(args.root, args.output)
    print(f"publish: {len(lessons)} lessons -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
