"""Named wrong answers of lesson 07 (07_forecasting_a_real_series): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "07_forecasting_a_real_series"

WRONG_ANSWERS = {
    # Shuffle before splitting (leakage); Dense(1) straight on the 3-D window (one output per
    # time step); the Normalization layer adapted on every window, test ones included.
    "shuffled split; Dense without Flatten; statistics from all windows": wrong(
        chronological_split="""
            def chronological_split(X, y, fractions):
                order = np.random.default_rng(0).permutation(len(X))
                X, y = X[order], y[order]
                num_train = int(fractions[0] * len(X))
                end_val = num_train + int(fractions[1] * len(X))
                return (X[:num_train], y[:num_train]), (X[num_train:end_val], y[num_train:end_val]), (X[end_val:], y[end_val:])
        """,
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X)
                normalize = keras.layers.Normalization(axis=-1)
                normalize.adapt(X)
                model = keras.Sequential([keras.Input(shape=X.shape[1:]), normalize,
                                          keras.layers.LSTM(units), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
    ),
    # Validation taken from inside the training set; only the last lag reaches the Dense layer;
    # one mean and variance for all features (axis=None).
    "train overlaps validation; last lag only; axis=None": wrong(
        chronological_split="""
            def chronological_split(X, y, fractions):
                num_train = int(fractions[0] * len(X))
                end_val = num_train + int(fractions[1] * len(X))
                return (X[:end_val], y[:end_val]), (X[num_train:end_val], y[num_train:end_val]), (X[end_val:], y[end_val:])
        """,
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)),
                                          keras.layers.Cropping1D((time_step - 1, 0)),
                                          keras.layers.Flatten(), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X)
                normalize = keras.layers.Normalization(axis=None)
                normalize.adapt(X[:num_train])
                model = keras.Sequential([keras.Input(shape=X.shape[1:]), normalize,
                                          keras.layers.LSTM(units), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
    ),
    # A ReLU output (cannot go below 0); no normalization at all, and an LSTM that returns
    # every step.
    "ReLU output; no Normalization and return_sequences=True": wrong(
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)), keras.layers.Flatten(),
                                          keras.layers.Dense(1, activation="relu")])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X)
                model = keras.Sequential([keras.Input(shape=X.shape[1:]),
                                          keras.layers.LSTM(units, return_sequences=True), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
                return model
        """,
    ),
    # The learning rate argument ignored (Adam's default 0.001) and a mean absolute error.
    "learning rate ignored, mae loss": wrong(
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)), keras.layers.Flatten(),
                                          keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mae")
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X)
                normalize = keras.layers.Normalization(axis=-1)
                normalize.adapt(X[:num_train])
                model = keras.Sequential([keras.Input(shape=X.shape[1:]), normalize,
                                          keras.layers.LSTM(units), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mae")
                return model
        """,
    ),
}

RIGHT_ANSWERS = {
    # np.split at the two cut points; the Functional API with Reshape and the loss spelled out; the
    # Functional API with Normalization(axis=2) and a MeanSquaredError object.
    "np.split; Functional Reshape -> Dense; Functional LSTM with a loss object": wrong(
        chronological_split="""
            def chronological_split(X, y, fractions):
                num_train = int(fractions[0] * len(X))
                cuts = [num_train, num_train + int(fractions[1] * len(X))]
                return tuple(zip(np.split(np.asarray(X), cuts), np.split(np.asarray(y), cuts)))
        """,
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                inputs = keras.Input(shape=(time_step, num_features))
                flat = keras.layers.Reshape((time_step * num_features,))(inputs)
                model = keras.Model(inputs, keras.layers.Dense(1)(flat))
                model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mean_squared_error")
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X, dtype="float32")
                inputs = keras.Input(shape=X.shape[1:])
                normalize = keras.layers.Normalization(axis=2)
                normalize.adapt(X[:num_train])
                summary = keras.layers.LSTM(units)(normalize(inputs))
                model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1)(summary))
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=keras.losses.MeanSquaredError())
                return model
        """,
    ),
    # Plain Python slices of lists; a Conv1D whose kernel spans the whole window; the statistics
    # computed with NumPy and handed to Normalization, and the loss as a function.
    "list slices; Conv1D over the whole window; Normalization from NumPy statistics": wrong(
        chronological_split="""
            def chronological_split(X, y, fractions):
                a = int(fractions[0] * len(X))
                b = a + int(fractions[1] * len(X))
                return [(X[lo:hi], y[lo:hi]) for lo, hi in ((0, a), (a, b), (b, len(X)))]
        """,
        build_linear_autoregression="""
            def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
                model = keras.Sequential([keras.Input(shape=(time_step, num_features)),
                                          keras.layers.Conv1D(1, kernel_size=time_step), keras.layers.Flatten()])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=keras.losses.MeanSquaredError())
                return model
        """,
        build_normalized_lstm="""
            def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
                X = np.asarray(X, dtype="float32")
                rows = X[:num_train].reshape(-1, X.shape[-1])
                model = keras.Sequential([
                    keras.Input(shape=X.shape[1:]),
                    keras.layers.Normalization(axis=-1, mean=rows.mean(axis=0), variance=rows.var(axis=0)),
                    keras.layers.LSTM(units),
                    keras.layers.Dense(4, activation="tanh"),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=keras.losses.mean_squared_error)
                return model
        """,
    ),
}
