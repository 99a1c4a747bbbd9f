"""Unit tests of the helpers added for lesson 05 (variable-length sequences)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import data, plots  # noqa: E402


# --- data.make_variable_length_sequences ---------------------------------------------------


def test_sequences_have_the_requested_count_lengths_and_features():
    seqs = data.make_variable_length_sequences(num_samples=200, min_len=3, max_len=9,
                                               num_features=2, seed=1)
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


@pytest.mark.parametrize("kwargs, error", [
    (dict(num_samples=0), ValueError),
    (dict(num_samples=2.5), TypeError),
    (dict(num_samples=True), TypeError),
    (dict(min_len=0), ValueError),
    (dict(min_len=10, max_len=5), ValueError),
    (dict(max_len="50"), TypeError),
    (dict(num_features=0), ValueError),
    (dict(num_features=None), TypeError),
])
def test_bad_sizes_are_rejected(kwargs, error):
    with pytest.raises(error):
        data.make_variable_length_sequences(**kwargs)


def test_min_greater_than_max_message_names_both():
    with pytest.raises(ValueError, match="min_len=10, max_len=5"):
        data.make_variable_length_sequences(min_len=10, max_len=5)


# --- plots.plot_padding_cost -----------------------------------------------------------------


def test_plot_padding_cost_labels_bars_and_legend():
    ax = plots.plot_padding_cost(["a", "b", "c"], [2.0, 0.5, 0.25], [0.0, 0.0, 0.4])
    try:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
        assert ax.get_legend() is not None
        widths = sorted(round(p.get_width(), 6) for p in ax.patches)
        # real part and padded part of each bar: 2.0 + 0, 0.5 + 0, 0.15 + 0.1
        assert widths == sorted([2.0, 0.0, 0.5, 0.0, 0.15, 0.1])
    finally:
        plt.close(ax.figure)


def test_plot_padding_cost_draws_on_given_axes_with_title():
    fig, ax = plt.subplots()
    try:
        got = plots.plot_padding_cost(["x"], [1.0], [0.5], title="T", ax=ax)
        assert got is ax and ax.get_title() == "T"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("args", [
    ([], [], []),
    (["a", "b"], [1.0], [0.0, 0.0]),
    (["a"], [-1.0], [0.0]),
    (["a"], [1.0], [1.5]),
    (["a"], [float("nan")], [0.0]),
])
def test_plot_padding_cost_rejects_bad_input(args):
    with pytest.raises(ValueError):
        plots.plot_padding_cost(*args)
    plt.close("all")
