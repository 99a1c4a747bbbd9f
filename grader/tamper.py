"""A static scan of the student's cells for the tools of tampering with the grader.

:func:`scan_notebook` parses every code cell a student can change (exercise cells, demo
cells, added cells; not the locked check cells, which nbgrader restores) with IPython's own
input transformation (so ``%magics`` parse) and reports each use of:

- IPython hooks: cell transformers, events, custom exception handlers, ``showtraceback``,
  ``run_cell``, ``get_ipython()`` beyond ``%magics``; ``sys.excepthook``/``displayhook``;
- tracing and introspection: ``sys.settrace``/``setprofile``, frames (``sys._getframe``,
  ``inspect.currentframe``, ``f_back``, ``f_globals``, ...), ``gc.get_objects``/referrers,
  ``__subclasses__``, ``__globals__``, ``__builtins__``;
- rebinding the grader's tools: assigning (or ``setattr``/``del``) attributes or items of
  ``builtins``, NumPy, Keras/TensorFlow, ``helpers`` (``checks``), ``sys``, ``unittest``;
  names rebound through ``globals()`` or a ``__dict__``;
- escape hatches: ``ctypes``, ``exec``/``eval``/``compile``/``__import__`` of built strings,
  processes (``subprocess``, ``os.fork``/``system``/``exec*``, ``!cmd``), sockets, ``sqlite3``,
  the kernel's channels (``zmq``, ``ipykernel``), ``signal``, ``helpers.reference``.

A finding names the cell, the line and why (:class:`Finding`). The scan is a tripwire for
grading by hand, not the defence itself (that is ``grader.split``: no verdict is reached in the student's kernel).
"""

import ast
import dataclasses
import functools

from grader import markup

__all__ = ["Finding", "describe", "scan_notebook", "scan_source"]

_MODULES = {
    "ctypes": "loads ctypes (raw memory access)",
    "subprocess": "starts processes (subprocess)",
    "pty": "starts processes (pty)",
    "multiprocessing": "starts processes (multiprocessing)",
    "socket": "opens network sockets",
    "urllib.request": "opens network connections",
    "http.client": "opens network connections",
    "requests": "opens network connections",
    "sqlite3": "opens databases (the gradebook is one)",
    "signal": "changes signal handlers",
    "zmq": "talks to the kernel's channels",
    "jupyter_client": "talks to the kernel's channels",
    "ipykernel": "reaches into the kernel",
    "helpers.reference": "imports the reference answers",
    "_thread": "starts raw threads",
}
_CALLS = {
    "sys.settrace": "installs a trace function",
    "sys.setprofile": "installs a profile function",
    "threading.settrace": "installs a trace function",
    "threading.setprofile": "installs a profile function",
    "sys._getframe": "inspects the caller's frames",
    "inspect.currentframe": "inspects frames",
    "inspect.stack": "inspects frames",
    "inspect.getouterframes": "inspects frames",
    "inspect.trace": "inspects frames",
    "gc.get_objects": "searches the grader's objects (gc)",
    "gc.get_referrers": "searches the grader's objects (gc)",
    "gc.get_referents": "searches objects (gc)",
    "os.system": "runs a shell command",
    "os.popen": "runs a shell command",
    "os.fork": "forks the kernel",
    "os.forkpty": "forks the kernel",
    "os.kill": "sends signals",
    "os.killpg": "sends signals",
    "sys.addaudithook": "installs an audit hook",
}
_CALL_PREFIXES = {
    "os.exec": "replaces the kernel with another program",
    "os.spawn": "starts processes",
    "os.posix_spawn": "starts processes",
}
_ATTRIBUTES = {
    "transform_cell": "replaces how IPython reads cells",
    "input_transformers_cleanup": "adds a cell transformer",
    "input_transformers_post": "adds a cell transformer",
    "ast_transformers": "adds an AST transformer",
    "input_transformer_manager": "replaces IPython's cell transformer",
    "set_custom_exc": "swallows errors",
    "CustomTB": "replaces error reports",
    "showtraceback": "replaces error reports",
    "_showtraceback": "replaces error reports",
    "showsyntaxerror": "replaces error reports",
    "run_cell": "reaches IPython's cell runner",
    "run_cell_async": "reaches IPython's cell runner",
    "excepthook": "replaces error reports",
    "displayhook": "replaces result display",
    "f_back": "walks up the call stack",
    "f_globals": "reads a frame's globals",
    "f_locals": "reads a frame's locals",
    "f_builtins": "reads a frame's builtins",
    "tb_frame": "reads frames from a traceback",
    "gi_frame": "reads frames",
    "__subclasses__": "searches classes",
    "__globals__": "reads a function's globals",
    "__builtins__": "reaches the builtins",
    "set_hook": "sets an IPython hook",
    "__setattr__": "sets attributes behind the scan",
    "get_ipython": "reaches into the IPython shell",
}
#: names whose attributes and items a student must not assign (module names as imported)
_GUARDED = ("builtins", "numpy", "keras", "tensorflow", "helpers", "sys", "unittest", "IPython")
_DEFAULT_ALIASES = {
    "np": "numpy",
    "tf": "tensorflow",
    "checks": "helpers.checks",
    "plt": "matplotlib.pyplot",
}
_SAFE_MAGICS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}
_SHELL_MAGICS = {"bash", "sh", "script", "system", "sx", "perl", "ruby"}


