"""Small, seeded data sets for the lessons (generated; nothing is downloaded).

Every function takes a ``seed`` and returns the same arrays for the same arguments.
"""

import numpy as np

from .shapes import require_positive_int

__all__ = ["load_macrodata", "load_sunspots", "make_table", "make_variable_length_sequences"]


def make_table(num_samples=50, num_features=3, seed=0, noise=0.1):
    """The table of question 000: ``num_features`` input columns and one output column.

    The output is a fixed linear function of the inputs plus Gaussian noise, so a small
    model can learn it.

    Args:
        num_samples: rows of the table (samples), >= 1.
        num_features: input columns, >= 1.
        seed: seed of the random generator.
        noise: standard deviation of the noise added to the output column.

    Returns:
        tuple: ``(X, y)``, float32 arrays of shapes ``(num_samples, num_features)`` and
        ``(num_samples, 1)``.

    Raises:
        TypeError, ValueError: when a size is not a positive int.
    """
    num_samples = require_positive_int(num_samples, "num_samples")
    num_features = require_positive_int(num_features, "num_features")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(num_samples, num_features))
    true_weights = np.linspace(1.0, -1.0, num_features)
    y = X @ true_weights + 0.5 + noise * rng.normal(size=num_samples)
    return X.astype("float32"), y.reshape(-1, 1).astype("float32")


def make_variable_length_sequences(num_samples=500, min_len=5, max_len=50, num_features=1, seed=0):
    """Sequences of different lengths, as a Python list (question 003's variable-length input).

    Sequence ``i`` has a length drawn uniformly from ``min_len .. max_len`` (both included) and
    values drawn around an offset of its own (uniform in [-1, 1]), so "predict the mean of the
    sequence" is a task a small LSTM can learn. No value is exactly ``0.0``: a time step of real
    data is never mistaken for padding by ``keras.layers.Masking(mask_value=0.0)``.

    Args:
        num_samples: how many sequences, >= 1.
        min_len: the shortest length (timesteps), >= 1.
        max_len: the longest length (timesteps), >= min_len.
        num_features: size of the last axis of every sequence, >= 1.
        seed: seed of the random generator.

    Returns:
        list: ``num_samples`` float32 arrays; array ``i`` has shape ``(timesteps_i, num_features)``
        with ``min_len <= timesteps_i <= max_len``. They cannot be stacked into one array.

    Raises:
        TypeError: when a size is not an int.
        ValueError: when a size is < 1 or ``min_len > max_len``.
    """
    num_samples = require_positive_int(num_samples, "num_samples")
    min_len = require_positive_int(min_len, "min_len")
    max_len = require_positive_int(max_len, "max_len")
    num_features = require_positive_int(num_features, "num_features")
    if min_len > max_len:
        raise ValueError(f"min_len must be <= max_len; got min_len={min_len}, max_len={max_len}")
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_len, max_len + 1, size=num_samples)
    offsets = rng.uniform(-1.0, 1.0, size=num_samples)
    sequences = []
    for length, offset in zip(lengths, offsets):
        x = rng.normal(loc=offset, scale=0.5, size=(int(length), num_features)).astype("float32")
        x[x == 0.0] = np.float32(1e-3)  # keep 0.0 free for padding
        sequences.append(x)
    return sequences


def load_sunspots():
    """Yearly mean sunspot numbers 1700-2008: a small, real, public-domain time series.

    Read from ``helpers/datasets/sunspots.csv``, which ships with the course (NOAA National
    Geophysical Data Center, via the statsmodels 0.15.0 wheel; see
    ``helpers/datasets/README.md``). Nothing is downloaded.

    Returns:
        tuple: ``(years, values)``: ``years`` an int64 array of shape ``(309,)`` (1700 ... 2008,
        one per year, increasing) and ``values`` a float32 array of shape ``(309,)``, the
        sunspot number of each year (``num_rows`` = 309, one feature).

    Raises:
        FileNotFoundError: when the CSV file is missing from the installed package.
    """
    from importlib import resources

    source = resources.files(__package__) / "datasets" / "sunspots.csv"
    with source.open("r", encoding="utf-8") as handle:
        table = np.loadtxt(handle, delimiter=",", skiprows=1, dtype=np.float64)
    years = table[:, 0].astype(np.int64)
    values = table[:, 1].astype(np.float32)
    return years, values


def load_macrodata():
    """Quarterly US macroeconomic data 1959Q1-2009Q3: a small, real, public-domain table.

    Read from ``helpers/datasets/macrodata.csv``, which ships with the course (FRED, Federal
    Reserve Bank of St. Louis, and the Bureau of Labor Statistics, compiled by Skipper Seabold,
    via the statsmodels 0.15.0 wheel; see ``helpers/datasets/README.md``). Nothing is downloaded.

    Returns:
        tuple: ``(quarters, columns, values)``: ``quarters`` a float64 array of shape ``(203,)``,
        the year plus ``(quarter - 1) / 4`` (1959.0, 1959.25, ... 2009.5, increasing);
        ``columns`` a tuple of the 12 column names (``"realgdp"``, ... ``"realint"``, without
        ``year`` and ``quarter``); ``values`` a float32 array of shape ``(203, 12)``, one row per
        quarter, one column per name (``num_rows`` = 203, 12 features).

    Raises:
        FileNotFoundError: when the CSV file is missing from the installed package.
    """
    from importlib import resources

    source = resources.files(__package__) / "datasets" / "macrodata.csv"
    with source.open("r", encoding="utf-8") as handle:
        header = handle.readline().strip().replace('"', "").split(",")
        table = np.loadtxt(handle, delimiter=",", dtype=np.float64)
    quarters = table[:, 0] + (table[:, 1] - 1) / 4
    return quarters, tuple(header[2:]), table[:, 2:].astype(np.float32)
