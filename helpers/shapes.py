"""Validate the shapes that helper functions receive, in the course vocabulary.

A helper given a wrong shape fails with a message that names the axes it expected and the
shape it got, e.g.::

    ValueError: X must have shape (batch_size, timesteps, num_features); got shape (50, 3)
    with 2 axes. Add a timesteps axis, e.g. X.reshape(50, 1, 3) or X[:, None, :].
"""

import numbers

import numpy as np

__all__ = [
    "FEATURES",
    "SEQUENCES",
    "TABLE",
    "as_array",
    "require_between",
    "require_index",
    "require_mapping",
    "require_positive_int",
    "require_positive_ints",
    "require_shape",
    "require_vector",
]

#: axis names of the inputs the course talks about
TABLE = ("num_samples", "num_features")
FEATURES = ("batch_size", "num_features")
SEQUENCES = ("batch_size", "timesteps", "num_features")


def as_array(value, name="x", dtype=float):
    """Convert a list, array or tensor to a NumPy array, or raise a clear TypeError.

    Args:
        value: array-like (NumPy array, nested list, TensorFlow tensor).
        name: how to call it in the error message.
        dtype: the dtype of the result.

    Returns:
        np.ndarray

    Raises:
        TypeError: when ``value`` is a string, ``None`` or a mapping, or cannot be turned
            into a numeric array.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(
            f"{name} must be an array (NumPy array, nested list or tensor); got {type(value).__name__}"
        )
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a rectangular numeric array; got {type(value).__name__} ({exc})"
        ) from None


def require_shape(value, axes, name="x", expected=None, *, nonempty=False):
    """Check the number of axes (and, optionally, their sizes) of an array.

    Args:
        value: array-like.
        axes: the axis names in the course vocabulary, e.g. ``SEQUENCES``.
        name: the argument's name for the message.
        expected: optional tuple of sizes with ``None`` for "any size".
        nonempty: also reject an array with an axis of size 0.

    Returns:
        np.ndarray: ``value`` as a float array.

    Raises:
        TypeError: when ``value`` is not an array.
        ValueError: naming the expected axes and the received shape.
    """
    array = as_array(value, name)
    axes = tuple(axes)
    wanted = f"({', '.join(axes)})"
    if array.ndim != len(axes):
        hint = ""
        if array.ndim == 2 and axes == SEQUENCES:
            n, f = array.shape
            hint = (
                f" Add a timesteps axis, e.g. {name}.reshape({n}, 1, {f}) (one step each) or "
                f"{name}.reshape({n}, {f}, 1) (each column a time step)."
            )
        elif array.ndim == 1 and axes in (TABLE, FEATURES):
            hint = f" Use {name}.reshape(-1, 1) for one feature or {name}.reshape(1, -1) for one sample."
        raise ValueError(
            f"{name} must have shape {wanted}; got shape {array.shape} with {array.ndim} "
            f"axes, not {len(axes)} (a {len(axes)}-D array).{hint}"
        )
    if nonempty and array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty {len(axes)}-D array of shape {wanted}; "
            f"got shape {array.shape}"
        )
    if expected is not None:
        expected = tuple(expected)
        if any(e is not None and s != e for s, e in zip(array.shape, expected)):
            shown = tuple("any" if e is None else e for e in expected)
            raise ValueError(f"{name} must have shape {wanted} = {shown}; got shape {array.shape}.")
    return array


def require_positive_int(value, name):
    """Return ``value`` as an ``int`` if it is a whole number >= 1, else raise.

    Args:
        value: the value to check (``bool`` is rejected).
        name: the argument's name for the message, e.g. ``"batch_size"``.

    Returns:
        int

    Raises:
        TypeError: when ``value`` is not an integer.
        ValueError: when ``value`` < 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1; got {value}")
    return int(value)


def require_positive_ints(**values):
    """Check several sizes at once with :func:`require_positive_int`, named by their keywords.

    Args:
        **values: ``name=value`` pairs, e.g. ``batch_size=4, timesteps=6``.

    Returns:
        tuple[int, ...]: the values as ints, in the order given.

    Raises:
        TypeError, ValueError: as :func:`require_positive_int`, naming the first bad size.
    """
    return tuple(require_positive_int(value, name) for name, value in values.items())


def require_index(value, name, size, *, axis):
    """Return ``value`` as an int index into an axis of ``size`` entries, or None.

    Args:
        value: an int ``0 <= value < size``, or None (nothing selected).
        name: the argument's name for the message, e.g. ``"step"``.
        size: the length of the axis, e.g. ``timesteps``.
        axis: the axis's name in the course vocabulary, e.g. ``"timesteps"``.

    Returns:
        int or None

    Raises:
        TypeError: when ``value`` is neither an int nor None (``bool`` is rejected).
        ValueError: when ``value`` is outside ``0 .. size - 1``.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int or None; got {type(value).__name__} {value!r}")
    if not 0 <= value < size:
        raise ValueError(f"{name} must be in 0..{size - 1} ({axis} = {size}); got {value}")
    return int(value)


def require_vector(value, name, length=None, *, axis="num_samples"):
    """Return a non-empty 1-D float array; a column ``(n, 1)`` is flattened to ``(n,)``.

    Args:
        value: array-like of shape ``(n,)`` or ``(n, 1)``.
        name: the argument's name for the message.
        length: the number of values required, or None for any.
        axis: the axis's name in the course vocabulary, for the message.

    Returns:
        np.ndarray of shape ``(n,)``.

    Raises:
        TypeError: when ``value`` is not an array.
        ValueError: when it is empty, not 1-D (nor a column), or not ``length`` long.
    """
    array = as_array(value, name)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must have shape ({axis},) or ({axis}, 1) with at least one value; "
            f"got shape {array.shape}"
        )
    if length is not None and array.size != length:
        raise ValueError(f"{name} must have shape ({axis},) = ({length},); got shape {array.shape}")
    return array


def require_between(value, name, low, high):
    """Return an array of finite numbers, each in ``[low, high]``.

    Args:
        value: array-like of numbers.
        name: the argument's name for the message.
        low, high: the bounds, included (``float("inf")`` for none).

    Returns:
        np.ndarray of floats.

    Raises:
        TypeError: when ``value`` is not an array.
        ValueError: when a number is not finite or outside ``[low, high]``.
    """
    array = as_array(value, name)
    if not np.all(np.isfinite(array)) or np.any((array < low) | (array > high)):
        raise ValueError(
            f"{name} must be finite numbers in [{low:g}, {high:g}]; got {array.tolist()}"
        )
    return array


def require_mapping(value, name, what):
    """Check that ``value`` is a non-empty dict ``{label: what}`` (one entry per curve, path, run).

    Args:
        value: the object to check.
        name: the argument's name for the message, e.g. ``"series"``.
        what: what each entry holds, for the message, e.g. ``"values, one per batch size"``.

    Returns:
        dict: ``value`` itself.

    Raises:
        TypeError: when ``value`` is not a dict or is empty.
    """
    if not isinstance(value, dict) or not value:
        raise TypeError(
            f"{name} must be a non-empty dict {{label: {what}}}; "
            f"got {type(value).__name__} {value!r:.60}"
        )
    return value
