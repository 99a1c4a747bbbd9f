"""Visible checks for the exercises: specific feedback a student can act on.

Every check prints one ``[PASS] ...`` line when the answer is right and raises
:class:`CheckFailure` (an ``AssertionError``) when it is not, with a message of the form::

    [FAIL] count_dense_params(3, 32) returned 96; expected 128.
           Known mistake: forgetting the bias -- every unit also has one bias.

``wrong=`` names known wrong answers (the misconceptions of the forum questions the
course rebuilds), so the student reads *why* a value is wrong, not only that it is.
It is a list of ``(value, explanation)`` pairs (or a dict ``{value: explanation}``).

Hidden tests use plain ``assert`` statements, with inputs from
:func:`helpers.grading.hidden_rng`. While grading, every check cell runs in the grader's process,
not in the student's kernel (``grader/split.py``).

Importing this module in a notebook turns an exercise's ``NotImplementedError`` into a
``[FAIL]`` line that says to write it (:mod:`helpers.blank`), in every check cell alike.
"""

import math
import numbers

import numpy as np

from helpers import blank

__all__ = [
    "CheckFailure",
    "check_close",
    "check_equal",
    "check_raises",
    "check_returns",
    "check_shape",
    "check_true",
    "describe",
    "format_call",
    "passed",
]


class CheckFailure(AssertionError):
    """A visible check failed; the message says what was expected and what came back."""


_INDENT = "       "


def _fail(message):
    __tracebackhide__ = True
    raise CheckFailure(message)


def passed(what):
    """Print ``[PASS] what``.

    Args:
        what: a short description of what passed.

    Returns:
        str: the printed line.
    """
    line = f"[PASS] {what}"
    print(line)
    return line


def describe(value, max_len=120):
    """A short, readable description of a value for a feedback message.

    Arrays and tensors are described by shape and dtype (their values are rarely useful in
    a one-line message); other values by ``repr``, shortened to ``max_len`` characters.

    Args:
        value: anything.
        max_len: the longest string returned.

    Returns:
        str
    """
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, (numbers.Number, np.generic)):
        dtype = getattr(value, "dtype", None)
        dtype = getattr(dtype, "name", dtype)
        kind = type(value).__name__
        return f"{kind} of shape {_shape_tuple(shape)} and dtype {dtype}"
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    if len(text) > max_len:
        text = text[: max_len - 3] + "..."
    return text


def _shape_tuple(shape):
    try:
        return tuple(None if d is None else int(d) for d in shape)
    except TypeError:  # a TensorShape of unknown rank
        return shape


def format_call(func, args=(), kwargs=None):
    """Render a call the way the student would type it, e.g. ``count_dense_params(3, 32)``.

    Args:
        func: the function (its ``__name__`` is used) or a name.
        args: positional arguments.
        kwargs: keyword arguments.

    Returns:
        str
    """
    name = func if isinstance(func, str) else getattr(func, "__name__", repr(func))
    parts = [describe(a, 40) for a in args]
    parts += [f"{k}={describe(v, 40)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def _pairs(wrong):
    if wrong is None:
        return []
    if isinstance(wrong, dict):
        return list(wrong.items())
    return list(wrong)


def _is_array_like(value):
    return hasattr(value, "shape") and not isinstance(value, (numbers.Number, np.generic))


def _same(got, expected, atol=None, rtol=None):
    """True when ``got`` equals ``expected``; numbers compare by value, not by type."""
    exact = atol is None and rtol is None
    atol = 0.0 if atol is None else atol
    rtol = 0.0 if rtol is None else rtol
    if isinstance(expected, (bool, np.bool_)):
        return isinstance(got, (bool, np.bool_)) and bool(got) == bool(expected)
    if isinstance(expected, numbers.Number) or isinstance(expected, np.generic):
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (numbers.Number, np.generic)):
            return False
        if exact and isinstance(expected, numbers.Integral):
            return float(got) == float(expected)
        return math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol) or (
            exact and float(got) == float(expected)
        )
    if _is_array_like(expected) or _is_array_like(got):
        if not (_is_array_like(got) or isinstance(got, (list, tuple))):
            return False
        g = np.asarray(got)
        e = np.asarray(expected)
        if g.shape != e.shape:
            return False
        if exact:
            return bool(np.array_equal(g, e))
        try:
            return bool(np.allclose(g.astype(float), e.astype(float), rtol=rtol, atol=atol))
        except (TypeError, ValueError):
            return False
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            return False
        if exact and type(got) is not type(expected):
            return False
        return all(
            _same(g, e, None if exact else atol, None if exact else rtol)
            for g, e in zip(got, expected)
        )
    return got == expected


