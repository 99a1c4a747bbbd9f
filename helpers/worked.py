"""Worked solutions on request, for self-study: try an exercise first, then compare.

``solution("build_mlp")`` prints the course's answer to the exercise whose graded function is
``build_mlp``, read from the instructor notebooks in ``solutions/`` next to ``helpers/``. Those
ship with the course repository (self-study) and not with homework: in a student bundle, on a
class hub or in a grading sandbox there is no ``solutions/`` folder, and ``solution`` says so.
"""

import json
import re
from pathlib import Path

__all__ = ["solution", "worked_answer"]

#: the instructor notebooks, when this copy of ``helpers`` sits in the course repository
SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def worked_answer(name: str, *, solutions: Path = SOLUTIONS) -> str:
    """The source of the solution cell that defines the graded function ``name``.

    Args:
        name: the graded function, e.g. ``"build_mlp"``.
        solutions: the folder of instructor notebooks (``solutions/<lesson>/<lesson>.ipynb``).

    Returns:
        str: the cell's source with nbgrader's solution markers removed.

    Raises:
        FileNotFoundError: when ``solutions`` does not exist (a bundle, a hub, a grading sandbox).
        LookupError: when no solution cell defines ``name``.
    """
    if not Path(solutions).is_dir():
        raise FileNotFoundError(
            "worked solutions ship with the course repository (its solutions/ folder), not with "
            "homework: ask your instructor, or compare with a classmate after the deadline"
        )
    defines = re.compile(rf"^def {re.escape(name)}\(", re.MULTILINE)
    for path in sorted(Path(solutions).glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            is_answer = cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)
            if cell["cell_type"] == "code" and is_answer and defines.search(source):
                kept = [line for line in source.splitlines() if not _MARKER.match(line)]
                return "\n".join(kept).strip() + "\n"
    raise LookupError(f"no exercise's graded function is called {name!r}: check the spelling")


def solution(name: str) -> None:
    """Print the course's worked answer to the exercise whose graded function is ``name``.

    Args:
        name: the graded function, e.g. ``"build_mlp"``.

    Raises:
        FileNotFoundError, LookupError: as :func:`worked_answer`.
    """
    print(worked_answer(name))
