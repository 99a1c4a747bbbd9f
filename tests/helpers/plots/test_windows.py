"""helpers.plots.windows: sliding windows and TBPTT batches, labelled, checked, described."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402
from tests.support import legend_texts  # noqa: E402


def _layout(length, batch_size, num_steps):
    num_batches = length // (batch_size * num_steps)
    rows = np.arange(num_batches * batch_size * num_steps).reshape(
        batch_size, num_batches, num_steps
    )
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


@pytest.mark.parametrize(
    "bad, error",
    [
        (np.arange(6), ValueError),
        (np.arange(6).reshape(2, 3), ValueError),
        (np.zeros((0, 2, 3)), ValueError),
        ("abc", TypeError),
        (None, TypeError),
        ([[[0, 1], [2]]], TypeError),
    ],
)
def test_tbptt_layout_rejects_bad_input(bad, error):
    with pytest.raises(error):
        plots.plot_tbptt_layout(bad)


def test_sliding_windows_default_is_the_seed_picture():
    ax = plots.plot_sliding_windows()
    assert ax.get_title() == "30 rows, time_step=5, stride=1 -> 26 windows"
    assert [t.get_text() for t in ax.get_xticklabels()] == list("bcdefgh")
    assert "num_features = 7" in ax.get_xlabel() and ax.get_ylabel() == "rows (time): 30"
    texts = [t.get_text() for t in ax.texts]
    assert "window 1: rows 1-5" in texts and "window 3: rows 3-7" in texts
    assert "window 26: rows 26-30" in texts  # the last window, dashed
    assert any("(26, 5, 7)" in t for t in texts)
    assert len(legend_texts(ax)) == 2


def test_sliding_windows_with_a_target_drops_the_windows_without_one():
    ax = plots.plot_sliding_windows(target_column=0, horizon=1)
    assert (
        ax.get_title() == "30 rows, time_step=5, stride=1 -> 25 windows with a target 1 row ahead"
    )
    texts = [t.get_text() for t in ax.texts]
    assert "window 1: rows 1-5 -> target row 6" in texts
    assert "window 25: rows 25-29 -> target row 30" in texts
    assert "its target" in legend_texts(ax)
    ax = plots.plot_sliding_windows(
        num_rows=12, num_features=2, time_step=3, target_column=1, horizon=4
    )
    assert ax.get_title().endswith("-> 6 windows with a target 4 rows ahead")


def test_sliding_windows_with_a_stride():
    ax = plots.plot_sliding_windows(num_rows=30, time_step=5, stride=2, num_shown=2)
    assert ax.get_title() == "30 rows, time_step=5, stride=2 -> 13 windows"
    texts = [t.get_text() for t in ax.texts]
    assert "window 2: rows 3-7" in texts and "window 13: rows 25-29" in texts


def test_sliding_windows_with_one_window_and_more_shown_than_exist():
    ax = plots.plot_sliding_windows(num_rows=5, num_features=1, time_step=5, num_shown=3)
    assert ax.get_title().endswith("-> 1 window")
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("window")] == [
        "window 1: rows 1-5"
    ]


def test_sliding_windows_draws_on_a_given_axes():
    _, ax = plt.subplots()
    assert plots.plot_sliding_windows(ax=ax) is ax


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"num_rows": 4, "time_step": 5}, ValueError),
        ({"num_rows": 0}, ValueError),
        ({"time_step": 0}, ValueError),
        ({"stride": 0}, ValueError),
        ({"num_shown": 0}, ValueError),
        ({"horizon": 0, "target_column": 0}, ValueError),
        ({"num_features": 2.5}, TypeError),
        ({"target_column": 7}, ValueError),
        ({"target_column": -1}, ValueError),
        ({"target_column": "b"}, TypeError),
        ({"target_column": True}, TypeError),
    ],
)
def test_sliding_windows_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        plots.plot_sliding_windows(**kwargs)


def test_tbptt_alt_text_says_whether_rows_run_on_from_batch_to_batch():
    text = plots.alt_text(plots.plot_tbptt_layout(_layout(24, 2, 3), title="T"))
    assert text.startswith("Grid titled 'T': 4 batches side by side, each 2 rows by 3 time steps")
    assert "positions 0 to 23" in text and "(2 parts)" in text
    assert (
        "Each row runs on from batch to batch: row 0 holds 0-2 in batch 0, then 3-5 in batch 1."
        in text
    )
    text = plots.alt_text(plots.plot_tbptt_layout(np.arange(24).reshape(4, 2, 3)))
    assert (
        "do not run on" in text and "jumps from positions 0-2 in batch 0 to 6-8 in batch 1" in text
    )
    plt.close("all")


def test_sliding_windows_alt_text_states_the_windows_it_frames():
    text = plots.alt_text(plots.plot_sliding_windows())
    assert "30 rows" in text and "num_features = 7 columns, b to h" in text
    assert (
        "neighbours share 4 rows" in text
        and "dashed frame marks the last window, rows 26-30" in text
    )
    assert text.endswith("Stacked, the 26 windows form an array of shape (26, 5, 7).")
    text = plots.alt_text(plots.plot_sliding_windows(target_column=1, horizon=2, stride=5))
    assert "column c 2 rows below its last row" in text and "neighbours share no row" in text
    assert "only windows that end by row 28 have a target" in text
    assert text.endswith("(5, 5, 7).")  # windows start at rows 1, 6, 11, 16, 21 (last ends at 25)
    text = plots.alt_text(plots.plot_sliding_windows(num_rows=5, num_features=1, time_step=5))
    assert "the only window" in text and "(1, 5, 1)" in text
    text = plots.alt_text(
        plots.plot_sliding_windows(
            num_rows=6, num_features=1, time_step=5, target_column=0, horizon=3
        )
    )
    assert "no window" in text
    plt.close("all")
