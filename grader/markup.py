"""nbgrader's markup in a notebook, read and written in one place.

What the course's notebooks carry for nbgrader and nbval:

- cell roles, from the cell's ``nbgrader`` metadata (:func:`role`): an exercise (``solution``),
  a check (a ``grade`` code cell that is no solution: nbgrader's autograder tests), a ``task``,
  a ``locked`` instructor cell, plain instructor ``code`` and ``markdown``;
- regions inside a cell's source: ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` (the answer,
  replaced by the release stub) and ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` (the
  checks the student does not see) -- :func:`region_bodies`, :func:`strip_regions`,
  :func:`split_check`;
- the release stub nbgrader's ``ClearSolutions`` writes (:func:`release_stub`);
- nbval's markers: ``# NBVAL_*`` comment lines and ``nbval-*`` cell tags (:func:`strip_nbval`);
- the lesson's title, its first Markdown heading (:func:`title`);
- the functions a solution cell defines: the graded functions (:func:`defined_functions`).

Cells may be ``nbformat`` nodes or plain dicts read from JSON; malformed metadata reads as none.
"""

import ast
import re

__all__ = [
    "CHECK",
    "CODE",
    "HIDDEN_TESTS",
    "LOCKED",
    "MARKDOWN",
    "NBVAL_TAG_PREFIX",
    "ROLES",
    "SOLUTION",
    "TASK",
    "defined_functions",
    "drop_nbval_tags",
    "grade_id",
    "has_nbval_marker",
    "metadata",
    "points",
    "region_bodies",
    "release_stub",
    "role",
    "split_check",
    "strip_nbval",
    "strip_region_markers",
    "strip_regions",
    "title",
]

#: cell roles (also the region name of a solution region: ``SOLUTION``)
SOLUTION, CHECK, TASK, LOCKED, CODE, MARKDOWN = (
    "solution",
    "check",
    "task",
    "locked",
    "code",
    "markdown",
)
ROLES = (SOLUTION, CHECK, TASK, LOCKED, CODE, MARKDOWN)
#: the region name of hidden tests
HIDDEN_TESTS = "hidden tests"
#: the words nbgrader looks for on a line that opens / closes a region (``ClearSolutions``'s and
#: ``ClearHiddenTests``' default delimiters: a line that contains them is a marker)
_DELIMITERS = {
    SOLUTION: ("BEGIN SOLUTION", "END SOLUTION"),
    HIDDEN_TESTS: ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
}
#: nbval's cell tags start with this
NBVAL_TAG_PREFIX = "nbval-"
_NBVAL_LINE = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.MULTILINE)
_DEF = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)


def metadata(*, cell) -> dict:
    """The ``nbgrader`` metadata of a cell.

    Args:
        cell: a notebook cell (``NotebookNode`` or dict).

    Returns:
        dict: the metadata; ``{}`` when the cell has none or it is not a dict.
    """
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    meta = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return meta if isinstance(meta, dict) else {}


def grade_id(*, cell) -> str | None:
    """The nbgrader grade id of a cell (exercise, check or locked cell), or None.

    Args:
        cell: a notebook cell.

    Returns:
        str or None
    """
    return metadata(cell=cell).get("grade_id") or None


def points(*, cell) -> float:
    """The points a graded cell is worth (0 when it is not graded).

    Args:
        cell: a notebook cell.

    Returns:
        float
    """
    meta = metadata(cell=cell)
    return float(meta.get("points") or 0) if meta.get("grade") else 0.0


def role(*, cell) -> str:
    """What a cell is to nbgrader: one of :data:`ROLES`.

    ``SOLUTION``: an exercise (code or written answer); ``CHECK``: a graded code cell that is no
    exercise (autograder tests); ``TASK``; ``LOCKED``: any other locked cell; ``CODE``: other
    code; ``MARKDOWN``: other text (markdown or raw).

    Args:
        cell: a notebook cell.

    Returns:
        str
    """
    meta = metadata(cell=cell)
    code = cell.get("cell_type") == "code"
    if meta.get("solution"):
        return SOLUTION
    if meta.get("grade") and code:
        return CHECK
    if meta.get("task"):
        return TASK
    if meta.get("locked"):
        return LOCKED
    return CODE if code else MARKDOWN


def _scan(source, region):
    """``[(line, inside, marker)]`` for each line of ``source``: inside a ``region`` region, a
    marker line of it; raises ValueError on a nested or unclosed region."""
    begin, end = _DELIMITERS[region]
    out, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise ValueError(f"a nested '### {begin}' region")
            inside = True
            out.append((line, True, True))
        elif end in line:
            out.append((line, inside, True))
            inside = False
        else:
            out.append((line, inside, False))
    if inside:
        raise ValueError(f"a '### {begin}' region has no '### {end}'")
    return out


