"""Figures for the lessons: one course style, and the plots shared by lessons.

Every plotting function takes ``ax=None`` (a new figure is made when it is None), returns
the ``matplotlib`` Axes, and labels its axes, title and legend. Nothing is changed at import
time: call :func:`use_course_style` in a lesson's setup cell. A lesson shows every figure with
:func:`show`, never ``plt.show()``: the figure then carries its alternative text (what it
shows, in words) into JupyterLab, the notebook file, the feedback pages and the course site.
"""

import matplotlib

__all__ = ["COLORS", "plot_against_batch_size", "plot_batches_table", "plot_descent_paths", "plot_forecast", "plot_histories", "plot_loss_curves", "plot_padding_cost", "plot_sequence_cube", "plot_sliding_windows", "plot_split_series", "plot_tbptt_layout", "use_course_style"]

#: one color per role, used by every figure of the course
COLORS = {
    "input": "#4C72B0",
    "target": "#DD8452",
    "highlight": "#C44E52",
    "other": "#8C8C8C",
    "padding": "#DDDDDD",
}

_STYLE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
}


def use_course_style():
    """Apply the course's matplotlib style (size, grid, fonts) for the rest of the session.

    Returns:
        None (the style is in ``matplotlib.rcParams``).
    """
    matplotlib.rcParams.update(_STYLE)


