"""Named wrong answers of lesson 07 (07_forecasting_a_real_series): the misconceptions its autograder rejects."""

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
