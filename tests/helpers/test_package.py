"""helpers/ is exactly what lesson notebooks import: no grading code, nothing unused."""

import ast
import re
import subprocess
import sys

import nbformat

from tests.support import REPO, assignment_ids, solution_path

HELPERS = REPO / "helpers"


def _modules():
    """``{dotted name: path}`` of every module in helpers/."""
    found = {}
    for path in sorted(HELPERS.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imported(source, package="helpers"):
    """Dotted names a piece of Python imports (``from helpers import x`` gives helpers.x too;
    relative imports are read from ``package``)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module) if p)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _lesson_imports():
    names = set()
    for assignment in assignment_ids():
        nb = nbformat.read(solution_path(assignment), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                source = "\n".join(
                    l for l in cell.source.splitlines() if not l.lstrip().startswith(("%", "!"))
                )
                names |= _imported(source)
    return names


def test_nothing_in_helpers_imports_grader_or_nbgrader():
    for name, path in _modules().items():
        bad = {n for n in _imported(path.read_text()) if re.match(r"(grader|nbgrader)(\.|$)", n)}
        assert not bad, (
            f"{path.relative_to(REPO)} imports {sorted(bad)}: grading code belongs in grader/"
        )


def test_every_helpers_module_is_imported_by_a_lesson_or_another_helpers_module():
    used = _lesson_imports()
    for name, path in _modules().items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        used |= {n for n in _imported(path.read_text(), package) if n != name}
    unused = [name for name in _modules() if name != "helpers" and name not in used]
    assert unused == [], f"helpers modules no lesson imports: {unused}"


def test_importing_helpers_has_no_side_effects():
    code = (
        "import sys, matplotlib; before = dict(matplotlib.rcParams); "
        "import helpers, helpers.checks, helpers.data, helpers.plots, helpers.repro, helpers.shapes, helpers.timing; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TF imported'; "
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
