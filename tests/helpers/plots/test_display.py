"""helpers.plots.display: a figure shown as an image with its alternative text."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402


def _shown(monkeypatch, **kwargs):
    """What plots.show displays: (bundle, metadata)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda data, metadata=None, raw=False: shown.append((data, metadata, raw)),
    )
    plots.show(**kwargs)
    assert len(shown) == 1 and shown[0][2] is True
    return shown[0][0], shown[0][1]


def test_show_displays_an_image_with_its_alt_text_and_closes_the_figure(monkeypatch):
    import base64
    import re

    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], label="loss")
    alt = 'Line chart of "loss" <falling> over three epochs, from 1 to 3.'
    bundle, metadata = _shown(monkeypatch, fig=ax, alt=alt)
    img = re.fullmatch(
        r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"/>', bundle["text/html"]
    )
    assert img, bundle["text/html"][:80]
    assert base64.b64decode(img.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        img.group(2)
        == "Line chart of &quot;loss&quot; &lt;falling&gt; over three epochs, from 1 to 3."
    )
    assert metadata == {"text/html": {"alt": alt}}
    assert bundle["text/plain"] == f"[figure] {alt}"
    assert not plt.fignum_exists(fig.number)


def test_show_uses_the_current_figure_and_joins_the_lines_of_alt(monkeypatch):
    fig, _ = plt.subplots()
    _, metadata = _shown(
        monkeypatch, alt="Bar chart of the\n   updates per epoch for four batch sizes."
    )
    assert (
        metadata["text/html"]["alt"] == "Bar chart of the updates per epoch for four batch sizes."
    )
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize(
    "alt, error, match",
    [
        ("", ValueError, "at least 8 words; got 0"),
        ("Loss curve.", ValueError, "at least 8 words; got 2: 'Loss curve.'"),
        (None, TypeError, "alt must be a string that says what the figure shows; got NoneType"),
    ],
)
def test_show_refuses_a_figure_without_real_alt_text(monkeypatch, alt, error, match):
    plt.subplots()
    with pytest.raises(error, match=re.escape(match)):
        _shown(monkeypatch, alt=alt)
    plt.close("all")


def test_a_schematic_writes_its_own_alt_text_and_alt_adds_to_it(monkeypatch):
    ax = plots.plot_batches_table(num_samples=12, batch_size=4)
    recorded = plots.alt_text(ax)
    assert "12 rows" in recorded and "3 bands of batch_size=4" in recorded
    _, metadata = _shown(monkeypatch, fig=ax)
    assert metadata["text/html"]["alt"] == recorded
    ax = plots.plot_batches_table(num_samples=12, batch_size=4)
    _, metadata = _shown(monkeypatch, fig=ax.figure, alt="  The three   bands are equal.")
    assert metadata["text/html"]["alt"] == recorded + " The three bands are equal."


def test_alt_text_joins_the_schematics_of_a_figure_in_axes_order():
    fig, (left, middle, right) = plt.subplots(1, 3)
    plots.plot_sequence_cube(2, 3, 1, ax=right)
    middle.plot([1, 2])  # a plain chart writes nothing
    plots.plot_batches_table(num_samples=6, batch_size=3, ax=left)
    first, second = plots.alt_text(left), plots.alt_text(right)
    assert first.startswith("A table of 6 rows") and second.startswith("Drawing of one batch")
    assert plots.alt_text(fig) == f"{first} {second}"
    plt.subplots()
    assert plots.alt_text() == ""
    plt.close("all")