def _known_mistake(got, wrong, atol=None, rtol=None):
    for value, explanation in _pairs(wrong):
        if _same(got, value, atol, rtol):
            return explanation
    return None


def _mismatch_message(label, got, expected, wrong, atol=None, rtol=None, verb="is"):
    msg = f"[FAIL] {label} {verb} {describe(got)}; expected {describe(expected)}."
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        if type(got) is not type(expected) and _same(list(got), list(expected), atol, rtol):
            msg += (
                f"\n{_INDENT}The values are right but it is a {type(got).__name__}; "
                f"return a {type(expected).__name__}."
            )
    if _is_array_like(expected) and _is_array_like(got):
        if tuple(np.shape(got)) != tuple(np.shape(expected)):
            msg = (
                f"[FAIL] {label} has shape {_shape_tuple(np.shape(got))}; "
                f"expected shape {_shape_tuple(np.shape(expected))}."
            )
        else:
            diff = np.max(np.abs(np.asarray(got, float) - np.asarray(expected, float)))
            msg += f"\n{_INDENT}Largest difference: {diff:.3g}."
    mistake = _known_mistake(got, wrong, atol, rtol)
    if mistake:
        msg += f"\n{_INDENT}Known mistake: {mistake}"
    return msg


def check_equal(label, got, expected, wrong=None):
    """Check that an already-computed value equals ``expected``.

    Args:
        label: what the value is, e.g. ``"model.input_shape"``.
        got: the value to check.
        expected: the right value. Numbers compare by value (``np.int64(3)`` equals ``3``);
            lists and tuples element by element and by type; arrays exactly.
        wrong: known wrong answers, ``[(value, explanation), ...]`` or ``{value: explanation}``.

    Returns:
        str: the ``[PASS]`` line.

    Raises:
        CheckFailure: with ``[FAIL] label is got; expected expected.`` and the named
            mistake when ``got`` is a known wrong answer.
    """
    __tracebackhide__ = True
    if not _same(got, expected):
        _fail(_mismatch_message(label, got, expected, wrong))
    return passed(f"{label} == {describe(expected)}")


def check_close(label, got, expected, atol=1e-6, rtol=1e-5, wrong=None):
    """Check that a number or array is close to ``expected`` (``np.allclose`` semantics).

    Args:
        label: what the value is.
        got: number or array.
        expected: number or array of the same shape.
        atol: absolute tolerance.
        rtol: relative tolerance.
        wrong: known wrong answers, compared with the same tolerances.

    Returns:
        str: the ``[PASS]`` line.

    Raises:
        CheckFailure: on a shape mismatch (both shapes named) or a value outside tolerance.
    """
    __tracebackhide__ = True
    if not _same(got, expected, atol, rtol):
        _fail(_mismatch_message(label, got, expected, wrong, atol, rtol))
    return passed(f"{label} matches within atol={atol:g}")


def _call(func, args, kwargs):
    __tracebackhide__ = True
    call = format_call(func, args, kwargs)
    if not callable(func):
        _fail(
            f"[FAIL] {describe(func)} is not a function; define it with `def` in the exercise cell."
        )
    try:
        return call, func(*args, **(kwargs or {}))
    except NotImplementedError:
        _fail(f"[FAIL] {call} raised NotImplementedError.\n{_INDENT}{blank.HINT}")
    except CheckFailure:
        raise
    except Exception as exc:  # the student's code raised: say what and where
        _fail(f"[FAIL] {call} raised {type(exc).__name__}: {exc}")