def _axes(ax, figsize=None):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_batches_table(num_samples=50, num_inputs=3, num_targets=1, batch_size=5, ax=None):
    """Draw a data table cut into batches: input columns and target columns coloured apart.

    Rows are samples (top to bottom, not shuffled); each band between two horizontal lines
    is one batch, i.e. one update of the weights. The last batch may be partial.

    Args:
        num_samples: number of rows.
        num_inputs: number of input columns (features).
        num_targets: number of output columns.
        batch_size: rows per batch.
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch, Rectangle

    from .shapes import require_positive_int

    num_samples = require_positive_int(num_samples, "num_samples")
    num_inputs = require_positive_int(num_inputs, "num_inputs")
    num_targets = require_positive_int(num_targets, "num_targets")
    batch_size = require_positive_int(batch_size, "batch_size")
    ax = _axes(ax, figsize=(5.5, 7.0))
    num_columns = num_inputs + num_targets
    for row in range(num_samples):
        for col in range(num_columns):
            role = "input" if col < num_inputs else "target"
            shade = 0.85 if (row // batch_size) % 2 == 0 else 0.55
            ax.add_patch(
                Rectangle((col, row), 1, 1, facecolor=COLORS[role], alpha=shade,
                          edgecolor="white", linewidth=0.5)
            )
    num_batches = -(-num_samples // batch_size)
    for k in range(num_batches):
        first = k * batch_size
        last = min(first + batch_size, num_samples)
        ax.axhline(first, color="black", linewidth=1.2)
        ax.text(num_columns + 0.2, (first + last) / 2, f"batch {k + 1}: rows {first + 1}-{last}",
                va="center", fontsize=8)
    ax.axhline(num_samples, color="black", linewidth=1.2)
    ax.set_xlim(0, num_columns + 3.2)
    ax.set_ylim(num_samples, 0)
    ax.set_xticks([c + 0.5 for c in range(num_columns)])
    ax.set_xticklabels([f"x{c + 1}" for c in range(num_inputs)] +
                       [f"y{c + 1}" for c in range(num_targets)])
    ax.set_yticks([0.5, num_samples - 0.5])
    ax.set_yticklabels(["1", str(num_samples)])
    ax.grid(False)
    ax.set_xlabel(f"columns: {num_inputs} features (num_features) + {num_targets} target")
    ax.set_ylabel(f"rows: {num_samples} samples (num_samples)")
    ax.set_title(f"{num_samples} samples, batch_size={batch_size} -> {num_batches} updates per epoch")
    ax.legend(handles=[Patch(color=COLORS["input"], label="input columns (features)"),
                       Patch(color=COLORS["target"], label="target column")],
              loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    return ax


def plot_sequence_cube(batch_size=4, timesteps=6, num_features=3, highlight=0, step=None, ax=None):
    """Draw an RNN input ``(batch_size, timesteps, num_features)`` as a cube of cells.

    Each slice front to back is one sequence ``x[i]`` of shape ``(timesteps, num_features)``;
    the slice ``highlight`` is coloured apart. With ``step=t`` the cells ``x[:, t, :]`` (what
    the RNN reads at time step ``t``: one step of every sequence) are outlined as well.

    Args:
        batch_size: number of sequences (depth axis, axis 0).
        timesteps: length of every sequence (horizontal axis, axis 1).
        num_features: values per time step (vertical axis, axis 2).
        highlight: index of the sequence to colour, ``0 <= highlight < batch_size``, or None.
        step: a time step to outline across all sequences, ``0 <= step < timesteps``, or None.
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes

    Raises:
        TypeError, ValueError: when a size is not a positive int, or ``highlight`` / ``step``
            is out of range.
    """
    from matplotlib.patches import Patch, Polygon

    from .shapes import require_positive_int

    batch_size = require_positive_int(batch_size, "batch_size")
    timesteps = require_positive_int(timesteps, "timesteps")
    num_features = require_positive_int(num_features, "num_features")
    for name, value, size in (("highlight", highlight, batch_size), ("step", step, timesteps)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int or None; got {type(value).__name__} {value!r}")
        if not 0 <= value < size:
            raise ValueError(f"{name} must be in 0..{size - 1}; got {value}")
    ax = _axes(ax, figsize=(9.0, 4.2))
    dx, dy = 0.5, 0.4  # oblique projection of the batch axis: one sequence per step back
    T, F, B = timesteps, num_features, batch_size

    def face(color, on, corners):
        ax.add_patch(Polygon(corners, closed=True, facecolor=color, alpha=0.85 if on else 0.3,
                             edgecolor="white", linewidth=0.8))

    def outline(corners):
        ax.add_patch(Polygon(corners, closed=True, facecolor="none", edgecolor=COLORS["target"],
                             linewidth=2.0, zorder=3))

    def color_of(i):
        return COLORS["highlight"] if i == highlight else COLORS["input"]

    for i in reversed(range(B)):  # top faces, back to front
        for t in range(T):
            corners = [(t + i * dx, F + i * dy), (t + 1 + i * dx, F + i * dy),
                       (t + 1 + (i + 1) * dx, F + (i + 1) * dy), (t + (i + 1) * dx, F + (i + 1) * dy)]
            face(color_of(i), i == highlight, corners)
            if t == step:
                outline(corners)
    for i in reversed(range(B)):  # right faces
        for f in range(F):
            corners = [(T + i * dx, f + i * dy), (T + (i + 1) * dx, f + (i + 1) * dy),
                       (T + (i + 1) * dx, f + 1 + (i + 1) * dy), (T + i * dx, f + 1 + i * dy)]
            face(color_of(i), i == highlight, corners)
    for t in range(T):  # front face: sequence 0
        for f in range(F):
            face(color_of(0), highlight == 0, [(t, f), (t + 1, f), (t + 1, f + 1), (t, f + 1)])
        if t == step:
            outline([(t, 0), (t + 1, 0), (t + 1, F), (t, F)])
    ax.annotate("", xy=(T + B * dx + 0.1, B * dy - 0.05), xytext=(T + 0.1, -0.05),
                arrowprops={"arrowstyle": "->", "color": "black"})
    ax.text(T + B * dx / 2 + 0.35, B * dy / 2 - 0.35, f"batch_size = {B}\n(axis 0)", fontsize=8)
    right = T + B * dx
    if highlight is not None:  # the highlighted sequence pulled out of the cube
        left = right + 2.2
        for t in range(T):
            for f in range(F):
                face(COLORS["highlight"], True,
                     [(left + t, f), (left + t + 1, f), (left + t + 1, f + 1), (left + t, f + 1)])
        ax.text(left + T / 2, F + 0.25, f"x[{highlight}]: shape ({T}, {F})", ha="center",
                fontsize=9, color=COLORS["highlight"])
        ax.annotate("", xy=(left - 0.15, F / 2), xytext=(right + 0.25, F / 2 + highlight * dy),
                    arrowprops={"arrowstyle": "->", "color": COLORS["highlight"]})
        right = left + T
    ax.set_xlim(-0.3, right + 0.3)
    ax.set_ylim(-0.3, F + B * dy + 0.3)
    ax.set_aspect("equal")
    ax.set_xticks([t + 0.5 for t in range(T)])
    ax.set_xticklabels([str(t) for t in range(T)])
    ax.set_yticks([f + 0.5 for f in range(F)])
    ax.set_yticklabels([str(f) for f in range(F)])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.set_xlabel(f"timesteps = {T} (axis 1)")
    ax.set_ylabel(f"num_features = {F}\n(axis 2)")
    ax.set_title(f"x.shape = (batch_size, timesteps, num_features) = ({B}, {T}, {F})")
    handles = []
    if highlight is not None:
        handles.append(Patch(color=COLORS["highlight"], alpha=0.85,
                             label=f"one sequence x[{highlight}]"))
    handles.append(Patch(color=COLORS["input"], alpha=0.3, label="the other, independent sequences"))
    if step is not None:
        handles.append(Patch(facecolor="none", edgecolor=COLORS["target"], linewidth=2,
                             label=f"x[:, {step}, :]: step {step} of every sequence"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(handles))
    return ax


def plot_tbptt_layout(batches, ax=None, title=None):
    """Draw batches cut from one long sequence: which positions each batch row holds.

    ``batches[k, i, j]`` is a position in the long sequence (e.g. made from
    ``np.arange(length)``). Batches are drawn left to right, rows of a batch top to bottom,
    each cell labelled with its position and coloured by its row of the *original* layout,
    so a row that continues across batches keeps one colour band.

    Args:
        batches: int array of shape ``(num_batches, batch_size, num_steps)``.
        ax: Axes to draw on, or None for a new figure.
        title: the title (default: the shape).

    Returns:
        matplotlib.axes.Axes

    Raises:
        TypeError: when ``batches`` is not a numeric array.
        ValueError: when it does not have 3 axes or is empty.
    """
    import numpy as np
    from matplotlib.patches import Patch, Rectangle

    from .shapes import as_array

    positions = as_array(batches, "batches")
    if positions.ndim != 3 or positions.size == 0:
        raise ValueError("batches must have shape (num_batches, batch_size, num_steps) with no "
                         f"empty axis; got shape {positions.shape}")
    num_batches, batch_size, num_steps = positions.shape
    length = int(np.nanmax(positions)) + 1
    ax = _axes(ax, figsize=(1.0 + 0.55 * num_batches * num_steps, 1.2 + 0.5 * batch_size))
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    gap = 0.4
    for k in range(num_batches):
        left = k * (num_steps + gap)
        for i in range(batch_size):
            for j in range(num_steps):
                value = positions[k, i, j]
                band = int(value * batch_size // length) if length else 0
                ax.add_patch(Rectangle((left + j, i), 1, 1, facecolor=cmap(band % 10), alpha=0.45,
                                       edgecolor="white", linewidth=1.0))
                ax.text(left + j + 0.5, i + 0.5, f"{int(value)}", ha="center", va="center",
                        fontsize=8)
        ax.add_patch(Rectangle((left, 0), num_steps, batch_size, facecolor="none",
                               edgecolor="black", linewidth=1.2))
        ax.text(left + num_steps / 2, -0.15, f"batch {k}", ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.2, num_batches * (num_steps + gap))
    ax.set_ylim(batch_size + 0.1, -0.8)
    ax.set_xticks([k * (num_steps + gap) + j + 0.5 for k in range(num_batches)
                   for j in range(num_steps)])
    ax.set_xticklabels([str(j) for _ in range(num_batches) for j in range(num_steps)], fontsize=7)
    ax.set_yticks([i + 0.5 for i in range(batch_size)])
    ax.set_yticklabels([f"row {i}" for i in range(batch_size)])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.set_xlabel("time step inside each batch (num_steps columns)")
    ax.set_ylabel("batch axis (batch_size rows)")
    ax.set_title(title or f"batches.shape = (num_batches, batch_size, num_steps) = "
                          f"({num_batches}, {batch_size}, {num_steps})")
    used = sorted({int(v * batch_size // length) for v in positions.ravel()})
    ax.legend(handles=[Patch(color=cmap(b % 10), alpha=0.45,
                             label=f"positions {b * length // batch_size}-"
                                   f"{(b + 1) * length // batch_size - 1}") for b in used],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), title="cell = position in sequence")
    return ax


def plot_padding_cost(names, seconds_per_epoch, padding_fractions, title=None, ax=None):
    """Horizontal bars: one epoch's time per batching strategy, split into real and padded steps.

    Each bar is the measured time of one epoch; its hatched end is the share of that time
    spent on padding (``seconds * padding_fraction``): time steps the layer computes only
    because a shorter sequence was padded to the length of its batch.

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
    seconds = np.asarray(seconds_per_epoch, dtype=float)
    fractions = np.asarray(padding_fractions, dtype=float)
    if not names or seconds.shape != (len(names),) or fractions.shape != (len(names),):
        raise ValueError(
            "names, seconds_per_epoch and padding_fractions must be non-empty and of the same "
            f"length; got {len(names)}, {seconds.shape} and {fractions.shape}"
        )
    if np.any(~np.isfinite(seconds)) or np.any(seconds < 0):
        raise ValueError(f"seconds_per_epoch must be finite numbers >= 0; got {seconds.tolist()}")
    if np.any(~np.isfinite(fractions)) or np.any((fractions < 0) | (fractions > 1)):
        raise ValueError(f"padding_fractions must lie in [0, 1]; got {fractions.tolist()}")
    ax = _axes(ax, figsize=(7.5, 0.8 + 0.6 * len(names)))
    rows = np.arange(len(names))[::-1]
    real = seconds * (1.0 - fractions)
    padded = seconds * fractions
    ax.barh(rows, real, color=COLORS["input"], height=0.6)
    ax.barh(rows, padded, left=real, color=COLORS["padding"], hatch="//",
            edgecolor=COLORS["other"], height=0.6)
    for row, total, fraction in zip(rows, seconds, fractions):
        ax.text(total, row, f"  {total:.2f} s, {fraction:.0%} padding", va="center", fontsize=8)
    ax.set_yticks(rows)
    ax.set_yticklabels(names)
    ax.set_xlim(0, max(float(seconds.max()), 1e-9) * 1.45)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("seconds per epoch (measured on this machine)")
    ax.set_ylabel("strategy")
    ax.set_title(title or "One epoch per batching strategy: real steps vs padding")
    ax.legend(handles=[Patch(color=COLORS["input"], label="time steps of real data"),
                       Patch(facecolor=COLORS["padding"], hatch="//", edgecolor=COLORS["other"],
                             label="time steps of padding")],
              loc="lower right")
    return ax


