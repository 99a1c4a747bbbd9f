"""Charts of data: measured curves and bars, series and forecasts, descent paths.

Every function takes ``ax=None`` (a new figure is made when it is None), returns the matplotlib
Axes, and labels its axes, title and legend. What a chart shows depends on the run (timings,
losses), so the lesson says it in words: ``plots.show(ax, alt=...)``.
"""

from ..shapes import (
    require_between,
    require_mapping,
    require_positive_int,
    require_shape,
    require_vector,
)
from .style import COLORS, new_axes

__all__ = [
    "plot_against_batch_size",
    "plot_descent_paths",
    "plot_forecast",
    "plot_padding_cost",
    "plot_seed_curves",
    "plot_split_series",
]


def plot_padding_cost(names, seconds_per_epoch, padding_fractions, title=None, ax=None):
    """Horizontal bars: one epoch's time per batching strategy, split into real and padded steps.

    Each bar is a measured time; its hatched end is an **estimate**, not a measurement: the
    share of that time in proportion to the padded time steps (``seconds * padding_fraction``),
    steps the layer computes only because a shorter sequence was padded to the length of its
    batch. What a mask costs besides is not in it; the lesson measures that separately.

    Args:
        names: one label per strategy (strings).
        seconds_per_epoch: one epoch's time per strategy, in seconds (numbers >= 0).
        padding_fractions: per strategy, the fraction of computed time steps that are
            padding (numbers in [0, 1]).
        title: the Axes title, or None for a default one.
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: when the three sequences differ in length or are empty, a time is
            negative, or a fraction is outside [0, 1].
    """
    import numpy as np
    from matplotlib.patches import Patch

    names = [str(n) for n in names]
    if not names:
        raise ValueError("names must name at least one strategy; got none")
    seconds = require_vector(
        seconds_per_epoch, "seconds_per_epoch", len(names), axis="num_strategies"
    )
    fractions = require_vector(
        padding_fractions, "padding_fractions", len(names), axis="num_strategies"
    )
    seconds = require_between(seconds, "seconds_per_epoch", 0, float("inf"))
    fractions = require_between(fractions, "padding_fractions", 0, 1)
    ax = new_axes(ax, figsize=(7.5, 0.8 + 0.6 * len(names)))
    rows = np.arange(len(names))[::-1]
    real = seconds * (1.0 - fractions)
    ax.barh(rows, real, color=COLORS["input"], height=0.6)
    ax.barh(
        rows,
        seconds * fractions,
        left=real,
        color=COLORS["padding"],
        hatch="//",
        edgecolor=COLORS["other"],
        height=0.6,
    )
    for row, total, fraction in zip(rows, seconds, fractions):
        ax.text(
            total, row, f"  {total:.2f} s, {fraction:.0%} of steps padding", va="center", fontsize=8
        )
    ax.set_yticks(rows)
    ax.set_yticklabels(names)
    ax.set_xlim(0, max(float(seconds.max()), 1e-9) * 1.45)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("seconds per epoch (measured on this machine)")
    ax.set_ylabel("strategy")
    ax.set_title(title or "One epoch per batching strategy: real steps vs padding")
    ax.legend(
        handles=[
            Patch(color=COLORS["input"], label="time steps of real data"),
            Patch(
                facecolor=COLORS["padding"],
                hatch="//",
                edgecolor=COLORS["other"],
                label="padded steps' share (estimate: time x fraction padded)",
            ),
        ],
        loc="lower right",
    )
    return ax


