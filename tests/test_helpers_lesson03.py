"""Unit tests of the helpers added for lesson 03 (RNN batch size vs timesteps)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.support import legend_texts  # noqa: E402
from helpers import plots  # noqa: E402


# --- plots.plot_sequence_cube --------------------------------------------------------------


def test_sequence_cube_is_labelled_with_the_three_axes():
    ax = plots.plot_sequence_cube(batch_size=4, timesteps=6, num_features=3, highlight=1, step=2)
    assert ax.get_title() == "x.shape = (batch_size, timesteps, num_features) = (4, 6, 3)"
    assert "timesteps = 6" in ax.get_xlabel()
    assert "num_features = 3" in ax.get_ylabel()
    assert any("batch_size = 4" in t.get_text() for t in ax.texts)
    legend = legend_texts(ax)
    assert any("x[1]" in t for t in legend)
    assert any("x[:, 2, :]" in t for t in legend)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(t) for t in range(6)]


def test_sequence_cube_draws_every_visible_face_and_the_highlighted_slice():
    batch_size, timesteps, num_features = 3, 5, 2
    ax = plots.plot_sequence_cube(batch_size, timesteps, num_features, highlight=0)
    # front face + top faces + right faces + the pulled-out highlighted sequence
    expected = (timesteps * num_features + batch_size * timesteps + batch_size * num_features
                + timesteps * num_features)
    assert len(ax.patches) == expected
    assert any("x[0]: shape (5, 2)" in t.get_text() for t in ax.texts)


def test_sequence_cube_without_highlight_or_step():
    ax = plots.plot_sequence_cube(2, 3, 1, highlight=None, step=None)
    assert legend_texts(ax) == ["the other, independent sequences"]
    assert len(ax.patches) == 3 * 1 + 2 * 3 + 2 * 1


def test_sequence_cube_draws_on_a_given_axes():
    fig, own = plt.subplots()
    assert plots.plot_sequence_cube(ax=own) is own


@pytest.mark.parametrize("kwargs, error", [
    ({"batch_size": 0}, ValueError),
    ({"timesteps": -1}, ValueError),
    ({"num_features": 2.5}, TypeError),
    ({"batch_size": True}, TypeError),
    ({"highlight": 4}, ValueError),     # default batch_size is 4: valid are 0..3
    ({"highlight": -1}, ValueError),
    ({"highlight": 1.0}, TypeError),
    ({"step": 6}, ValueError),          # default timesteps is 6
    ({"step": "2"}, TypeError),
])
def test_sequence_cube_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        plots.plot_sequence_cube(**kwargs)


# --- plots.plot_tbptt_layout ---------------------------------------------------------------


def _layout(length, batch_size, num_steps):
    num_batches = length // (batch_size * num_steps)
    rows = np.arange(num_batches * batch_size * num_steps).reshape(batch_size, num_batches, num_steps)
    return rows.transpose(1, 0, 2)


def test_tbptt_layout_labels_every_cell_with_its_position():
    batches = _layout(24, 2, 3)
    ax = plots.plot_tbptt_layout(batches)
    labels = [t.get_text() for t in ax.texts]
    for value in range(24):
        assert str(value) in labels
    for k in range(4):
        assert f"batch {k}" in labels
    assert ax.get_title() == "batches.shape = (num_batches, batch_size, num_steps) = (4, 2, 3)"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["row 0", "row 1"]


def test_tbptt_layout_colours_one_band_per_original_row():
    ax = plots.plot_tbptt_layout(_layout(24, 2, 3))
    assert legend_texts(ax) == ["positions 0-11", "positions 12-23"]
    # 24 cells + one frame per batch
    assert len(ax.patches) == 24 + 4


def test_tbptt_layout_takes_a_title_an_axes_and_any_layout():
    fig, own = plt.subplots()
    wrong = np.arange(24).reshape(4, 2, 3)
    assert plots.plot_tbptt_layout(wrong, ax=own, title="side by side") is own
    assert own.get_title() == "side by side"
    assert plots.plot_tbptt_layout(wrong.tolist()).get_title().endswith("(4, 2, 3)")


@pytest.mark.parametrize("bad, error", [
    (np.arange(6), ValueError),
    (np.arange(6).reshape(2, 3), ValueError),
    (np.zeros((0, 2, 3)), ValueError),
    ("abc", TypeError),
    (None, TypeError),
    ([[[0, 1], [2]]], TypeError),
])
def test_tbptt_layout_rejects_bad_input(bad, error):
    with pytest.raises(error):
        plots.plot_tbptt_layout(bad)


# --- reference.lesson03.tbptt_batches ------------------------------------------------------


def test_reference_tbptt_batches_continues_every_row_from_batch_to_batch():
    from helpers.reference import lesson03

    batches = lesson03.tbptt_batches(np.arange(24), 2, 3)
    assert batches.shape == (4, 2, 3)
    assert batches[:, 0].ravel().tolist() == list(range(12))   # row 0: positions 0-11 in order
    assert batches[:, 1].ravel().tolist() == list(range(12, 24))


def test_reference_tbptt_batches_drops_the_remainder_and_keeps_the_values():
    from helpers.reference import lesson03

    wave = np.sin(np.arange(29) / 3.0)
    batches = lesson03.tbptt_batches(wave.tolist(), 2, 3)
    assert batches.shape == (4, 2, 3)
    assert np.allclose(np.concatenate(list(batches), axis=1).ravel(), wave[:24])
    assert lesson03.tbptt_batches(np.arange(12.0), 3, 4).shape == (1, 3, 4)  # exactly one batch


@pytest.mark.parametrize("args, error", [
    ((np.arange(5), 2, 3), ValueError),               # shorter than one batch
    ((np.arange(0), 1, 1), ValueError),
    ((np.arange(24).reshape(4, 6), 2, 3), ValueError),  # not 1-D
    ((np.arange(24), 0, 3), ValueError),
    ((np.arange(24), 2, -1), ValueError),
    ((np.arange(24), 2.0, 3), TypeError),
    ((np.arange(24), 2, True), TypeError),
    ((np.arange(24), "2", 3), TypeError),
])
def test_reference_tbptt_batches_rejects_bad_input(args, error):
    from helpers.reference import lesson03

    with pytest.raises(error):
        lesson03.tbptt_batches(*args)
