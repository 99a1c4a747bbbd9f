"""Figures for the lessons: one course style, schematics, data charts, and :func:`show`.

Every plotting function takes ``ax=None`` (a new figure is made when it is None), returns
the ``matplotlib`` Axes, and labels its axes, title and legend. Nothing is changed at import
time: call :func:`use_course_style` in a lesson's setup cell. A lesson shows every figure with
:func:`show`, never ``plt.show()``: the figure then carries its alternative text (what it
shows, in words) into JupyterLab, the notebook file, the feedback pages and the course site.

- :mod:`.style`      -- :data:`COLORS` and :func:`use_course_style`.
- :mod:`.display`    -- :func:`show` (a figure as an image with its alternative text).
- :mod:`.schematics` -- drawings of shapes and batches, which write their own alternative text.
- :mod:`.windows`    -- drawings of windows cut from one series, which write their own as well.
- :mod:`.charts`     -- charts of measured data; the lesson says in ``alt`` what they show.
"""

from .charts import (
    plot_against_batch_size,
    plot_descent_paths,
    plot_forecast,
    plot_padding_cost,
    plot_seed_curves,
    plot_split_series,
)
from .display import MIN_ALT_WORDS, alt_text, show
from .schematics import plot_batches_table, plot_sequence_cube
from .style import COLORS, use_course_style
from .windows import plot_sliding_windows, plot_tbptt_layout

__all__ = [
    "COLORS",
    "MIN_ALT_WORDS",
    "alt_text",
    "plot_against_batch_size",
    "plot_batches_table",
    "plot_descent_paths",
    "plot_forecast",
    "plot_padding_cost",
    "plot_seed_curves",
    "plot_sequence_cube",
    "plot_sliding_windows",
    "plot_split_series",
    "plot_tbptt_layout",
    "show",
    "use_course_style",
]
