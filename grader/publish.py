"""The notebooks of the course site (``make site``): each lesson as a reader sees it, no answers.

For each lesson the SOLUTION notebook is the source (it has the stored outputs and figures the
instructor teaches from); :func:`publish_notebook` turns it into the page's notebook:

- every solution region (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) becomes the release's
  stub: nbgrader's own ``ClearSolutions`` runs, with the course's ``code_stub``
  (``nbgrader_config.py``); a solution cell without markers is replaced whole;
- exercise (solution) cells and test cells lose their outputs (they would show the answer);
- hidden-test regions (``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``) are dropped
  (nbgrader's ``ClearHiddenTests``);
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

from grader import markup
from grader.course import lesson_ids, load_config

__all__ = ["publish_notebook", "lesson_table", "prepare_site"]

#: a markdown link into docs/ from a lesson folder, and the same link from the site's lessons/
_DOCS_LINK, _SITE_DOCS_LINK = "](../../docs/", "](../"


def _drop_markers(cell):
    if cell.cell_type == "code":
        cell.source = markup.strip_nbval(source=cell.source)
    cell.metadata.pop("nbgrader", None)
    markup.drop_nbval_tags(cell=cell)


def publish_notebook(nb, *, config=None):
    """The site's version of a solution notebook (a new notebook; ``nb`` is left as it is).

    Args:
        nb: a solution notebook (``nbformat.NotebookNode``, version 4) with nbgrader metadata.
        config: the course's nbgrader configuration (its ``ClearSolutions`` stubs); None:
            nbgrader's defaults.

    Returns:
        NotebookNode: solutions replaced by stubs (nbgrader's ``ClearSolutions``), exercise and
        test outputs cleared, hidden tests removed (``ClearHiddenTests``), nbgrader/nbval
        markers removed, links into ``docs/`` made the site's.

    Raises:
        ValueError: when a solution or hidden-test region is not closed.
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    roles = [markup.role(cell=cell) for cell in nb.cells]
    for cell in nb.cells:
        if cell.cell_type == "code":  # before ClearSolutions: a marker line is no part of a stub
            cell.source = markup.strip_nbval(source=cell.source)
    kwargs = {} if config is None else {"config": config}
    try:
        for pre in (ClearSolutions(**kwargs), ClearHiddenTests(**kwargs)):
            nb, _ = pre.preprocess(nb, {})
    except RuntimeError as exc:  # nbgrader's error for a region without its END line
        raise ValueError(f"cannot publish: {exc}") from None
    for cell, kind in zip(nb.cells, roles):
        if cell.cell_type == "code" and kind in (markup.SOLUTION, markup.CHECK):
            cell.outputs, cell.execution_count = [], None
        if kind == markup.CHECK:
            cell.source = cell.source.rstrip()
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(_DOCS_LINK, _SITE_DOCS_LINK)
        _drop_markers(cell)
    nb.metadata.pop("celltoolbar", None)
    return nb


def _exercises(nb):
    """(number of graded functions, total points) of a solution notebook."""
    functions = sum(
        len(markup.defined_functions(source=c.source))
        for c in nb.cells
        if c.cell_type == "code" and markup.role(cell=c) == markup.SOLUTION
    )
    points = sum(markup.points(cell=c) for c in nb.cells if markup.role(cell=c) == markup.CHECK)
    return functions, points


def lesson_table(root):
    """The home page's lesson table (MyST markdown): number, title with link, exercises, points."""
    rows = ["| Lesson | Title | Graded functions | Points |", "|---|---|---|---|"]
    for lesson in lesson_ids(root=root):
        nb = nbformat.read(Path(root) / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        title = markup.title(nb=nb, top_level=True) or lesson
        short = re.sub(r"^Lesson \d+\s*[—-]\s*", "", title).replace("|", "\\|")
        functions, points = _exercises(nb)
        rows.append(
            f"| {lesson[:2]} | [{short}](lessons/{lesson}.ipynb) | {functions} | {points:g} |"
        )
    return "\n".join(rows) + "\n"


def prepare_site(root, output):
    """Write the Sphinx source tree of the site into ``output`` (replaced whole).

    Args:
        root: the course root (holds ``nbgrader_config.py``, ``docs/`` and ``solutions/``).
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
    config = load_config(root)
    lessons = lesson_ids(root=root)
    for lesson in lessons:
        nb = nbformat.read(root / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        nbformat.write(publish_notebook(nb, config=config), output / "lessons" / f"{lesson}.ipynb")
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
