"""Named wrong answers of lesson 06 (06_sliding_windows): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "06_sliding_windows"

WRONG_ANSWERS = {
    # The "1-10, 11-20, 21-30" reading the question itself warns about: 30 rows -> 6 windows;
    # the docstring idiom of timeseries_dataset_from_array, which drops time_step - 1 windows;
    # a Dense(1) head for the question's 3 outputs.
    "non-overlapping windows; docstring idiom; Dense(1) head": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                num_windows = len(data) // time_step
                return data[:num_windows * time_step].reshape(num_windows, time_step, data.shape[1])
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                return keras.utils.timeseries_dataset_from_array(
                    data[:-time_step], data[time_step - 1 + horizon:, target_column],
                    sequence_length=time_step, batch_size=batch_size)
        """,
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)),
                                          keras.layers.LSTM(units), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # Off by one (30 - 5 = 25 windows); the target on the window's own last row (leakage:
    # all 26 windows "have" one); return_sequences=True (one 3-vector per time step).
    "off by one; target inside the window; return_sequences=True": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                return np.stack([data[s:s + time_step] for s in range(0, len(data) - time_step, stride)])
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                return keras.utils.timeseries_dataset_from_array(
                    data, data[time_step - 2 + horizon:, target_column],
                    sequence_length=time_step, batch_size=batch_size)
        """,
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)),
                                          keras.layers.LSTM(units, return_sequences=True),
                                          keras.layers.Dense(num_targets)])
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # sliding_window_view without moving the window axis: (26, 7, 5); shuffled windows.
    "sliding_window_view axes; shuffle=True": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                return np.lib.stride_tricks.sliding_window_view(np.asarray(data), time_step, axis=0)[::stride]
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                return keras.utils.timeseries_dataset_from_array(
                    data[:-horizon], data[time_step - 1 + horizon:, target_column],
                    sequence_length=time_step, batch_size=batch_size, shuffle=True, seed=0)
        """,
    ),
    # The stride ignored; the horizon ignored (always the next row); predictors and targets
    # swapped in the 8 -> 3 model.
    "stride ignored; horizon ignored; inputs and outputs swapped": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                data = np.asarray(data)
                return np.stack([data[s:s + time_step] for s in range(len(data) - time_step + 1)])
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                return keras.utils.timeseries_dataset_from_array(
                    data[:-1], data[time_step:, target_column],
                    sequence_length=time_step, batch_size=batch_size)
        """,
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                model = keras.Sequential([keras.Input(shape=(time_step, num_targets)),
                                          keras.layers.LSTM(units), keras.layers.Dense(num_features)])
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # The 3 outputs read as classes: a softmax head, trained with a mean absolute error.
    "softmax head and mae loss": wrong(
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)),
                                          keras.layers.LSTM(units),
                                          keras.layers.Dense(num_targets, activation="softmax")])
                model.compile(optimizer="adam", loss="mae")
                return model
        """,
    ),
}
