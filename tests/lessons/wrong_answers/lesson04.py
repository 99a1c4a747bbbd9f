"""Named wrong answers of lesson 04 (04_lstm_input_shape): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "04_lstm_input_shape"

_STACKED = """
    def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
        inputs = keras.Input(shape={shape}{batch})
        x = keras.layers.LSTM(units[{first}], return_sequences={rs_first})(inputs)
        x = keras.layers.LSTM(units[{second}], return_sequences={rs_second})(x)
        outputs = keras.layers.Dense(1{activation})(x)
        model = keras.Model(inputs, outputs)
        model.compile(loss="{loss}")
        return model
"""


def _stacked(
    shape="(timesteps, num_features)",
    batch="",
    first=0,
    second=1,
    rs_first=True,
    rs_second=False,
    activation=', activation="sigmoid"',
    loss="binary_crossentropy",
):
    return _STACKED.format(
        shape=shape,
        batch=batch,
        first=first,
        second=second,
        rs_first=rs_first,
        rs_second=rs_second,
        activation=activation,
        loss=loss,
    )


_FLAT = """
    def repair_flat_input(timesteps, num_features):
        inputs = keras.Input(shape={shape})
        x = keras.layers.{layer}(8)(inputs)
        return keras.Model(inputs, keras.layers.Dense(1)(x))
"""

_STATEFUL = """
    def repair_stateful(batch_size, timesteps, num_features):
        inputs = keras.Input({input_args})
        x = keras.layers.LSTM(8, stateful={stateful})(inputs)
        return keras.Model(inputs, keras.layers.Dense(1)(x))
"""

_FEATURES = """
    def repair_feature_count(X, y):
        X = np.asarray(X)
        {data}
        model = keras.Sequential([
            keras.Input(shape=X.shape[1:]),
            keras.layers.LSTM(6),
            keras.layers.Dense(1),
        ])
        model.compile(optimizer="adam", loss="mse")
        {fit}
        return model
"""

WRONG_ANSWERS = {
    "forgets the 4 gates; LSTM replaced by Dense in model 1; features laid out as time steps in model 3": wrong(
        lstm_param_count="""
            def lstm_param_count(num_features, units):
                return units * (num_features + units) + units
        """,
        repair_flat_input=_FLAT.format(shape="(timesteps * num_features,)", layer="Dense"),
        repair_feature_count=_FEATURES.format(
            data="X = X.reshape(X.shape[0], -1, 1)",
            fit="model.fit(X, y, batch_size=10, epochs=1, verbose=0)",
        ),
    ),
    "forgets the recurrent weights; stateful with Input(shape=...); keeps only the first feature": wrong(
        lstm_param_count="""
            def lstm_param_count(num_features, units):
                return 4 * (num_features * units + units)
        """,
        repair_stateful=_STATEFUL.format(
            input_args="shape=(timesteps, num_features)", stateful=True
        ),
        repair_feature_count=_FEATURES.format(
            data="X = X[..., :1]", fit="model.fit(X, y, batch_size=10, epochs=1, verbose=0)"
        ),
    ),
    "forgets the bias; ignores num_features in to_lstm_input; (num_features, timesteps) in model 1": wrong(
        lstm_param_count="""
            def lstm_param_count(num_features, units):
                return 4 * units * (num_features + units)
        """,
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                return np.asarray(table)[..., None]
        """,
        repair_flat_input=_FLAT.format(shape="(num_features, timesteps)", layer="LSTM"),
    ),
    "batch axis put into Input(shape=...); (num_samples, num_features, timesteps); stateful=True dropped": wrong(
        build_stacked_lstm=_stacked(shape="(None, timesteps, num_features)"),
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                return table.reshape(table.shape[0], num_features, -1)
        """,
        repair_stateful=_STATEFUL.format(
            input_args="shape=(timesteps, num_features)", stateful=False
        ),
    ),
    "return_sequences missing on the first LSTM; numpy's own reshape error; model 3 not trained": wrong(
        build_stacked_lstm=_stacked(rs_first=False),
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                return table.reshape(table.shape[0], -1, num_features)
        """,
        repair_feature_count=_FEATURES.format(data="pass", fit="pass"),
    ),
    "batch size fixed at 10 in the input; batch_shape with a None batch axis": wrong(
        build_stacked_lstm=_stacked(batch=", batch_size=10"),
        repair_stateful=_STATEFUL.format(
            input_args="batch_shape=(None, timesteps, num_features)", stateful=True
        ),
    ),
    "return_sequences=True on both LSTMs; drops leftover columns; every value its own time step in model 1": wrong(
        build_stacked_lstm=_stacked(rs_second=True),
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                timesteps = table.shape[1] // num_features
                return table[:, :timesteps * num_features].reshape(table.shape[0], timesteps, num_features)
        """,
        repair_flat_input=_FLAT.format(shape="(timesteps * num_features, 1)", layer="LSTM"),
    ),
    "a regression head: no sigmoid, loss mse": wrong(
        build_stacked_lstm=_stacked(activation="", loss="mse"),
    ),
}
