"""The course's figure style: one size, grid and font set, and one colour per role."""

import matplotlib

__all__ = ["COLORS", "new_axes", "use_course_style"]

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


def use_course_style() -> None:
    """Apply the course's matplotlib style (size, grid, fonts) for the rest of the session.

    Returns:
        None (the style is in ``matplotlib.rcParams``).
    """
    matplotlib.rcParams.update(_STYLE)


def new_axes(ax=None, figsize=None):
    """Return ``ax``, or the Axes of a new figure when ``ax`` is None.

    Args:
        ax: a matplotlib Axes to draw on, or None.
        figsize: the size of the new figure in inches (None: the style's size).

    Returns:
        matplotlib.axes.Axes
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax
