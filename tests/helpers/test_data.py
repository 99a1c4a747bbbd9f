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


def test_sequences_have_the_requested_count_lengths_and_features():
    seqs = data.make_variable_length_sequences(
        num_samples=200, min_len=3, max_len=9, num_features=2, seed=1
    )
    assert isinstance(seqs, list) and len(seqs) == 200
    lengths = [s.shape[0] for s in seqs]
    assert min(lengths) >= 3 and max(lengths) <= 9
    assert set(lengths) == set(range(3, 10)), "200 draws should hit every length of 3..9"
    for s in seqs:
        assert s.ndim == 2 and s.shape[1] == 2 and s.dtype == np.float32


def test_defaults_match_the_lesson():
    seqs = data.make_variable_length_sequences()
    lengths = np.array([len(s) for s in seqs])
    assert len(seqs) == 500 and lengths.min() >= 5 and lengths.max() <= 50
    assert all(s.shape[1] == 1 for s in seqs)


def test_same_seed_same_sequences_other_seed_other_sequences():
    a = data.make_variable_length_sequences(20, 2, 6, 1, seed=3)
    b = data.make_variable_length_sequences(20, 2, 6, 1, seed=3)
    c = data.make_variable_length_sequences(20, 2, 6, 1, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert any(x.shape != y.shape or not np.array_equal(x, y) for x, y in zip(a, c))


def test_no_value_is_exactly_zero_so_masking_never_hides_data():
    seqs = data.make_variable_length_sequences(300, 1, 30, 3, seed=0)
    assert all(np.all(s != 0.0) for s in seqs)


def test_equal_min_and_max_give_one_length():
    seqs = data.make_variable_length_sequences(5, 4, 4, 1, seed=0)
    assert [s.shape for s in seqs] == [(4, 1)] * 5


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(num_samples=0), ValueError),
        (dict(num_samples=2.5), TypeError),
        (dict(num_samples=True), TypeError),
        (dict(min_len=0), ValueError),
        (dict(min_len=10, max_len=5), ValueError),
        (dict(max_len="50"), TypeError),
        (dict(num_features=0), ValueError),
        (dict(num_features=None), TypeError),
    ],
)
def test_bad_sizes_are_rejected(kwargs, error):
    with pytest.raises(error):
        data.make_variable_length_sequences(**kwargs)


def test_min_greater_than_max_message_names_both():
    with pytest.raises(ValueError, match="min_len=10, max_len=5"):
        data.make_variable_length_sequences(min_len=10, max_len=5)


def test_load_sunspots_returns_309_years_and_values():
    years, values = data.load_sunspots()
    assert years.shape == values.shape == (309,)
    assert years.dtype == np.int64 and values.dtype == np.float32
    assert np.array_equal(years, np.arange(1700, 2009))
    assert np.all(np.isfinite(values)) and values.min() == 0.0
    assert values.max() == np.float32(190.2)
    assert values[:4].tolist() == [5.0, 11.0, 16.0, 23.0]
    assert values[-1] == np.float32(2.9)


def test_load_sunspots_returns_fresh_arrays():
    years, values = data.load_sunspots()
    values[:] = -1.0
    years[:] = 0
    again_years, again_values = data.load_sunspots()
    assert again_values[0] == 5.0 and again_years[0] == 1700


def test_load_sunspots_is_exported():
    assert "load_sunspots" in data.__all__


def test_load_macrodata_returns_203_quarters_and_12_series():
    quarters, columns, values = data.load_macrodata()
    assert quarters.shape == (203,) and quarters.dtype == np.float64
    assert quarters[0] == 1959.0 and quarters[1] == 1959.25 and quarters[-1] == 2009.5
    assert np.all(np.diff(quarters) == 0.25)
    assert columns == (
        "realgdp",
        "realcons",
        "realinv",
        "realgovt",
        "realdpi",
        "cpi",
        "m1",
        "tbilrate",
        "unemp",
        "pop",
        "infl",
        "realint",
    )
    assert values.shape == (203, 12) and values.dtype == np.float32 and np.all(np.isfinite(values))
    assert values[0, columns.index("unemp")] == np.float32(5.8)
    assert values[0, columns.index("realgdp")] == np.float32(2710.349)


def test_load_macrodata_returns_fresh_arrays_and_is_exported():
    _, _, values = data.load_macrodata()
    values[:] = -1.0
    assert data.load_macrodata()[2][0, 0] == np.float32(2710.349)
    assert "load_macrodata" in data.__all__
