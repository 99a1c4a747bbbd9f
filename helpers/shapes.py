"""Validate the shapes that helper functions receive, in the course vocabulary.

A helper given a wrong shape fails with a message that names the axes it expected and the
shape it got, e.g.::

    ValueError: X must have shape (batch_size, timesteps, num_features); got shape (50, 3)
    with 2 axes. Add a timesteps axis, e.g. X.reshape(50, 1, 3) or X[:, None, :].
"""

import numbers

import numpy as np

__all__ = ["FEATURES", "SEQUENCES", "TABLE", "as_array", "require_positive_int", "require_shape"]

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


def require_shape(value, axes, name="x", expected=None):
    """Check the number of axes (and, optionally, their sizes) of an array.

    Args:
        value: array-like.
        axes: the axis names in the course vocabulary, e.g. ``SEQUENCES``.
        name: the argument's name for the message.
        expected: optional tuple of sizes with ``None`` for "any size".

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
        elif array.ndim == 1 and len(axes) == 2:
            hint = f" Use {name}.reshape(-1, 1) for one feature or {name}.reshape(1, -1) for one sample."
        raise ValueError(
            f"{name} must have shape {wanted}; got shape {array.shape} with {array.ndim} "
            f"axes.{hint}"
        )
    if expected is not None:
        expected = tuple(expected)
        if any(e is not None and s != e for s, e in zip(array.shape, expected)):
            shown = tuple("any" if e is None else e for e in expected)
            raise ValueError(
                f"{name} must have shape {wanted} = {shown}; got shape {array.shape}."
            )
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
