"""helpers.shapes: shape errors in the course vocabulary, bad input rejected."""

import numpy as np
import pytest

from helpers import shapes


def test_require_shape_accepts_and_converts():
    out = shapes.require_shape([[1, 2], [3, 4]], shapes.TABLE, "X")
    assert isinstance(out, np.ndarray) and out.dtype == float and out.shape == (2, 2)
    shapes.require_shape(np.zeros((4, 5, 1)), shapes.SEQUENCES, "X", expected=(None, 5, 1))


def test_require_shape_errors_name_expected_axes_and_received_shape():
    with pytest.raises(ValueError) as info:
        shapes.require_shape(np.zeros((50, 3)), shapes.SEQUENCES, "X")
    message = str(info.value)
    assert "X must have shape (batch_size, timesteps, num_features); got shape (50, 3) with 2 axes" in message
    assert "X.reshape(50, 1, 3)" in message
    with pytest.raises(ValueError, match=r"= \('any', 5, 1\); got shape \(4, 5, 2\)"):
        shapes.require_shape(np.zeros((4, 5, 2)), shapes.SEQUENCES, "X", expected=(None, 5, 1))
    with pytest.raises(ValueError, match="reshape\\(-1, 1\\)"):
        shapes.require_shape(np.zeros(5), shapes.TABLE, "X")


def test_as_array_rejects_non_arrays_with_a_type_error():
    for bad in (None, "abc", {"a": 1}):
        with pytest.raises(TypeError, match="x must be an array"):
            shapes.as_array(bad)
    with pytest.raises(TypeError, match="rectangular numeric array"):
        shapes.as_array([[1, 2], [3]])


def test_require_positive_int():
    assert shapes.require_positive_int(np.int64(5), "batch_size") == 5
    with pytest.raises(TypeError, match="batch_size must be an int; got float"):
        shapes.require_positive_int(5.0, "batch_size")
    with pytest.raises(TypeError):
        shapes.require_positive_int(True, "batch_size")
    with pytest.raises(ValueError, match="batch_size must be >= 1; got 0"):
        shapes.require_positive_int(0, "batch_size")
