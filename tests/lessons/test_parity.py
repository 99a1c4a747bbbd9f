"""Self-study parity: the hidden tests use only what the student can see.

A self-study student runs the visible checks; the autograder runs the hidden tests too. A
right answer that passes every visible check must not fail a hidden test for a reason the
student could not have seen: other sizes, yes; another API, no. Read from the source of each
lesson's test cells (no kernel), for every lesson in solutions/:

- hidden tests never call helpers.checks (a student can rebind it);
- every graded function a hidden test calls is also called by the visible checks of the same
  cell, and the hidden call fits the signature the student got (the release's ``def``): no
  extra arguments, no keyword the stub does not name;
- every name a hidden test uses exists in the student's notebook (defined before that cell
  outside the solution regions, imported in the setup cell, a builtin, or set in the hidden
  block itself) -- never a helper that only the solution defines.

The dynamic half (right alternative answers score full marks) is in tests/grader/test_bad_submissions.py.
"""

import ast
import builtins
import textwrap

import nbformat
import pytest

from grader import markup
from tests.support import assignment_ids, nbgrader_cells, solution_path

ASSIGNMENTS = assignment_ids()
CHECK_CALLS = {"check_returns", "check_raises"}  # checks.f(func, args_tuple, ..., kwargs=...)


def _parse(source):
    return (
        ast.parse(textwrap.dedent(source))
        if source.strip()
        else ast.Module(body=[], type_ignores=[])
    )


def _defined_names(tree):
    """Names bound anywhere in the tree (assignments, imports, defs, loops, comprehensions)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _top_level_names(tree):
    names = set()
    for node in tree.body:
        names |= _defined_names(ast.Module(body=[node], type_ignores=[]))
    return names


def _calls(tree, functions):
    """``{function: {(n_positional, keyword names)}}`` for direct and checks.* calls."""
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in functions:
            if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords
            ):
                continue
            found.setdefault(node.func.id, set()).add(
                (len(node.args), tuple(sorted(k.arg for k in node.keywords)))
            )
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in CHECK_CALLS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in functions
        ):
            args = node.args[1] if len(node.args) > 1 else None
            kwargs = next((k.value for k in node.keywords if k.arg == "kwargs"), None)
            if isinstance(args, (ast.Tuple, ast.List)) and (
                kwargs is None or isinstance(kwargs, ast.Dict)
            ):
                keys = (
                    tuple(sorted(k.value for k in kwargs.keys))
                    if isinstance(kwargs, ast.Dict)
                    else ()
                )
                found.setdefault(node.args[0].id, set()).add((len(args.elts), keys))
            else:
                found.setdefault(node.args[0].id, set()).add(("any", ()))
    return found


def _misfit(call, args):
    """Why a call ``(n_positional, keywords)`` does not fit a ``def``'s arguments ('' if it does)."""
    positional, keywords = call
    if positional == "any":
        return ""
    params = [a.arg for a in args.posonlyargs + args.args]
    named = set(a.arg for a in args.args + args.kwonlyargs)
    required = len(params) - len(args.defaults)
    if positional > len(params) and args.vararg is None:
        return f"passes {positional} positional arguments; the function takes {len(params)}"
    unknown = [k for k in keywords if k not in named] if args.kwarg is None else []
    if unknown:
        return f"passes keywords {unknown} that the function's signature does not have"
    given = set(params[:positional]) | set(keywords)
    missing = [p for p in params[:required] if p not in given]
    missing += [
        a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None and a.arg not in given
    ]
    if missing:
        return f"leaves out required arguments {missing}"
    return ""


def _uses_checks(tree):
    return sorted(
        {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in ("checks", "helpers")}
    )


def _loaded_names(tree):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def parity_problems(assignment):
    """Every parity problem of one lesson, as readable strings."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    signatures = {}
    for cell in nbgrader_cells(nb, "solution"):
        release_part = markup.strip_regions(source=cell.source)
        signatures.update(
            {n.name: n.args for n in _parse(release_part).body if isinstance(n, ast.FunctionDef)}
        )
    functions = set(signatures)
    problems, known = [], set(dir(builtins)) | {"get_ipython", "display"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if markup.role(cell=cell) == markup.SOLUTION:
            source = markup.strip_regions(source=source)
        visible, hidden = markup.split_check(source=source)
        name = markup.grade_id(cell=cell) or cell.get("id")
        try:
            visible_tree, hidden_tree = _parse(visible), _parse(hidden)
        except SyntaxError as exc:
            problems.append(f"{name}: cannot parse the visible or hidden part alone ({exc.msg})")
            continue
        if hidden.strip():
            used = _uses_checks(hidden_tree)
            if used:
                problems.append(f"{name}: hidden tests use {used} (the student can rebind them)")
            visible_calls = _calls(visible_tree, functions)
            for function, calls in sorted(_calls(hidden_tree, functions).items()):
                if function not in visible_calls:
                    problems.append(
                        f"{name}: hidden tests call {function}, the visible checks do not"
                    )
                    continue
                for call in sorted(calls, key=str):
                    why = _misfit(call, signatures[function])
                    if why:
                        problems.append(f"{name}: a hidden call of {function} {why}")
            unknown = (
                _loaded_names(hidden_tree)
                - known
                - _defined_names(visible_tree)
                - _defined_names(hidden_tree)
            )
            if unknown:
                problems.append(
                    f"{name}: hidden tests use names a student's notebook does not define: "
                    f"{sorted(unknown)}"
                )
        known |= _top_level_names(visible_tree)
    return problems


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_use_only_what_the_student_can_see(assignment):
    problems = parity_problems(assignment)
    assert problems == [], f"{assignment}: self-study parity problems:\n  " + "\n  ".join(problems)


def test_parity_checker_finds_a_hidden_test_that_uses_another_api(tmp_path, monkeypatch):
    """The checker itself: a doctored lesson 01 with three kinds of problems is caught."""
    from tests import support
    from tests.grader.cases import FIXTURES

    nb = nbformat.read(solution_path("01_input_layer_vs_features", FIXTURES), as_version=4)
    cell = next(c for c in nb.cells if markup.grade_id(cell=c) == "count_dense_params_bias")
    cell.source = cell.source.replace(
        "### END HIDDEN TESTS",
        "assert count_dense_params(3, 4, bias=True) == 16\n"
        "checks.check_equal('x', count_dense_params(1, 1), 2)\n"
        "assert reference_answer(2, 2) == count_dense_params(2, 2)\n"
        "### END HIDDEN TESTS",
    )
    folder = tmp_path / "solutions" / "01_input_layer_vs_features"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "01_input_layer_vs_features.ipynb")
    monkeypatch.setattr(support, "SOLUTIONS", tmp_path / "solutions")
    problems = "\n".join(parity_problems("01_input_layer_vs_features"))
    assert "keywords ['bias']" in problems
    assert "use ['checks']" in problems
    assert "reference_answer" in problems
