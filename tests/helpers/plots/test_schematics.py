"""helpers.plots.schematics: the batches table and the sequence cube, labelled, checked, described."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402
from tests.support import legend_texts  # noqa: E402


def test_plot_batches_table_is_labelled_and_marks_every_batch():
    import matplotlib.pyplot as plt

    ax = plots.plot_batches_table(num_samples=52, num_inputs=3, num_targets=1, batch_size=5)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == 11 and labels[-1] == "batch 11: rows 51-52"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x1", "x2", "x3", "y1"]
    fig, own = plt.subplots()
    assert plots.plot_batches_table(ax=own) is own
    plt.close("all")


def test_plot_batches_table_rejects_bad_sizes():
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        plots.plot_batches_table(batch_size=0)


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
    expected = (
        timesteps * num_features
        + batch_size * timesteps
        + batch_size * num_features
        + timesteps * num_features
    )
    assert len(ax.patches) == expected
    assert any("x[0]: shape (5, 2)" in t.get_text() for t in ax.texts)


def test_sequence_cube_without_highlight_or_step():
    ax = plots.plot_sequence_cube(2, 3, 1, highlight=None, step=None)
    assert legend_texts(ax) == ["the other, independent sequences"]
    assert len(ax.patches) == 3 * 1 + 2 * 3 + 2 * 1


def test_sequence_cube_draws_on_a_given_axes():
    fig, own = plt.subplots()
    assert plots.plot_sequence_cube(ax=own) is own


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"batch_size": 0}, ValueError),
        ({"timesteps": -1}, ValueError),
        ({"num_features": 2.5}, TypeError),
        ({"batch_size": True}, TypeError),
        ({"highlight": 4}, ValueError),  # default batch_size is 4: valid are 0..3
        ({"highlight": -1}, ValueError),
        ({"highlight": 1.0}, TypeError),
        ({"step": 6}, ValueError),  # default timesteps is 6
        ({"step": "2"}, TypeError),
    ],
)
def test_sequence_cube_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        plots.plot_sequence_cube(**kwargs)


def test_batches_table_alt_text_counts_the_batches_it_draws():
    ax = plots.plot_batches_table(num_samples=52, num_inputs=2, num_targets=2, batch_size=5)
    text = plots.alt_text(ax)
    drawn = [t.get_text() for t in ax.texts]
    assert f"into {len(drawn)} bands of batch_size=5" in text
    assert "2 input columns" in text and "2 target columns" in text
    assert text.endswith("the last one, batch 11, holds rows 51-52 (a partial batch).")
    assert plots.alt_text(plots.plot_batches_table(num_samples=50)).endswith("holds rows 46-50.")
    plt.close("all")


def test_sequence_cube_alt_text_names_the_shape_the_slice_and_the_step():
    text = plots.alt_text(plots.plot_sequence_cube(4, 6, 3, highlight=1, step=2))
    assert "(batch_size, timesteps, num_features) = (4, 6, 3)" in text
    assert "sequence x[1] of shape (6, 3)" in text
    assert "x[:, 2, :] crosses all 4 sequences" in text and "shape (4, 3)" in text
    text = plots.alt_text(plots.plot_sequence_cube(10, 20, 1, highlight=None, step=None))
    assert (
        "20 time steps" in text and "1 feature from" in text and "10 independent sequences" in text
    )
    assert "red" not in text and "outline" not in text
    plt.close("all")
