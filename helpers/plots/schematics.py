"""Schematics of shapes and batches: a data table cut into batches, a batch of sequences as a cube.

Each function draws from the sizes it is given and records, from the same numbers, what the
drawing shows (:func:`helpers.plots.display.describe`), so ``plots.show(ax)`` needs no ``alt``.
"""

from ..shapes import require_index, require_positive_ints
from .display import describe
from .style import COLORS, new_axes

__all__ = ["plot_batches_table", "plot_sequence_cube"]


def _plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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

    Raises:
        TypeError, ValueError: when a size is not an int >= 1.
    """
    from matplotlib.patches import Patch

    num_samples, num_inputs, num_targets, batch_size = require_positive_ints(
        num_samples=num_samples,
        num_inputs=num_inputs,
        num_targets=num_targets,
        batch_size=batch_size,
    )
    ax = new_axes(ax, figsize=(5.5, 7.0))
    num_batches = _draw_table_in_batches(
        ax, num_samples, num_inputs + num_targets, num_inputs, batch_size
    )
    ax.set_xticklabels(
        [f"x{c + 1}" for c in range(num_inputs)] + [f"y{c + 1}" for c in range(num_targets)]
    )
    ax.set_xlabel(f"columns: {num_inputs} features (num_features) + {num_targets} target")
    ax.set_ylabel(f"rows: {num_samples} samples (num_samples)")
    ax.set_title(
        f"{num_samples} samples, batch_size={batch_size} -> {num_batches} updates per epoch"
    )
    ax.legend(
        handles=[
            Patch(color=COLORS["input"], label="input columns (features)"),
            Patch(color=COLORS["target"], label="target column"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=2,
    )
    first_of_last = (num_batches - 1) * batch_size + 1
    partial = " (a partial batch)" if num_samples % batch_size else ""
    return describe(
        ax,
        (
            f"A table of {num_samples} rows (samples) by {num_inputs} input columns (num_features) and "
            f"{_plural(num_targets, 'target column')}, cut by horizontal lines into {num_batches} bands of "
            f"batch_size={batch_size} rows, one batch and one update each. Without shuffling the bands run "
            f"down the table in order; the last one, batch {num_batches}, holds rows "
            f"{first_of_last}-{num_samples}{partial}."
        ),
    )


def _draw_table_in_batches(ax, num_samples, num_columns, num_inputs, batch_size):
    """Cells shaded by batch, a line and a label per batch; returns the number of batches."""
    from matplotlib.patches import Rectangle

    for row in range(num_samples):
        for col in range(num_columns):
            role = "input" if col < num_inputs else "target"
            shade = 0.85 if (row // batch_size) % 2 == 0 else 0.55
            ax.add_patch(
                Rectangle(
                    (col, row),
                    1,
                    1,
                    facecolor=COLORS[role],
                    alpha=shade,
                    edgecolor="white",
                    linewidth=0.5,
                )
            )
    num_batches = -(-num_samples // batch_size)
    for k in range(num_batches):
        first, last = k * batch_size, min((k + 1) * batch_size, num_samples)
        ax.axhline(first, color="black", linewidth=1.2)
        ax.text(
            num_columns + 0.2,
            (first + last) / 2,
            f"batch {k + 1}: rows {first + 1}-{last}",
            va="center",
            fontsize=8,
        )
    ax.axhline(num_samples, color="black", linewidth=1.2)
    ax.set_xlim(0, num_columns + 3.2)
    ax.set_ylim(num_samples, 0)
    ax.set_xticks([c + 0.5 for c in range(num_columns)])
    ax.set_yticks([0.5, num_samples - 0.5])
    ax.set_yticklabels(["1", str(num_samples)])
    ax.grid(False)
    return num_batches


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
    B, T, F = require_positive_ints(
        batch_size=batch_size, timesteps=timesteps, num_features=num_features
    )
    highlight = require_index(highlight, "highlight", B, axis="batch_size")
    step = require_index(step, "step", T, axis="timesteps")
    ax = new_axes(ax, figsize=(9.0, 4.2))
    right = _Cube(ax, B, T, F, highlight).draw(step)
    ax.set_xlim(-0.3, right + 0.3)
    ax.set_ylim(-0.3, F + B * _Cube.DY + 0.3)
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
    _cube_legend(ax, highlight, step)
    return describe(ax, _cube_text(B, T, F, highlight, step))


def _cube_legend(ax, highlight, step):
    from matplotlib.patches import Patch

    handles = []
    if highlight is not None:
        handles.append(
            Patch(color=COLORS["highlight"], alpha=0.85, label=f"one sequence x[{highlight}]")
        )
    handles.append(
        Patch(color=COLORS["input"], alpha=0.3, label="the other, independent sequences")
    )
    if step is not None:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=COLORS["target"],
                linewidth=2,
                label=f"x[:, {step}, :]: step {step} of every sequence",
            )
        )
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(handles))


def _cube_text(B, T, F, highlight, step):
    text = (
        f"Drawing of one batch x of shape (batch_size, timesteps, num_features) = ({B}, {T}, {F}) "
        f"as a block of cells: {_plural(T, 'time step')} from left to right, "
        f"{_plural(F, 'feature')} from bottom to top, {B} independent sequences stacked from front "
        f"to back."
    )
    if highlight is not None:
        text += (
            f" The red slice, also drawn apart on the right, is one whole sequence x[{highlight}] "
            f"of shape ({T}, {F})."
        )
    if step is not None:
        text += (
            f" The orange outline x[:, {step}, :] crosses all {B} sequences: time step {step} of "
            f"every sequence, shape ({B}, {F}), what the recurrent layer reads at that step."
        )
    return text


class _Cube:
    """The faces of the cube, drawn in an oblique projection of the batch axis."""

    DX, DY = 0.5, 0.4  # one sequence per step back

    def __init__(self, ax, B, T, F, highlight):
        self.ax, self.B, self.T, self.F, self.highlight = ax, B, T, F, highlight

    def face(self, i, corners):
        from matplotlib.patches import Polygon

        on = i == self.highlight
        color = COLORS["highlight"] if on else COLORS["input"]
        self.ax.add_patch(
            Polygon(
                corners,
                closed=True,
                facecolor=color,
                alpha=0.85 if on else 0.3,
                edgecolor="white",
                linewidth=0.8,
            )
        )

    def outline(self, corners):
        from matplotlib.patches import Polygon

        self.ax.add_patch(
            Polygon(
                corners,
                closed=True,
                facecolor="none",
                edgecolor=COLORS["target"],
                linewidth=2.0,
                zorder=3,
            )
        )

    def draw(self, step):
        """Top, right and front faces, the step outline and the pulled-out slice; the right edge."""
        B, T, F, dx, dy = self.B, self.T, self.F, self.DX, self.DY
        for i in reversed(range(B)):  # top faces, back to front
            for t in range(T):
                corners = [
                    (t + i * dx, F + i * dy),
                    (t + 1 + i * dx, F + i * dy),
                    (t + 1 + (i + 1) * dx, F + (i + 1) * dy),
                    (t + (i + 1) * dx, F + (i + 1) * dy),
                ]
                self.face(i, corners)
                if t == step:
                    self.outline(corners)
        for i in reversed(range(B)):  # right faces
            for f in range(F):
                self.face(
                    i,
                    [
                        (T + i * dx, f + i * dy),
                        (T + (i + 1) * dx, f + (i + 1) * dy),
                        (T + (i + 1) * dx, f + 1 + (i + 1) * dy),
                        (T + i * dx, f + 1 + i * dy),
                    ],
                )
        for t in range(T):  # front face: sequence 0
            for f in range(F):
                self.face(0, [(t, f), (t + 1, f), (t + 1, f + 1), (t, f + 1)])
            if t == step:
                self.outline([(t, 0), (t + 1, 0), (t + 1, F), (t, F)])
        self.ax.annotate(
            "",
            xy=(T + B * dx + 0.1, B * dy - 0.05),
            xytext=(T + 0.1, -0.05),
            arrowprops={"arrowstyle": "->", "color": "black"},
        )
        self.ax.text(
            T + B * dx / 2 + 0.35, B * dy / 2 - 0.35, f"batch_size = {B}\n(axis 0)", fontsize=8
        )
        return self.pull_out(T + B * dx)

    def pull_out(self, right):
        """The highlighted sequence drawn apart on the right; returns the new right edge."""
        if self.highlight is None:
            return right
        T, F, h = self.T, self.F, self.highlight
        left = right + 2.2
        for t in range(T):
            for f in range(F):
                self.face(
                    h, [(left + t, f), (left + t + 1, f), (left + t + 1, f + 1), (left + t, f + 1)]
                )
        self.ax.text(
            left + T / 2,
            F + 0.25,
            f"x[{h}]: shape ({T}, {F})",
            ha="center",
            fontsize=9,
            color=COLORS["highlight"],
        )
        self.ax.annotate(
            "",
            xy=(left - 0.15, F / 2),
            xytext=(right + 0.25, F / 2 + h * self.DY),
            arrowprops={"arrowstyle": "->", "color": COLORS["highlight"]},
        )
        return left + T