def check_returns(func, args, expected, kwargs=None, wrong=None, atol=None, rtol=None, label=None):
    """Call ``func(*args, **kwargs)`` and check what it returns.

    Args:
        func: the student's function.
        args: a tuple of positional arguments.
        expected: the right return value (see :func:`check_equal` for how values compare).
        kwargs: a dict of keyword arguments, or None.
        wrong: known wrong answers, ``[(value, explanation), ...]``.
        atol, rtol: tolerances; when both are None the comparison is exact.
        label: what to call the result in messages (default: the call itself).

    Returns:
        The value ``func`` returned (so a check can be followed by more checks on it).

    Raises:
        CheckFailure: when the call raises, or returns something other than ``expected``.
    """
    __tracebackhide__ = True
    call, got = _call(func, tuple(args), kwargs)
    label = label or call
    if not _same(got, expected, atol, rtol):
        _fail(_mismatch_message(label, got, expected, wrong, atol, rtol, verb="returned"))
    passed(f"{label} returned {describe(expected)}")
    return got


def check_raises(func, args, exception, kwargs=None, match=None):
    """Check that ``func(*args, **kwargs)`` raises ``exception`` (e.g. on bad input).

    Args:
        func: the student's function.
        args: positional arguments that must be rejected.
        exception: the exception class expected (``ValueError``, ...).
        kwargs: keyword arguments.
        match: optional substring the error message must contain (case-insensitive).

    Returns:
        BaseException: the exception raised.

    Raises:
        CheckFailure: when nothing, or something else, is raised.
    """
    __tracebackhide__ = True
    call = format_call(func, args, kwargs)
    try:
        got = func(*args, **(kwargs or {}))
    except NotImplementedError:
        if exception is NotImplementedError:
            return passed(f"{call} raised NotImplementedError")
        _fail(f"[FAIL] {call} raised NotImplementedError; write the exercise first.")
    except exception as exc:
        if match is not None and match.lower() not in str(exc).lower():
            _fail(
                f"[FAIL] {call} raised {type(exc).__name__}: {exc}\n"
                f"{_INDENT}expected its message to mention {match!r}."
            )
        passed(f"{call} raised {type(exc).__name__}")
        return exc
    except Exception as exc:
        _fail(f"[FAIL] {call} raised {type(exc).__name__}: {exc}; expected {exception.__name__}.")
    _fail(f"[FAIL] {call} returned {describe(got)}; expected it to raise {exception.__name__}.")


def check_shape(label, value, expected, axes=None):
    """Check the shape of an array, tensor or Keras shape tuple.

    Args:
        label: the name of the value, e.g. ``"X"``.
        value: anything with ``.shape``, or a shape tuple itself.
        expected: the expected shape; ``None`` entries match anything (the batch axis of a
            Keras model is ``None``).
        axes: names of the axes in the course vocabulary, e.g.
            ``("batch_size", "timesteps", "num_features")``.

    Returns:
        str: the ``[PASS]`` line.

    Raises:
        CheckFailure: ``[FAIL] X has shape (10, 32, 3); expected (batch_size, timesteps,
            num_features) = (32, 10, 3).``
    """
    __tracebackhide__ = True
    shape = value if isinstance(value, tuple) else getattr(value, "shape", None)
    if shape is None:
        _fail(
            f"[FAIL] {label} is {describe(value)}, which has no shape; expected an array of shape {tuple(expected)}."
        )
    shape = _shape_tuple(shape)
    expected = tuple(expected)
    names = f"({', '.join(axes)}) = " if axes else ""
    ok = len(shape) == len(expected) and all(e is None or s == e for s, e in zip(shape, expected))
    if not ok:
        msg = f"[FAIL] {label} has shape {shape}; expected {names}{expected}."
        if len(shape) != len(expected):
            msg += f"\n{_INDENT}It has {len(shape)} axes; expected {len(expected)}."
        elif sorted(map(str, shape)) == sorted(map(str, expected)):
            msg += f"\n{_INDENT}The sizes are right but the axes are in the wrong order."
        _fail(msg)
    return passed(f"{label} has shape {names}{expected}")


def check_true(condition, fail_message, pass_message):
    """Check a condition that is easier to state in words than as a value.

    Args:
        condition: truthy when the answer is right.
        fail_message: the explanation printed after ``[FAIL]``.
        pass_message: printed after ``[PASS]``.

    Returns:
        str: the ``[PASS]`` line.

    Raises:
        CheckFailure: ``[FAIL] fail_message``.
    """
    __tracebackhide__ = True
    if not condition:
        _fail(f"[FAIL] {fail_message}")
    return passed(pass_message)


blank.explain_in_notebook()
