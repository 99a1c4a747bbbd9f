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
    assert (
        "X must have shape (batch_size, timesteps, num_features); got shape (50, 3) with 2 axes"
        in message
    )
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


def test_require_shape_names_the_number_of_axes_and_rejects_empty_arrays_on_request():
    with pytest.raises(ValueError, match=r"got shape \(2,\) with 1 axes, not 2 \(a 2-D array\)\.$"):
        shapes.require_shape([0.1, 0.2], ("num_seeds", "num_points"), "curves")  # no TABLE hint
    assert shapes.require_shape(np.zeros((1, 0)), ("num_seeds", "num_points"), "c").shape == (1, 0)
    with pytest.raises(ValueError, match=r"c must be a non-empty 2-D array .*got shape \(1, 0\)"):
        shapes.require_shape(np.zeros((1, 0)), ("num_seeds", "num_points"), "c", nonempty=True)


def test_require_positive_ints_names_the_first_bad_size():
    assert shapes.require_positive_ints(batch_size=np.int64(4), timesteps=6) == (4, 6)
    with pytest.raises(ValueError, match="timesteps must be >= 1; got 0"):
        shapes.require_positive_ints(batch_size=4, timesteps=0, num_features=-1)
    with pytest.raises(TypeError, match="num_features must be an int; got float"):
        shapes.require_positive_ints(batch_size=4, num_features=2.5)


def test_require_index_accepts_none_and_ints_inside_the_axis():
    assert shapes.require_index(None, "step", 6, axis="timesteps") is None
    assert shapes.require_index(np.int64(5), "step", 6, axis="timesteps") == 5
    with pytest.raises(ValueError, match=r"step must be in 0..5 \(timesteps = 6\); got 6"):
        shapes.require_index(6, "step", 6, axis="timesteps")
    with pytest.raises(ValueError, match="got -1"):
        shapes.require_index(-1, "step", 6, axis="timesteps")
    for bad in (True, 1.0, "2"):
        with pytest.raises(TypeError, match="step must be an int or None"):
            shapes.require_index(bad, "step", 6, axis="timesteps")


def test_require_vector_flattens_a_column_and_checks_the_length():
    assert shapes.require_vector([[1], [2], [3]], "y").shape == (3,)
    assert shapes.require_vector([1, 2, 3], "y", 3).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(
        ValueError, match=r"y must have shape \(num_samples,\) = \(4,\); got shape \(3,\)"
    ):
        shapes.require_vector([1, 2, 3], "y", 4)
    with pytest.raises(
        ValueError, match=r"X must have shape \(num_samples,\) or \(num_samples, 1\).*\(5, 2\)"
    ):
        shapes.require_vector(np.zeros((5, 2)), "X")
    with pytest.raises(ValueError, match="at least one value"):
        shapes.require_vector([], "y")
    with pytest.raises(TypeError, match="y must be an array"):
        shapes.require_vector(None, "y")


def test_require_between_rejects_out_of_range_and_non_finite_numbers():
    assert shapes.require_between([0, 0.5, 1], "f", 0, 1).tolist() == [0.0, 0.5, 1.0]
    for bad in ([1.5], [-0.1], [float("nan")], [float("inf")]):
        with pytest.raises(ValueError, match=r"f must be finite numbers in \[0, 1\]"):
            shapes.require_between(bad, "f", 0, 1)


def test_require_mapping_wants_a_non_empty_dict():
    series = {"a": [1.0]}
    assert shapes.require_mapping(series, "series", "values") is series
    for bad in ({}, [1.0], None):
        with pytest.raises(TypeError, match=r"series must be a non-empty dict \{label: values\}"):
            shapes.require_mapping(bad, "series", "values")