def plot_split_series(x, values, sizes, ax=None, xlabel="time", ylabel="value", title=None):
    """Plot a series cut in time into train, validation and test parts (in that order).

    Args:
        x: positions of the points (e.g. years), shape ``(num_samples,)``.
        values: the series, shape ``(num_samples,)``.
        sizes: ``(num_train, num_val, num_test)``, non-negative ints summing to ``num_samples``.
        ax: Axes to draw on, or None for a new figure.
        xlabel, ylabel: axis labels.
        title: the title (a default one names the three sizes).

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: when ``x`` and ``values`` are not 1-D of the same length or ``sizes`` do
            not add up to it.
    """
    import numpy as np

    x = require_vector(x, "x")
    values = require_vector(values, "values", len(x))
    sizes = [int(s) for s in sizes]
    if len(sizes) != 3 or min(sizes) < 0 or sum(sizes) != len(x):
        raise ValueError(
            f"sizes must be 3 non-negative ints (num_train, num_val, num_test) summing to "
            f"num_samples = {len(x)}; got {sizes}"
        )
    ax = new_axes(ax, figsize=(8.0, 3.5))
    bounds = np.cumsum([0, *sizes])
    colors = [COLORS["input"], COLORS["target"], COLORS["highlight"]]
    for name, lo, hi, color in zip(
        ("train", "validation", "test"), bounds[:-1], bounds[1:], colors
    ):
        if hi > lo:
            ax.plot(x[lo:hi], values[lo:hi], color=color, label=f"{name} ({hi - lo})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"chronological split: {sizes[0]} / {sizes[1]} / {sizes[2]}")
    ax.legend()
    return ax


def plot_forecast(
    x, truth, forecasts, ax=None, xlabel="time", ylabel="value", title="forecast vs truth"
):
    """Plot the true series and one or more forecasts of it on the same axes.

    Args:
        x: positions of the points (e.g. years), shape ``(num_samples,)``.
        truth: the true values, shape ``(num_samples,)``.
        forecasts: ``{name: values}``, each of shape ``(num_samples,)`` (or ``(num_samples, 1)``).
        ax: Axes to draw on, or None for a new figure.
        xlabel, ylabel, title: labels.

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: when a series does not have one value per ``x``, or ``forecasts`` is empty.
    """
    if not forecasts:
        raise ValueError("forecasts must name at least one forecast, e.g. {'LSTM': predictions}")
    x = require_vector(x, "x")
    truth = require_vector(truth, "truth", len(x))
    series = {
        name: require_vector(values, f"forecasts[{name!r}]", len(x))
        for name, values in forecasts.items()
    }
    ax = new_axes(ax, figsize=(8.0, 3.5))
    ax.plot(x, truth, color="black", linewidth=2.0, label="truth")
    styles = [(COLORS["highlight"], "-"), (COLORS["other"], "--"), (COLORS["input"], ":")]
    for index, (name, values) in enumerate(series.items()):
        color, style = styles[index % len(styles)]
        ax.plot(x, values, color=color, linestyle=style, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def plot_descent_paths(X, y, paths, ax=None):
    """Draw parameter paths of gradient descent on the loss contours of a 1-feature linear model.

    The model is ``y_hat = w * x + b`` with mean squared error; its two parameters ``(w, b)``
    make the plane of the figure. Each path is a sequence of ``(w, b)`` points, one per
    update; a star marks the least-squares minimum.

    Args:
        X: inputs, shape ``(num_samples, 1)`` (or ``(num_samples,)``).
        y: targets, shape ``(num_samples,)`` or ``(num_samples, 1)``.
        paths: dict ``{label: array of shape (num_points, 2)}``, columns ``(w, b)``.
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: when ``X`` has more than one feature, sizes disagree, or a path is not
            of shape ``(num_points, 2)``; TypeError when ``paths`` is not a non-empty dict.
    """
    import numpy as np

    x = require_vector(X, "X")
    t = require_vector(y, "y", len(x))
    require_mapping(paths, "paths", "array of shape (num_points, 2), columns (w, b)")
    arrays = {
        label: require_shape(path, ("num_points", "num_parameters"), f"paths[{label!r}]", (None, 2))
        for label, path in paths.items()
    }
    w_best, b_best = np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), t, rcond=None)[0]
    ax = new_axes(ax, figsize=(6.5, 5.0))
    _loss_contours(ax, x, t, np.concatenate([*arrays.values(), [[w_best, b_best]]]))
    colors = [COLORS["input"], COLORS["target"], COLORS["highlight"], "#55A868", "#8172B3"]
    for k, (label, p) in enumerate(arrays.items()):
        ax.plot(
            p[:, 0],
            p[:, 1],
            marker="o",
            markersize=2.5,
            linewidth=1.0,
            color=colors[k % len(colors)],
            label=f"{label} ({len(p) - 1} updates)",
        )
    ax.plot(
        [w_best],
        [b_best],
        marker="*",
        markersize=14,
        color="black",
        linestyle="none",
        label="minimum of the loss",
    )
    ax.set_xlabel("w (weight)")
    ax.set_ylabel("b (bias)")
    ax.set_title("Gradient descent paths on the loss contours (MSE)")
    ax.legend(loc="best")
    return ax


