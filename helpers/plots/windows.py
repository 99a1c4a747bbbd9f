"""Schematics of windows cut from one long series: sliding windows over a table, TBPTT batches.

Each function draws from the numbers it is given and records, from the same numbers, what the
drawing shows (:func:`helpers.plots.display.describe`), so ``plots.show(ax)`` needs no ``alt``.
"""

from ..shapes import require_index, require_positive_ints, require_shape
from .display import describe
from .style import COLORS, new_axes

__all__ = ["plot_sliding_windows", "plot_tbptt_layout"]


def _rows(count):
    return "1 row" if count == 1 else f"{count} rows"


def _column(col):
    return chr(ord("b") + col) if col < 25 else str(col + 1)


def plot_sliding_windows(
    num_rows=30,
    num_features=7,
    time_step=5,
    num_shown=3,
    stride=1,
    target_column=None,
    horizon=1,
    ax=None,
):
    """Draw a table, and a window of ``time_step`` rows sliding down it (the seed's picture).

    The table has ``num_rows`` rows (time, top to bottom) and ``num_features`` columns, lettered
    ``b, c, ...`` like a spreadsheet whose column ``a`` holds the dates. A thick black frame
    marks the whole table; red frames mark the first ``num_shown`` windows (one sample each,
    shape ``(time_step, num_features)``), and a dashed frame the last one. With
    ``target_column`` set, the cell each shown window predicts (``horizon`` rows after its last
    row, in that column) is coloured as the target. Rows are numbered from 1.

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
    num_rows, num_features, time_step, num_shown, stride, horizon = require_positive_ints(
        num_rows=num_rows,
        num_features=num_features,
        time_step=time_step,
        num_shown=num_shown,
        stride=stride,
        horizon=horizon,
    )
    if time_step > num_rows:
        raise ValueError(
            f"time_step must be <= num_rows; got time_step={time_step}, num_rows={num_rows}"
        )
    target_column = require_index(target_column, "target_column", num_features, axis="num_features")
    last_row = (
        num_rows if target_column is None else num_rows - horizon
    )  # a window ends by this row
    num_windows = max(0, (last_row - time_step) // stride + 1)
    ax = new_axes(ax, figsize=(7.5, 7.0))
    window = _Windows(ax, num_features, time_step, stride, target_column, horizon)
    starts = window.draw_all(num_rows, num_shown, num_windows)
    ax.set_xlim(-0.6, num_features + 6.5)
    ax.set_ylim(num_rows + 0.6, -0.6)
    ax.set_xticks([c + 0.5 for c in range(num_features)])
    ax.set_xticklabels([_column(c) for c in range(num_features)])
    ticks = sorted({0, *starts, num_rows - 1})
    ax.set_yticks([t + 0.5 for t in ticks])
    ax.set_yticklabels([str(t + 1) for t in ticks])
    ax.grid(False)
    ax.set_xlabel(f"columns: num_features = {num_features} (the seed's input_size)")
    ax.set_ylabel(f"rows (time): {num_rows}")
    ahead = f"{horizon} row ahead" if horizon == 1 else f"{horizon} rows ahead"
    noun = "window" if num_windows == 1 else "windows"
    what = noun if target_column is None else f"{noun} with a target {ahead}"
    ax.set_title(f"{num_rows} rows, time_step={time_step}, stride={stride} -> {num_windows} {what}")
    window.legend(num_rows)
    return describe(ax, window.text(num_rows, starts, num_windows, num_shown))


class _Windows:
    """The table, the framed windows and their targets, and the words for them."""

    def __init__(self, ax, num_features, time_step, stride, target_column, horizon):
        self.ax, self.F, self.time_step, self.stride = ax, num_features, time_step, stride
        self.target_column, self.horizon = target_column, horizon

    def draw_all(self, num_rows, num_shown, num_windows):
        """Draw the table and the windows; returns the 0-based first rows of the framed ones."""
        from matplotlib.patches import Rectangle

        ax, F = self.ax, self.F
        for row in range(num_rows):
            for col in range(F):
                ax.add_patch(
                    Rectangle(
                        (col, row),
                        1,
                        1,
                        facecolor=COLORS["input"],
                        alpha=0.35,
                        edgecolor="white",
                        linewidth=0.6,
                    )
                )
        ax.add_patch(
            Rectangle(
                (-0.35, -0.35),
                F + 0.7,
                num_rows + 0.7,
                fill=False,
                edgecolor="black",
                linewidth=2.0,
            )
        )
        starts = [k * self.stride for k in range(min(num_shown, num_windows))]
        last_start = (num_windows - 1) * self.stride if num_windows else None
        if last_start is not None and last_start not in starts:
            starts.append(last_start)
        for index, start in enumerate(starts):
            self.frame(
                index,
                start,
                start == last_start and index >= min(num_shown, num_windows),
                len(starts),
            )
        ax.text(
            F + 0.5,
            num_rows / 2,
            f"stacked: ({num_windows}, {self.time_step}, {F})\n"
            "= (num_samples, timesteps,\n   num_features)",
            va="center",
            fontsize=8,
        )
        return starts

    def frame(self, index, start, is_last, num_framed):
        """One window's red frame (dashed for the last), its target cell and its label."""
        from matplotlib.patches import Rectangle

        ax, F, time_step = self.ax, self.F, self.time_step
        inset = 0.08 + 0.12 * (index % 3)
        ax.add_patch(
            Rectangle(
                (inset, start + inset),
                F - 2 * inset,
                time_step - 2 * inset,
                fill=False,
                edgecolor=COLORS["highlight"],
                linewidth=2.0,
                linestyle="--" if is_last else "-",
            )
        )
        number = start // self.stride + 1
        label = f"window {number}: rows {start + 1}-{start + time_step}"
        if self.target_column is not None:
            target_row = start + time_step - 1 + self.horizon
            ax.add_patch(
                Rectangle(
                    (self.target_column, target_row),
                    1,
                    1,
                    facecolor=COLORS["target"],
                    edgecolor=COLORS["highlight"],
                    linewidth=1.5,
                )
            )
            label += f" -> target row {target_row + 1}"
        ax.text(
            F + 0.5,
            start + time_step / 2,
            label,
            va="center",
            fontsize=8,
            color=COLORS["highlight"],
        )
        if is_last and number > num_framed:
            ax.text(F + 0.5, start - 1.0, "...", va="center", fontsize=10)

    def legend(self, num_rows):
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [
            Line2D(
                [], [], color="black", linewidth=2.0, label=f"the whole table ({num_rows} rows)"
            ),
            Line2D(
                [],
                [],
                color=COLORS["highlight"],
                linewidth=2.0,
                label=f"one window = one sample, ({self.time_step}, {self.F})",
            ),
        ]
        if self.target_column is not None:
            handles.append(Patch(color=COLORS["target"], label="its target"))
        self.ax.legend(
            handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles)
        )

    def text(self, num_rows, starts, num_windows, num_shown):
        """What the drawing shows, in words, from the numbers it was drawn with."""
        F, time_step, stride = self.F, self.time_step, self.stride
        shared = time_step - stride
        overlap = f"neighbours share {_rows(shared)}" if shared > 0 else "neighbours share no row"
        if not starts:
            return (
                f"Diagram of a table of {num_rows} rows by num_features = {F}: no window of "
                f"time_step = {time_step} rows has a target {_rows(self.horizon)} below it "
                f"inside the table."
            )
        last, num_first = starts[-1], min(num_shown, num_windows)
        ending = (
            f"; a dashed frame marks the last window, rows {last + 1}-{last + time_step}"
            if len(starts) > num_first
            else ""
        )
        columns = (
            f"1 column, {_column(0)}"
            if F == 1
            else f"{F} columns, {_column(0)} to {_column(F - 1)}"
        )
        framed = (
            f"A red frame marks the only window, of time_step = {time_step} rows"
            if num_windows == 1
            else f"Red frames mark the first {num_first} windows of time_step = {time_step} rows, "
            f"each starting {_rows(stride)} below the one before, so {overlap}{ending}"
        )
        text = (
            f"Diagram of a table of {num_rows} rows (time, top to bottom) by num_features = {columns}, "
            f"in a black frame. {framed}."
        )
        if self.target_column is not None:
            text += (
                f" Each window is paired with its target, the cell of column "
                f"{_column(self.target_column)} {_rows(self.horizon)} below its last row, coloured "
                f"orange, never inside the window itself; the last window, rows {last + 1}-"
                f"{last + time_step}, predicts row {last + time_step + self.horizon}, so only "
                f"windows that end by row {num_rows - self.horizon} have a target."
            )
        stacked = (
            "Stacked, the 1 window forms"
            if num_windows == 1
            else f"Stacked, the {num_windows} windows form"
        )
        return text + f" {stacked} an array of shape ({num_windows}, {time_step}, {F})."


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
    import matplotlib
    import numpy as np
    from matplotlib.patches import Patch

    positions = require_shape(
        batches, ("num_batches", "batch_size", "num_steps"), "batches", nonempty=True
    )
    num_batches, batch_size, num_steps = positions.shape
    length = int(np.nanmax(positions)) + 1
    ax = new_axes(ax, figsize=(1.0 + 0.55 * num_batches * num_steps, 1.2 + 0.5 * batch_size))
    cmap = matplotlib.colormaps["tab10"]
    _draw_tbptt_cells(ax, positions, length, cmap)
    ax.set_ylim(batch_size + 0.1, -0.8)
    ax.set_yticks([i + 0.5 for i in range(batch_size)])
    ax.set_yticklabels([f"row {i}" for i in range(batch_size)])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.set_xlabel("time step inside each batch (num_steps columns)")
    ax.set_ylabel("batch axis (batch_size rows)")
    ax.set_title(
        title
        or f"batches.shape = (num_batches, batch_size, num_steps) = "
        f"({num_batches}, {batch_size}, {num_steps})"
    )
    used = sorted({int(v * batch_size // length) for v in positions.ravel()})
    ax.legend(
        handles=[
            Patch(
                color=cmap(b % 10),
                alpha=0.45,
                label=f"positions {b * length // batch_size}-{(b + 1) * length // batch_size - 1}",
            )
            for b in used
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        title="cell = position in sequence",
    )
    return describe(ax, _tbptt_text(positions.astype(int), ax.get_title(), len(used)))


def _draw_tbptt_cells(ax, positions, length, cmap):
    """One labelled cell per position, coloured by its band; one frame per batch."""
    from matplotlib.patches import Rectangle

    num_batches, batch_size, num_steps = positions.shape
    gap = 0.4
    for k in range(num_batches):
        left = k * (num_steps + gap)
        for i in range(batch_size):
            for j in range(num_steps):
                value = positions[k, i, j]
                band = int(value * batch_size // length) if length else 0
                ax.add_patch(
                    Rectangle(
                        (left + j, i),
                        1,
                        1,
                        facecolor=cmap(band % 10),
                        alpha=0.45,
                        edgecolor="white",
                        linewidth=1.0,
                    )
                )
                ax.text(
                    left + j + 0.5, i + 0.5, f"{int(value)}", ha="center", va="center", fontsize=8
                )
        ax.add_patch(
            Rectangle(
                (left, 0), num_steps, batch_size, facecolor="none", edgecolor="black", linewidth=1.2
            )
        )
        ax.text(left + num_steps / 2, -0.15, f"batch {k}", ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.2, num_batches * (num_steps + gap))
    ax.set_xticks(
        [k * (num_steps + gap) + j + 0.5 for k in range(num_batches) for j in range(num_steps)]
    )
    ax.set_xticklabels([str(j) for _ in range(num_batches) for j in range(num_steps)], fontsize=7)


def _tbptt_text(positions, title, num_bands):
    """What the grid shows: its size, and whether each row runs on from batch to batch."""
    num_batches, batch_size, num_steps = positions.shape
    text = (
        f"Grid titled '{title}': {num_batches} batches side by side, each {batch_size} rows by "
        f"{num_steps} time steps, whose cells hold positions {positions.min()} to {positions.max()} "
        f"of one long sequence, coloured by the part of the sequence they come from "
        f"({num_bands} parts)."
    )
    if num_batches < 2:
        return text
    first, second = positions[0, 0], positions[1, 0]
    runs_on = bool((positions[1:, :, 0] == positions[:-1, :, -1] + 1).all())
    if runs_on:
        return text + (
            f" Each row runs on from batch to batch: row 0 holds {first[0]}-{first[-1]} in "
            f"batch 0, then {second[0]}-{second[-1]} in batch 1."
        )
    return text + (
        f" The rows do not run on from batch to batch: row 0 jumps from positions "
        f"{first[0]}-{first[-1]} in batch 0 to {second[0]}-{second[-1]} in batch 1."
    )