def plot_sliding_windows(num_rows=30, num_features=7, time_step=5, num_shown=3, stride=1,
                         target_column=None, horizon=1, ax=None):
    """Draw the picture of seed 004: a table, and a window of ``time_step`` rows sliding down it.

    The table has ``num_rows`` rows (time, top to bottom) and ``num_features`` columns, lettered
    ``b, c, ...`` like the seed's spreadsheet (column ``a`` holds the dates). A thick black frame
    marks the whole table; red frames mark the first ``num_shown`` windows (one sample each,
    shape ``(time_step, num_features)``), and a dashed frame the last one. With
    ``target_column`` set, the cell each shown window predicts (``horizon`` rows after its last
    row, in that column) is coloured as the target. Rows are numbered from 1, as in the seed.

    Args:
        num_rows: rows of the table (time steps of the whole series), >= ``time_step``.
        num_features: columns of the table (``num_features``, the seed's ``input_size``).
        time_step: rows per window (``timesteps``).
        num_shown: how many windows to frame from the top (>= 1).
        stride: rows between the starts of two windows.
        target_column: 0-based column of the target, or None for no target.
        horizon: rows between a window's last row and its target (>= 1).
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes

    Raises:
        TypeError, ValueError: on a size that is not a positive int, ``time_step > num_rows``
            or a ``target_column`` outside the table.
    """
    import numbers

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    from .shapes import require_positive_int

    num_rows = require_positive_int(num_rows, "num_rows")
    num_features = require_positive_int(num_features, "num_features")
    time_step = require_positive_int(time_step, "time_step")
    num_shown = require_positive_int(num_shown, "num_shown")
    stride = require_positive_int(stride, "stride")
    horizon = require_positive_int(horizon, "horizon")
    if time_step > num_rows:
        raise ValueError(f"time_step must be <= num_rows; got time_step={time_step}, num_rows={num_rows}")
    if target_column is not None:
        if isinstance(target_column, bool) or not isinstance(target_column, numbers.Integral):
            raise TypeError(f"target_column must be an int or None; got {target_column!r}")
        if not 0 <= target_column < num_features:
            raise ValueError(f"target_column must be in [0, {num_features}); got {target_column}")
        last_row = num_rows - horizon  # a window must end on or before this row (1-based)
    else:
        last_row = num_rows
    num_windows = max(0, (last_row - time_step) // stride + 1)
    ax = _axes(ax, figsize=(7.5, 7.0))
    for row in range(num_rows):
        for col in range(num_features):
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=COLORS["input"], alpha=0.35,
                                   edgecolor="white", linewidth=0.6))
    ax.add_patch(Rectangle((-0.35, -0.35), num_features + 0.7, num_rows + 0.7, fill=False,
                           edgecolor="black", linewidth=2.0))
    starts = [k * stride for k in range(min(num_shown, num_windows))]
    last_start = (num_windows - 1) * stride if num_windows else None
    if last_start is not None and last_start not in starts:
        starts.append(last_start)
    for index, start in enumerate(starts):
        is_last = start == last_start and index >= min(num_shown, num_windows)
        inset = 0.08 + 0.12 * (index % 3)
        ax.add_patch(Rectangle((inset, start + inset), num_features - 2 * inset, time_step - 2 * inset,
                               fill=False, edgecolor=COLORS["highlight"], linewidth=2.0,
                               linestyle="--" if is_last else "-"))
        number = start // stride + 1
        label = f"window {number}: rows {start + 1}-{start + time_step}"
        if target_column is not None:
            target_row = start + time_step - 1 + horizon
            ax.add_patch(Rectangle((target_column, target_row), 1, 1, facecolor=COLORS["target"],
                                   edgecolor=COLORS["highlight"], linewidth=1.5))
            label += f" -> target row {target_row + 1}"
        ax.text(num_features + 0.5, start + time_step / 2, label, va="center", fontsize=8,
                color=COLORS["highlight"])
        if is_last and number > len(starts):
            ax.text(num_features + 0.5, start - 1.0, "...", va="center", fontsize=10)
    ax.set_xlim(-0.6, num_features + 6.5)
    ax.set_ylim(num_rows + 0.6, -0.6)
    ax.set_xticks([c + 0.5 for c in range(num_features)])
    ax.set_xticklabels([chr(ord("b") + c) if c < 25 else str(c + 1) for c in range(num_features)])
    ticks = sorted({0, *(s for s in starts), num_rows - 1})
    ax.set_yticks([t + 0.5 for t in ticks])
    ax.set_yticklabels([str(t + 1) for t in ticks])
    ax.grid(False)
    ax.set_xlabel(f"columns: num_features = {num_features} (the seed's input_size)")
    ax.set_ylabel(f"rows (time): {num_rows}")
    ax.text(num_features + 0.5, num_rows / 2,
            f"stacked: ({num_windows}, {time_step}, {num_features})\n"
            "= (num_samples, timesteps,\n   num_features)", va="center", fontsize=8)
    ahead = f"{horizon} row ahead" if horizon == 1 else f"{horizon} rows ahead"
    noun = "window" if num_windows == 1 else "windows"
    what = noun if target_column is None else f"{noun} with a target {ahead}"
    ax.set_title(f"{num_rows} rows, time_step={time_step}, stride={stride} -> {num_windows} {what}")
    handles = [Line2D([], [], color="black", linewidth=2.0, label=f"the whole table ({num_rows} rows)"),
               Line2D([], [], color=COLORS["highlight"], linewidth=2.0,
                      label=f"one window = one sample, ({time_step}, {num_features})")]
    if target_column is not None:
        handles.append(Patch(color=COLORS["target"], label="its target"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles))
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

    x = np.asarray(x)
    values = np.asarray(values, dtype=float)
    if x.ndim != 1 or values.shape != x.shape:
        raise ValueError(f"x and values must be 1-D of the same length; got shapes {x.shape} and {values.shape}")
    sizes = [int(s) for s in sizes]
    if len(sizes) != 3 or min(sizes) < 0 or sum(sizes) != len(x):
        raise ValueError(f"sizes must be 3 non-negative ints summing to {len(x)}; got {sizes}")
    ax = _axes(ax, figsize=(8.0, 3.5))
    bounds = np.cumsum([0, *sizes])
    colors = [COLORS["input"], COLORS["target"], COLORS["highlight"]]
    for name, lo, hi, color in zip(("train", "validation", "test"), bounds[:-1], bounds[1:], colors):
        if hi > lo:
            ax.plot(x[lo:hi], values[lo:hi], color=color, label=f"{name} ({hi - lo})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"chronological split: {sizes[0]} / {sizes[1]} / {sizes[2]}")
    ax.legend()
    return ax


def plot_forecast(x, truth, forecasts, ax=None, xlabel="time", ylabel="value", title="forecast vs truth"):
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
    import numpy as np

    x = np.asarray(x)
    truth = np.asarray(truth, dtype=float).reshape(-1)
    if x.ndim != 1 or truth.shape != x.shape:
        raise ValueError(f"x and truth must be 1-D of the same length; got shapes {x.shape} and {truth.shape}")
    if not forecasts:
        raise ValueError("forecasts must name at least one forecast, e.g. {'LSTM': predictions}")
    ax = _axes(ax, figsize=(8.0, 3.5))
    ax.plot(x, truth, color="black", linewidth=2.0, label="truth")
    styles = [(COLORS["highlight"], "-"), (COLORS["other"], "--"), (COLORS["input"], ":")]
    for index, (name, values) in enumerate(forecasts.items()):
        values = np.asarray(values, dtype=float).reshape(-1)
        if values.shape != x.shape:
            raise ValueError(f"forecast {name!r} has {values.size} values; expected {x.size}")
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

    from .shapes import as_array

    x = as_array(X, "X")
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"X must have shape (num_samples, 1): one feature; got shape {x.shape}")
    t = as_array(y, "y").reshape(-1)
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"X has {x.shape[0]} samples but y has {t.shape[0]}")
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: array of shape (num_points, 2)}")
    arrays = {}
    for label, path in paths.items():
        p = as_array(path, f"paths[{label!r}]")
        if p.ndim != 2 or p.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (num_points, 2) = (w, b) per update; "
                             f"got shape {p.shape}")
        arrays[label] = p
    design = np.stack([x, np.ones_like(x)], axis=1)
    w_best, b_best = np.linalg.lstsq(design, t, rcond=None)[0]
    points = np.concatenate(list(arrays.values()) + [np.array([[w_best, b_best]])])
    low, high = points.min(axis=0), points.max(axis=0)
    pad = 0.15 * np.maximum(high - low, 1e-3)
    ws = np.linspace(low[0] - pad[0], high[0] + pad[0], 120)
    bs = np.linspace(low[1] - pad[1], high[1] + pad[1], 120)
    W, B = np.meshgrid(ws, bs)
    residual = W[..., None] * x + B[..., None] - t  # (len(bs), len(ws), num_samples)
    loss = np.mean(residual ** 2, axis=-1)
    ax = _axes(ax, figsize=(6.5, 5.0))
    levels = np.quantile(loss, np.linspace(0.0, 0.95, 14) ** 2)
    ax.contour(W, B, loss, levels=np.unique(levels), colors=COLORS["other"], linewidths=0.6)
    colors = [COLORS["input"], COLORS["target"], COLORS["highlight"], "#55A868", "#8172B3"]
    for k, (label, p) in enumerate(arrays.items()):
        ax.plot(p[:, 0], p[:, 1], marker="o", markersize=2.5, linewidth=1.0,
                color=colors[k % len(colors)], label=f"{label} ({len(p) - 1} updates)")
    ax.plot([w_best], [b_best], marker="*", markersize=14, color="black", linestyle="none",
            label="minimum of the loss")
    ax.set_xlabel("w (weight)")
    ax.set_ylabel("b (bias)")
    ax.set_title("Gradient descent paths on the loss contours (MSE)")
    ax.legend(loc="best")
    return ax


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
            is not positive; TypeError when ``series`` is not a non-empty dict.
    """
    import numpy as np

    sizes = np.asarray(batch_sizes, dtype=float).reshape(-1)
    if sizes.size == 0 or np.any(sizes <= 0):
        raise ValueError(f"batch_sizes must be positive numbers; got {list(batch_sizes)}")
    if not isinstance(series, dict) or not series:
        raise TypeError("series must be a non-empty dict {label: values, one per batch size}")
    ax = _axes(ax)
    markers = "osD^v"
    for k, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float).reshape(-1)
        if values.shape != sizes.shape:
            raise ValueError(f"series[{label!r}] has {values.size} values for {sizes.size} batch sizes")
        ax.plot(sizes, values, marker=markers[k % len(markers)], label=label)
    ax.set_xscale("log", base=2)
    if logy:
        ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(int(s)) if float(s).is_integer() else f"{s:g}" for s in sizes])
    ax.set_xlabel("batch_size (log scale)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return ax


def plot_loss_curves(losses, updates_per_epoch, per="update", ax=None):
    """Training loss against updates (steps) or against epochs, one line per batch size.

    Args:
        losses: dict ``{label: sequence}``: the loss on the whole training set before any
            update (entry 0) and after every update (entry k after update k).
        updates_per_epoch: dict ``{label: int}``, the updates in one epoch for each label.
        per: ``"update"`` (horizontal axis = update, log scale) or ``"epoch"`` (one point at
            the end of each epoch).
        ax: Axes to draw on, or None for a new figure.

    Returns:
        matplotlib.axes.Axes

    Raises:
        ValueError: for an unknown ``per``, a missing or non-positive ``updates_per_epoch``,
            or an empty loss sequence; TypeError when ``losses`` is not a non-empty dict.
    """
    import numpy as np

    if per not in ("update", "epoch"):
        raise ValueError(f"per must be 'update' or 'epoch'; got {per!r}")
    if not isinstance(losses, dict) or not losses:
        raise TypeError("losses must be a non-empty dict {label: loss before and after each update}")
    ax = _axes(ax)
    for label, values in losses.items():
        values = np.asarray(values, dtype=float).reshape(-1)
        if values.size == 0:
            raise ValueError(f"losses[{label!r}] is empty")
        steps = updates_per_epoch.get(label) if isinstance(updates_per_epoch, dict) else None
        if steps is None or int(steps) < 1:
            raise ValueError(f"updates_per_epoch[{label!r}] must be an int >= 1; got {steps!r}")
        steps = int(steps)
        if per == "update":
            ax.plot(np.arange(values.size), values, linewidth=1.0, label=label)
        else:
            epochs = np.arange(0, (values.size - 1) // steps + 1)
            ax.plot(epochs, values[epochs * steps], marker="o", label=label)
    if per == "update":
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlabel("update (step), log scale")
        ax.set_title("Training loss after each update")
    else:
        ax.set_xlabel("epoch")
        ax.set_title("Training loss after each epoch")
    ax.set_ylabel("training loss (MSE on all samples)")
    ax.legend(loc="best")
    return ax


def plot_histories(histories, ax=None, updates_per_epoch=None, title=None, ylabel="loss", logy=True):
    """Training (solid) and validation (dashed) loss of several Keras runs, one colour per run.

    Args:
        histories: dict ``{run name: history}``; each history is a dict like Keras's
            ``History.history`` with equal-length lists ``"loss"`` and ``"val_loss"`` (one entry
            per epoch).
        ax: Axes to draw on, or None for a new figure.
        updates_per_epoch: None to plot against epochs; or an int (the same for every run) or a
            dict ``{run name: int}`` to plot against updates: epoch k ends after
            ``k * updates_per_epoch`` updates (log scale).
        title: the title (default: "Training and validation loss").
        ylabel: the label of the vertical axis.
        logy: log scale on the vertical axis.

    Returns:
        matplotlib.axes.Axes

    Raises:
        TypeError: when ``histories`` is not a non-empty dict of dicts.
        ValueError: when a history lacks ``"loss"`` or ``"val_loss"``, they are empty or of
            different lengths, or ``updates_per_epoch`` is missing for a run or not an int >= 1.
    """
    import numpy as np

    from .shapes import require_positive_int

    if not isinstance(histories, dict) or not histories:
        raise TypeError("histories must be a non-empty dict {run name: History.history}; "
                        f"got {type(histories).__name__}")
    curves = {}
    for name, history in histories.items():
        if not isinstance(history, dict):
            raise TypeError(f"histories[{name!r}] must be a dict like History.history; "
                            f"got {type(history).__name__}")
        missing = [key for key in ("loss", "val_loss") if key not in history]
        if missing:
            raise ValueError(f"histories[{name!r}] has no {missing}; fit with validation_data "
                             f"to record 'val_loss' (keys: {sorted(history)})")
        loss = np.asarray(history["loss"], dtype=float).reshape(-1)
        val_loss = np.asarray(history["val_loss"], dtype=float).reshape(-1)
        if loss.size == 0 or loss.size != val_loss.size:
            raise ValueError(f"histories[{name!r}]: 'loss' and 'val_loss' must be non-empty and of "
                             f"equal length; got {loss.size} and {val_loss.size}")
        if updates_per_epoch is None:
            steps = 1
        else:
            given = updates_per_epoch.get(name) if isinstance(updates_per_epoch, dict) else updates_per_epoch
            if given is None:
                raise ValueError(f"updates_per_epoch has no entry for run {name!r}")
            steps = require_positive_int(given, f"updates_per_epoch[{name!r}]")
        curves[name] = (np.arange(1, loss.size + 1) * steps, loss, val_loss)
    ax = _axes(ax)
    for index, (name, (x, loss, val_loss)) in enumerate(curves.items()):
        color = f"C{index % 10}"
        marker = "o" if x.size < 12 else None
        ax.plot(x, loss, color=color, marker=marker, markersize=4, label=f"{name}: train")
        ax.plot(x, val_loss, color=color, marker=marker, markersize=4, linestyle="--",
                label=f"{name}: validation")
    if updates_per_epoch is None:
        ax.set_xlabel("epoch")
    else:
        ax.set_xscale("log")
        ax.set_xlabel("updates (steps), log scale")
    if logy:
        ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Training and validation loss")
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

    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves must be a non-empty dict {{run name: (num_seeds, num_points)}}; "
                        f"got {type(curves).__name__}")
    arrays = {}
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.size == 0:
            raise ValueError(f"curves[{name!r}] must be a non-empty 2-D array (num_seeds, num_points); "
                             f"got shape {values.shape}")
        arrays[name] = values
    ax = _axes(ax)
    for index, (name, values) in enumerate(arrays.items()):
        x = np.arange(1, values.shape[1] + 1)
        color = f"C{index % 10}"
        ax.plot(x, values.mean(axis=0), color=color, marker="o", markersize=3,
                label=f"{name} (mean of {values.shape[0]})")
        ax.fill_between(x, values.min(axis=0), values.max(axis=0), color=color, alpha=0.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Mean over seeds, band from lowest to highest")
    ax.legend(loc="best")
    return ax


__all__ += ["plot_seed_curves"]

#: the shortest alternative text :func:`show` accepts, in words
MIN_ALT_WORDS = 8


def show(fig=None, *, alt):
    """Show a figure as an image with alternative text, and close it.

    The output is an HTML ``<img>`` with ``alt`` (JupyterLab, nbconvert and the course site
    render it; a screen reader reads the text), plus the text alone for plain-text viewers;
    the notebook keeps both, and ``alt`` also in the output's metadata.

    Args:
        fig: a ``matplotlib`` Figure or Axes (default: the current figure).
        alt: what the figure shows, in one or more sentences of at least
            :data:`MIN_ALT_WORDS` words: the kind of plot, its axes and what the reader should
            see in it (not only its title).

    Returns:
        None

    Raises:
        TypeError: when ``alt`` is not a string.
        ValueError: when ``alt`` has fewer than :data:`MIN_ALT_WORDS` words.
    """
    import base64
    import html
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    if not isinstance(alt, str):
        raise TypeError(f"alt must be a string that says what the figure shows; got {type(alt).__name__}")
    text = " ".join(alt.split())
    if len(text.split()) < MIN_ALT_WORDS:
        raise ValueError(f"alt must say what the figure shows in at least {MIN_ALT_WORDS} words; "
                         f"got {len(text.split())}: {text!r}")
    fig = plt.gcf() if fig is None else getattr(fig, "figure", fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    image = f'<img src="data:image/png;base64,{data}" alt="{html.escape(text, quote=True)}"/>'
    display({"text/html": image, "text/plain": f"[figure] {text}"},
            metadata={"text/html": {"alt": text}}, raw=True)


__all__ += ["MIN_ALT_WORDS", "show"]
