"""Named wrong answers of lesson 06 (06_sliding_windows): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "06_sliding_windows"

WRONG_ANSWERS = {
    # The "1-10, 11-20, 21-30" reading the seed itself warns about: 30 rows -> 6 windows.
    "non-overlapping windows, num_rows // time_step": wrong(
        count_windows="""
            def count_windows(num_rows, time_step, stride=1):
                return num_rows // time_step
        """,
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                num_windows = len(data) // time_step
                return data[:num_windows * time_step].reshape(num_windows, time_step, data.shape[1])
        """,
    ),
    # Off by one: 30 - 5 = 25 start rows, the window ending on the last row is lost.
    "off by one, num_rows - time_step windows": wrong(
        count_windows="""
            def count_windows(num_rows, time_step, stride=1):
                return max(0, (num_rows - time_step) // stride)
        """,
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                return np.stack([data[s:s + time_step] for s in range(0, len(data) - time_step, stride)])
        """,
    ),
    # The stride argument accepted but ignored (every window starts one row after the last).
    "stride ignored": wrong(
        count_windows="""
            def count_windows(num_rows, time_step, stride=1):
                return max(0, num_rows - time_step + 1)
        """,
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                return np.stack([data[s:s + time_step] for s in range(len(data) - time_step + 1)])
        """,
    ),
    # Leaking the future twice: the target is the window's own last row (so all 26 windows
    # "have" one), and the windows are shuffled before the split.
    "target on the window's last row; shuffled split": wrong(
        make_supervised="""
            def make_supervised(data, target_column, time_step, horizon=1):
                data = np.asarray(data)
                num_samples = len(data) - time_step - horizon + 2
                X = np.stack([data[i:i + time_step] for i in range(num_samples)])
                y = data[time_step - 2 + horizon:, target_column]
                return X, y
        """,
        chronological_split="""
            def chronological_split(X, y, fractions):
                order = np.random.default_rng(0).permutation(len(X))
                X, y = X[order], y[order]
                num_train = int(fractions[0] * len(X))
                end_val = num_train + int(fractions[1] * len(X))
                return (X[:num_train], y[:num_train]), (X[num_train:end_val], y[num_train:end_val]), (X[end_val:], y[end_val:])
        """,
    ),
    # Always the next row whatever the horizon; validation taken from inside the training set.
    "horizon ignored; training set overlaps validation": wrong(
        make_supervised="""
            def make_supervised(data, target_column, time_step, horizon=1):
                data = np.asarray(data)
                num_samples = len(data) - time_step
                X = np.stack([data[i:i + time_step] for i in range(num_samples)])
                y = data[time_step:, target_column]
                return X, y
        """,
        chronological_split="""
            def chronological_split(X, y, fractions):
                num_train = int(fractions[0] * len(X))
                end_val = num_train + int(fractions[1] * len(X))
                return (X[:end_val], y[:end_val]), (X[num_train:end_val], y[num_train:end_val]), (X[end_val:], y[end_val:])
        """,
    ),
}
