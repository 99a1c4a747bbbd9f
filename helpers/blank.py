"""An exercise not written yet: a ``[FAIL]`` line that says what to do, not a traceback.

Every exercise of a released notebook starts as ``raise NotImplementedError()``. A check cell
that calls it would show a raw traceback that ends in ``NotImplementedError``. Importing
:mod:`helpers.checks` in a notebook (every lesson's setup cell does) calls
:func:`explain_in_notebook`, and from then on that error reads::

    [FAIL] `build_mlp` is not written yet: it raised NotImplementedError.
           Replace `raise NotImplementedError()` in the exercise cell with your code, then run
           that cell again.

Only a ``NotImplementedError`` raised by code of the notebook itself gets this line; one raised
inside a library (Keras, NumPy) keeps its whole traceback. While grading, the grader writes the
same line (``grader/trusted.py``).
"""

import sys

__all__ = ["HINT", "explain_in_notebook", "not_written"]

#: what to do about an exercise that still raises NotImplementedError
HINT = (
    "Replace `raise NotImplementedError()` in the exercise cell with your code, "
    "then run that cell again."
)
_INDENT = "       "


def not_written(name=None):
    """The ``[FAIL]`` message for an exercise that raised ``NotImplementedError``.

    Args:
        name: the exercise's function; None for code at the top level of an exercise cell.

    Returns:
        str: two lines.
    """
    what = f"`{name}` is not written yet" if name else "This exercise is not written yet"
    return f"[FAIL] {what}: it raised NotImplementedError.\n{_INDENT}{HINT}"


def _raised_by_notebook(tb):
    """The innermost frame's function name when the notebook's own code raised, else False."""
    frame = None
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
    if frame is None or frame.f_globals.get("__name__") != "__main__":
        return False
    return frame.f_code.co_name


def _show(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: shows the error as the cell's error output (IPython
    leaves the showing to the handler)."""
    name = _raised_by_notebook(tb)
    if name is False:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
    else:
        lines = not_written(None if name == "<module>" else name).splitlines()
        shell._showtraceback(etype, value, lines)  # what a kernel overrides to send the error


def explain_in_notebook(shell=None):
    """Show :func:`not_written` for the notebook's ``NotImplementedError`` from now on.

    Args:
        shell: an IPython shell (default: the running one; none outside IPython: nothing
            happens). A shell that already has custom exception handlers keeps them.

    Returns:
        bool: whether the explanation is in place.
    """
    if shell is None:
        if "IPython" not in sys.modules:  # not in a notebook: nothing to explain to
            return False
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None or shell.custom_exceptions not in ((), (NotImplementedError,)):
        return False
    shell.set_custom_exc((NotImplementedError,), _show)
    return True