def _loss_contours(ax, x, t, points):
    """Contours of the mean squared error over a (w, b) grid around ``points``."""
    import numpy as np

    low, high = points.min(axis=0), points.max(axis=0)
    pad = 0.15 * np.maximum(high - low, 1e-3)
    ws = np.linspace(low[0] - pad[0], high[0] + pad[0], 120)
    bs = np.linspace(low[1] - pad[1], high[1] + pad[1], 120)
    W, B = np.meshgrid(ws, bs)
    residual = W[..., None] * x + B[..., None] - t  # (len(bs), len(ws), num_samples)
    loss = np.mean(residual**2, axis=-1)
    levels = np.quantile(loss, np.linspace(0.0, 0.95, 14) ** 2)
    ax.contour(W, B, loss, levels=np.unique(levels), colors=COLORS["other"], linewidths=0.6)


def plot_against_batch_size(batch_sizes, series, ylabel, title, ax=None, logy=False):
    """Plot one or more measured quantities against batch_size (log-2 horizontal axis).

    Args:
        batch_sizes: the batch sizes measured, a sequence of positive ints.
        series: dict ``{label: sequence of values}``, one value per batch size.
        ylabel: label of the vertical axis (what was measured, with its unit).
        title: the figure's title.
        ax: Axes to draw on, or None for a new figure.
        logy: use a log scale on the vertical axis too.

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: when a series does not have one value per batch size, or a batch size
            is not positive; TypeError when ``series`` is not a non-empty dict or a batch
            size is not an int.
    """
    sizes = [require_positive_int(s, f"batch_sizes[{k}]") for k, s in enumerate(batch_sizes)]
    if not sizes:
        raise ValueError("batch_sizes must name at least one batch size; got none")
    require_mapping(series, "series", "values, one per batch size")
    lines = {
        label: require_vector(values, f"series[{label!r}]", len(sizes), axis="len(batch_sizes)")
        for label, values in series.items()
    }
    ax = new_axes(ax)
    markers = "osD^v"
    for k, (label, values) in enumerate(lines.items()):
        ax.plot(sizes, values, marker=markers[k % len(markers)], label=label)
    ax.set_xscale("log", base=2)
    if logy:
        ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(s) for s in sizes])
    ax.set_xlabel("batch_size (log scale)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return ax


def plot_seed_curves(curves, ax=None, title=None, xlabel="epoch", ylabel="loss", logy=True):
    """One line per run: the mean over seeds, with a band from the lowest to the highest seed.

    Args:
        curves: dict ``{run name: values}``; ``values`` is array-like of shape
            ``(num_seeds, num_points)`` (one row per seed); point k is drawn at x = k + 1
            (epoch k + 1), with integer ticks.
        ax: Axes to draw on, or None for a new figure.
        title: the title (default: "Mean over seeds, band from lowest to highest").
        xlabel: the label of the horizontal axis.
        ylabel: the label of the vertical axis.
        logy: log scale on the vertical axis.

    Returns:
        matplotlib.axes.Axes

    Raises:
        TypeError: when ``curves`` is not a non-empty dict.
        ValueError: when a run's values are not a non-empty 2-D array.
    """
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    require_mapping(curves, "curves", "array of shape (num_seeds, num_points)")
    arrays = {
        name: require_shape(values, ("num_seeds", "num_points"), f"curves[{name!r}]", nonempty=True)
        for name, values in curves.items()
    }
    ax = new_axes(ax)
    for index, (name, values) in enumerate(arrays.items()):
        x = np.arange(1, values.shape[1] + 1)
        color = f"C{index % 10}"
        ax.plot(
            x,
            values.mean(axis=0),
            color=color,
            marker="o",
            markersize=3,
            label=f"{name} (mean of {values.shape[0]})",
        )
        ax.fill_between(x, values.min(axis=0), values.max(axis=0), color=color, alpha=0.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Mean over seeds, band from lowest to highest")
    ax.legend(loc="best")
    return ax