def region_bodies(*, source: str, region: str = SOLUTION) -> list:
    """The lines inside each region of a source, markers excluded.

    Args:
        source: a cell's source.
        region: ``SOLUTION`` or ``HIDDEN_TESTS``.

    Returns:
        list of list of str: one list of lines per region, in order.

    Raises:
        ValueError: when a region is nested or not closed.
    """
    bodies = []
    for line, inside, marker in _scan(source, region):
        if marker and inside and _DELIMITERS[region][0] in line:
            bodies.append([])
        elif inside and not marker:
            bodies[-1].append(line)
    return bodies


def strip_regions(*, source: str, region: str = SOLUTION, stub: str = None) -> str:
    """A source without its regions (markers included), as nbgrader's release writes it.

    Args:
        source: a cell's source.
        region: ``SOLUTION`` or ``HIDDEN_TESTS``.
        stub: put in place of each region, every line at the indentation of its BEGIN line
            (what ``ClearSolutions`` does); None drops the region (``ClearHiddenTests``).

    Returns:
        str

    Raises:
        ValueError: when a region is nested or not closed.
    """
    out = []
    for line, inside, marker in _scan(source, region):
        if marker and inside and stub is not None and _DELIMITERS[region][0] in line:
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub_line for stub_line in stub.split("\n")]
        elif not inside and not marker:
            out.append(line)
    return "\n".join(out)


def strip_region_markers(*, source: str, region: str = SOLUTION) -> str:
    """A source with its region marker lines removed and their content kept (the solution code
    as a student would type it).

    Args:
        source: a cell's source.
        region: ``SOLUTION`` or ``HIDDEN_TESTS``.

    Returns:
        str
    """
    begin, end = _DELIMITERS[region]
    marker = re.compile(rf"^\s*### ({re.escape(begin)}|{re.escape(end)})\s*$")
    return "\n".join(line for line in source.split("\n") if not marker.match(line))


def split_check(*, source: str) -> tuple:
    """A check cell's source split into what the student sees and what is hidden.

    Args:
        source: a check cell's source.

    Returns:
        tuple: ``(visible, hidden)``: the source without its hidden-test regions, and the lines
        inside them (joined, markers excluded; ``""`` when there are none).

    Raises:
        ValueError: when a region is nested or not closed.
    """
    hidden = [line for body in region_bodies(source=source, region=HIDDEN_TESTS) for line in body]
    return strip_regions(source=source, region=HIDDEN_TESTS), "\n".join(hidden)


def release_stub(*, config=None, cell_type: str = "code", language: str = "python") -> str:
    """What nbgrader's ``ClearSolutions`` puts in place of a solution.

    Args:
        config: the course's nbgrader configuration (``ClearSolutions.code_stub`` and
            ``text_stub``); None: nbgrader's defaults.
        cell_type: ``"code"`` or ``"markdown"``.
        language: the notebook's kernel language.

    Returns:
        str
    """
    from nbgrader.preprocessors import ClearSolutions

    clear = ClearSolutions(config=config) if config is not None else ClearSolutions()
    return clear.code_stub[language] if cell_type == "code" else clear.text_stub


def strip_nbval(*, source: str) -> str:
    """A source without its nbval marker lines (``# NBVAL_CHECK_OUTPUT`` ..., lines of their own).

    Args:
        source: a cell's source.

    Returns:
        str
    """
    return _NBVAL_LINE.sub("", source) if "NBVAL_" in source else source


def drop_nbval_tags(*, cell) -> None:
    """Remove the ``nbval-*`` tags of a cell (in place; a ``tags`` list they emptied goes).

    Args:
        cell: a notebook cell.
    """
    tags = cell.get("metadata", {}).get("tags")
    if not tags:
        return
    kept = [tag for tag in tags if not str(tag).startswith(NBVAL_TAG_PREFIX)]
    if kept:
        cell["metadata"]["tags"] = kept
    else:
        del cell["metadata"]["tags"]


def has_nbval_marker(*, cell) -> bool:
    """Whether a cell carries an nbval marker line or tag.

    Args:
        cell: a notebook cell.

    Returns:
        bool
    """
    tags = cell.get("metadata", {}).get("tags", [])
    return bool(re.search(r"^\s*# NBVAL_", cell.get("source", ""), re.MULTILINE)) or any(
        str(tag).startswith(NBVAL_TAG_PREFIX) for tag in tags
    )


def title(*, nb, top_level: bool = False) -> str:
    """The text of a notebook's first Markdown heading (the lesson's title).

    Args:
        nb: a notebook.
        top_level: only a level-1 heading (``# ...``) counts.

    Returns:
        str: the heading without its ``#`` marks; ``""`` when there is none.
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# " if top_level else "#"):
                    return line.lstrip("#").strip()
    return ""


def defined_functions(*, source: str) -> list:
    """The names of the top-level functions a source defines (a solution cell: its graded
    functions), in order.

    Args:
        source: a cell's source (region markers are comments, they may stay).

    Returns:
        list of str; a source that does not parse is read line by line (``def name(``).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _DEF.findall(source)
    return [
        node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
