"""Named wrong answers of lesson 06 (06_sliding_windows): the misconceptions its autograder rejects,
and right answers written another way, which must score full marks."""

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

WRONG_ANSWERS |= {
    # The targets squashed into (0, 1): a sigmoid head, with the loss spelled out in full.
    "sigmoid head on measurements": wrong(
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                inputs = keras.Input(shape=(time_step, num_features))
                outputs = keras.layers.Dense(num_targets, activation="sigmoid")(keras.layers.LSTM(units)(inputs))
                model = keras.Model(inputs, outputs)
                model.compile(optimizer="adam", loss="mean_squared_error")
                return model
        """,
    ),
}

RIGHT_ANSWERS = {
    # sliding_window_view with the window axis moved back; windows and targets sliced in NumPy
    # and batched with from_tensor_slices; the Functional API, a hidden Dense layer, objects.
    "sliding_window_view + moveaxis; from_tensor_slices; Functional, loss object": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                views = np.lib.stride_tricks.sliding_window_view(np.asarray(data), time_step, axis=0)
                return np.ascontiguousarray(np.moveaxis(views[::stride], -1, 1))
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                count = len(data) - time_step - horizon + 1
                X = np.stack([data[i:i + time_step] for i in range(count)])
                y = data[time_step - 1 + horizon:, target_column]
                return tf.data.Dataset.from_tensor_slices((X, y)).batch(batch_size)
        """,
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                windows = keras.Input(shape=(time_step, num_features))
                summary = keras.layers.LSTM(units)(windows)
                hidden = keras.layers.Dense(16, activation="tanh")(summary)
                model = keras.Model(inputs=windows, outputs=keras.layers.Dense(num_targets)(hidden))
                model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss=keras.losses.MeanSquaredError())
                return model
        """,
    ),
    # A Python loop over the starts; windows from timeseries_dataset_from_array zipped with a
    # batched target dataset; Sequential, loss="mean_squared_error", an explicit linear head.
    "loop of slices; tsdfa zipped with targets; Sequential, full loss name": wrong(
        make_windows="""
            def make_windows(data, time_step, stride=1):
                windows = []
                start = 0
                while start + time_step <= len(data):
                    windows.append(data[start:start + time_step])
                    start += stride
                return np.array(windows, dtype=np.asarray(data).dtype)
        """,
        make_forecast_dataset="""
            def make_forecast_dataset(data, target_column, time_step, horizon=1, batch_size=32):
                data = np.asarray(data)
                windows = keras.utils.timeseries_dataset_from_array(
                    data[:len(data) - horizon], None, sequence_length=time_step, batch_size=batch_size)
                targets = tf.data.Dataset.from_tensor_slices(data[time_step - 1 + horizon:, target_column]).batch(batch_size)
                return tf.data.Dataset.zip((windows, targets))
        """,
        build_multi_output_lstm="""
            def build_multi_output_lstm(time_step, num_features, num_targets, units=8):
                model = keras.Sequential()
                model.add(keras.Input(shape=(time_step, num_features)))
                model.add(keras.layers.LSTM(units=units))
                model.add(keras.layers.Dense(units=num_targets, activation="linear"))
                model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
                return model
        """,
    ),
}
