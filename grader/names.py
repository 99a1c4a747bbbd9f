"""Which names a code cell binds and which it reads: how grading decides what runs where.

The student's kernel runs the student's cells and the instructor cells they read; the trusted
grader runs the check cells and the instructor cells those read (:mod:`grader.trusted`). Both
follow names: a cell is needed when it binds a name that a needed cell reads before binding it
itself. The analysis is static and errs on the side of running a cell: a name read anywhere in
a function body counts as read.
"""

import ast
import functools

__all__ = ["defined", "free", "needed_cells", "python_source"]


@functools.lru_cache(maxsize=4096)
def python_source(source):
    """The cell as plain Python (IPython's magics and shell escapes turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


@functools.lru_cache(maxsize=4096)
def _tree(source):
    try:
        return ast.parse(python_source(source))
    except SyntaxError:
        return None


_NESTED = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.GeneratorExp,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
)


def _start(node):
    return (node.lineno, node.col_offset)


def _end(node):
    return (node.end_lineno, node.end_col_offset)


def _bound_at_top(tree):
    """Names the cell binds in its own scope, each with the position from which it is bound."""
    bound = {}

    def bind(name, where):
        bound[name] = min(bound.get(name, where), where)

    def visit(node, where):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(node.name, _end(node))
            return
        if isinstance(node, _NESTED):
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bind((alias.asname or alias.name).split(".")[0], _end(node))
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bind(node.id, where or _start(node))
            return
        if isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
            where = _start(node.body[0])
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                bind(node.name, _start(node.body[0]))
            where = None
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            where = _end(node)
        elif isinstance(node, ast.stmt):
            where = None
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    for statement in tree.body:
        visit(statement, None)
    return bound


def _nested(tree):
    """The ids of the nodes inside functions, classes and comprehensions, and the names those
    scopes bind themselves (arguments, assignments, loop variables)."""
    inside, local = set(), set()
    for scope in ast.walk(tree):
        if isinstance(scope, _NESTED):
            for node in ast.walk(scope):
                if node is not scope:
                    inside.add(id(node))
                if isinstance(node, ast.arg):
                    local.add(node.arg)
                elif (
                    isinstance(node, ast.Name)
                    and isinstance(node.ctx, ast.Store)
                    and node is not scope
                ):
                    local.add(node.id)
    return inside, local


def defined(source):
    """The names a cell binds at its top level (assignments, ``def``, ``class``, imports).

    Args:
        source: the cell's source.

    Returns:
        set of str (empty when the cell is not valid Python).
    """
    tree = _tree(source)
    return set(_bound_at_top(tree)) if tree is not None else set()


def free(source):
    """The names a cell reads that it has not bound before reading them.

    Args:
        source: the cell's source.

    Returns:
        set of str (every name in it, read or bound, when the cell is not valid Python).
    """
    tree = _tree(source)
    if tree is None:
        return set(_words(source))
    bound = _bound_at_top(tree)
    inside, local = _nested(tree)
    reads = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            first = bound.get(node.id)
            if id(node) in inside:
                if first is None and node.id not in local:
                    reads.add(node.id)
            elif first is None or first > _start(node):
                reads.add(node.id)
    return reads


def _words(source):
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))


def needed_cells(sources, *, wanted, candidates, ignore=frozenset()):
    """The cells that must run for the cells ``wanted``: these, and every candidate cell
    before a needed cell that binds a name it reads, transitively.

    Args:
        sources: the notebook's code cells' sources, in order.
        wanted: indices of cells that must run.
        candidates: indices of cells that may be added.
        ignore: names not to follow (bound elsewhere, e.g. the student's functions).

    Returns:
        set of int: ``wanted`` and the candidates needed.
    """
    needed = set(wanted)
    reads_after = set()
    for index in range(len(sources) - 1, -1, -1):
        if index in needed or (index in candidates and defined(sources[index]) & reads_after):
            needed.add(index)
            reads_after |= free(sources[index]) - set(ignore)
    return needed
