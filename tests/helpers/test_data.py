"""helpers.data: seeded toy data and the real series that ship with the course."""

import numpy as np
import pytest

from helpers import data


def test_make_table_shapes_dtype_and_seed():
    X, y = data.make_table(50, 3, seed=0)
    assert X.shape == (50, 3) and y.shape == (50, 1) and X.dtype == y.dtype == np.float32
    X2, y2 = data.make_table(50, 3, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, data.make_table(50, 3, seed=1)[0])


def test_make_table_target_is_learnable_from_the_features():
    X, y = data.make_table(500, 4, seed=0, noise=0.0)
    design = np.c_[X, np.ones(len(X))]
    coef, residual, *_ = np.linalg.lstsq(design, y, rcond=None)
    assert np.allclose(design @ coef, y, atol=1e-4)


def test_make_table_rejects_bad_sizes():
    with pytest.raises(ValueError, match="num_samples must be >= 1"):
        data.make_table(0, 3)
    with pytest.raises(TypeError, match="num_features must be an int"):
        data.make_table(10, 2.5)
