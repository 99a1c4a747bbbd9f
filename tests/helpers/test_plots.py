"""helpers.plots: the course style; every figure titled, labelled, with a legend."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from helpers import plots  # noqa: E402


def test_use_course_style_sets_rcparams():
    plots.use_course_style()
    assert matplotlib.rcParams["axes.spines.top"] is False


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