@dataclasses.dataclass(frozen=True)
class Finding:
    """One suspicious use: ``cell`` (1-based), its grade id or role, ``line`` (1-based), why."""

    cell: int
    name: str
    line: int
    why: str
    code: str


def describe(finding):
    """One line for a report: where and why.

    Args:
        finding: a :class:`Finding`.

    Returns:
        str
    """
    return f"cell {finding.cell} ({finding.name}) line {finding.line}: {finding.why} `{finding.code[:60]}`"


def _dotted(node, aliases):
    """``a.b.c`` of a Name/Attribute chain, its first name replaced by what it was imported as."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _guarded(target, aliases):
    root = _root(target)
    if not isinstance(root, ast.Name) or root is target:
        return None
    module = aliases.get(root.id, root.id)
    return module if module.split(".")[0] in _GUARDED else None


class _Scanner(ast.NodeVisitor):
    def __init__(self, aliases):
        self.aliases = aliases
        self.found = []  # (line, why)
        self.safe = set()  # get_ipython Name nodes used for %magics

    def flag(self, node, why):
        self.found.append((getattr(node, "lineno", 1), why))

    def visit_Import(self, node):
        for alias in node.names:
            self._module(node, alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        self._module(node, module)
        for alias in node.names:
            self._module(node, f"{module}.{alias.name}")
            if f"{module}.{alias.name}" in _CALLS:
                self.flag(node, _CALLS[f"{module}.{alias.name}"])
        self.generic_visit(node)

    def _module(self, node, name):
        for known, why in _MODULES.items():
            if name == known or name.startswith(known + "."):
                self.flag(node, why)

    def visit_Call(self, node):
        name = _dotted(node.func, self.aliases)
        if name in _CALLS:
            self.flag(node, _CALLS[name])
        for prefix, why in _CALL_PREFIXES.items():
            if name and name.startswith(prefix):
                self.flag(node, why)
        built = node.args and not isinstance(node.args[0], ast.Constant)
        if name in ("exec", "eval", "compile", "__import__", "importlib.import_module") and built:
            self.flag(node, f"{name}() of a built string")
        if name == "getattr" and len(node.args) > 1:
            attr = node.args[1].value if isinstance(node.args[1], ast.Constant) else None
            if attr in _ATTRIBUTES:
                self.flag(node, _ATTRIBUTES[attr])
            elif attr is None and _guarded(ast.Attribute(value=node.args[0]), self.aliases):
                self.flag(node, "getattr() of a built name on a guarded module")
        if (
            name in ("setattr", "delattr")
            and len(node.args) > 1
            and not isinstance(node.args[1], ast.Constant)
        ):
            self.flag(node, f"{name}() of a built attribute name")
        if (
            name in ("setattr", "delattr")
            and node.args
            and _guarded(ast.Attribute(value=node.args[0]), self.aliases)
        ):
            self.flag(
                node, f"{name}() on {_guarded(ast.Attribute(value=node.args[0]), self.aliases)}"
            )
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "get_ipython"
            and func.attr in _SAFE_MAGICS
        ):
            self.safe.add(id(func.value.func))
            magic = (
                node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            )
            if magic in _SHELL_MAGICS or func.attr in ("system", "getoutput"):
                self.flag(
                    node,
                    f"runs a shell command ({'!' if func.attr in ('system', 'getoutput') else '%%' + magic})",
                )
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("register", "unregister")
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "events"
        ):
            self.flag(node, "registers an IPython event callback")
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if node.attr in _ATTRIBUTES:
            self.flag(node, _ATTRIBUTES[node.attr])
        self.generic_visit(node)

    def visit_Name(self, node):
        if self.aliases.get(node.id, "").startswith("helpers.reference"):
            self.flag(node, "uses the reference answers")
        elif node.id in ("get_ipython", "__IPYTHON__") and id(node) not in self.safe:
            self.flag(node, "reaches into the IPython shell")
        elif node.id == "__builtins__":
            self.flag(node, _ATTRIBUTES["__builtins__"])

    def _targets(self, node, targets, verb):
        for target in targets:
            if isinstance(target, (ast.Tuple, ast.List)):
                self._targets(node, target.elts, verb)
            elif isinstance(target, ast.Starred):
                self._targets(node, [target.value], verb)
            elif isinstance(target, (ast.Attribute, ast.Subscript)):
                module = _guarded(target, self.aliases)
                value = target.value
                if module:
                    self.flag(node, f"{verb} an attribute of {module}")
                elif isinstance(target, ast.Subscript) and (
                    (
                        isinstance(value, ast.Call)
                        and _dotted(value.func, self.aliases) in ("globals", "vars", "locals")
                    )
                    or (isinstance(value, ast.Attribute) and value.attr == "__dict__")
                ):
                    self.flag(node, "rebinds names through globals()/__dict__")

    def visit_Assign(self, node):
        self.generic_visit(node)
        self._targets(node, node.targets, "assigns")

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        self._targets(node, [node.target], "assigns")

    visit_AnnAssign = visit_AugAssign

    def visit_Delete(self, node):
        self.generic_visit(node)
        self._targets(node, node.targets, "deletes")


@functools.lru_cache(maxsize=4096)  # a class submits the same cells again and again
def _python(source):
    """The cell as Python (IPython's transformation: %magics and !commands become calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # IPython could not transform it: parse it as written
        return source


def _aliases(trees):
    aliases = dict(_DEFAULT_ALIASES)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def scan_source(*, source, aliases=None):
    """Scan one cell's source.

    Args:
        source: the cell's text (IPython syntax allowed).
        aliases: ``{name: module}`` imported elsewhere in the notebook (default: the course's
            usual ``np``, ``tf``, ``checks``).

    Returns:
        list of ``(line, why)``; empty when the cell does not parse (it fails when it runs).
    """
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return []
    scanner = _Scanner(dict(_aliases([tree]), **(aliases or {})))
    scanner.visit(tree)
    return sorted(set(scanner.found))


def _scanned(cell):
    kind = markup.role(cell=cell)
    return (
        kind != markup.CHECK
        and cell.get("cell_type") == "code"
        and not markup.metadata(cell=cell).get("locked")
    )


def _unchanged(cell, release_sources):
    """A cell the student left as the release has it (nbval markers aside): course code."""
    original = release_sources.get(cell.get("id"))
    return (
        original is not None
        and markup.strip_nbval(source=cell.source).strip()
        == markup.strip_nbval(source=original).strip()
    )


def scan_notebook(*, nb, release_ids=None, release_sources=None):
    """Scan every code cell a student can change (and did: cells as released are course code).

    Args:
        nb: the submitted notebook (nbformat ``NotebookNode``).
        release_ids: ids of the released notebook's cells (to name added cells), or None.
        release_sources: ``{cell id: source}`` of the released notebook; a cell still as
            released is not scanned. None scans every cell.

    Returns:
        list of :class:`Finding`, in notebook order.
    """
    cells = [
        (i, c)
        for i, c in enumerate(nb.cells)
        if _scanned(c) and not (release_sources and _unchanged(c, release_sources))
    ]
    trees = []  # names come from every code cell (the setup cell imports what answers may misuse)
    for cell in (c for c in nb.cells if c.get("cell_type") == "code"):
        try:
            trees.append(ast.parse(_python(cell.source)))
        except SyntaxError:
            pass
    aliases = _aliases(trees)
    findings = []
    for index, cell in cells:
        gid = markup.grade_id(cell=cell)
        added = release_ids is not None and cell.get("id") not in release_ids and not gid
        name = gid or ("added by the student" if added else "demo cell")
        lines = cell.source.splitlines()
        for line, why in scan_source(source=cell.source, aliases=aliases):
            code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            findings.append(Finding(cell=index + 1, name=name, line=line, why=why, code=code))
    return findings
