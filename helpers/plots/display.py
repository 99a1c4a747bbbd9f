"""Show a figure as an image with alternative text: what it shows, in words.

A lesson shows every figure with :func:`show`, never ``plt.show()``: the figure then carries its
alternative text into JupyterLab, the notebook file, the feedback pages and the course site.
A schematic (a drawing of shapes, batches or windows) writes its own text with :func:`describe`,
from the same numbers it draws; :func:`show` reads it back, so the lesson need not repeat it.
"""

import weakref

__all__ = ["MIN_ALT_WORDS", "alt_text", "describe", "show"]

#: the shortest alternative text :func:`show` accepts, in words
MIN_ALT_WORDS = 8

_DESCRIPTIONS = weakref.WeakKeyDictionary()  # Axes -> what the schematic on it shows


def describe(ax, text):
    """Record what the figure drawn on ``ax`` shows (its function calls this as it draws).

    Args:
        ax: the matplotlib Axes drawn on.
        text: one or more sentences; whitespace runs are joined into one space.

    Returns:
        matplotlib.axes.Axes: ``ax``.
    """
    _DESCRIPTIONS[ax] = " ".join(str(text).split())
    return ax


def alt_text(fig=None):
    """The text the schematics drawn on ``fig`` recorded with :func:`describe`, axes in order.

    Args:
        fig: a matplotlib Figure (all its Axes), an Axes (that one), or None (the current figure).

    Returns:
        str: the recorded sentences joined by spaces, or ``""`` when nothing was recorded.
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    axes = [fig] if isinstance(fig, Axes) else (plt.gcf() if fig is None else fig).axes
    return " ".join(_DESCRIPTIONS[ax] for ax in axes if ax in _DESCRIPTIONS)


def _full_text(fig, alt):
    """The alternative text of ``fig``: what its schematics recorded, then ``alt``."""
    recorded = alt_text(fig)
    if alt is None and not recorded:
        raise TypeError(
            "alt must be a string that says what the figure shows; got NoneType "
            "(only a schematic of helpers.plots writes its own)"
        )
    if alt is not None and not isinstance(alt, str):
        raise TypeError(
            f"alt must be a string that says what the figure shows; got {type(alt).__name__}"
        )
    text = " ".join(f"{recorded} {alt or ''}".split())
    if len(text.split()) < MIN_ALT_WORDS:
        raise ValueError(
            f"alt must say what the figure shows in at least {MIN_ALT_WORDS} words; "
            f"got {len(text.split())}: {text!r}"
        )
    return text


def show(fig=None, *, alt=None):
    """Show a figure as an image with alternative text, and close it.

    The output is an HTML ``<img>`` with ``alt`` (JupyterLab, nbconvert and the course site
    render it; a screen reader reads the text), plus the text alone for plain-text viewers;
    the notebook keeps both, and ``alt`` also in the output's metadata.

    Args:
        fig: a ``matplotlib`` Figure or Axes (default: the current figure).
        alt: what the figure shows, in one or more sentences: the kind of plot, its axes and
            what the reader should see in it (not only its title). Schematics of this package
            write their own text (:func:`alt_text`); ``alt`` then adds to it, or is None.
            The whole text has at least :data:`MIN_ALT_WORDS` words.

    Returns:
        None

    Raises:
        TypeError: when ``alt`` is not a string, or None for a figure that wrote no text.
        ValueError: when the text has fewer than :data:`MIN_ALT_WORDS` words.
    """
    import base64
    import html
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = plt.gcf() if fig is None else getattr(fig, "figure", fig)
    text = _full_text(fig, alt)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    image = f'<img src="data:image/png;base64,{data}" alt="{html.escape(text, quote=True)}"/>'
    display(
        {"text/html": image, "text/plain": f"[figure] {text}"},
        metadata={"text/html": {"alt": text}},
        raw=True,
    )
