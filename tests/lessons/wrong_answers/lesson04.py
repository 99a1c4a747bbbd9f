"""Named wrong answers of lesson 04 (04_lstm_input_shape): the misconceptions its autograder rejects,
and right answers written another way, which must score full marks."""

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
    "from_logits=True on the sigmoid output": wrong(
        build_stacked_lstm="""
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.LSTM(units[0], return_sequences=True)(inputs)
                x = keras.layers.LSTM(units[1])(x)
                model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
                model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
                return model
        """,
    ),
}

RIGHT_ANSWERS = {
    "counted by Keras; Sequential with an Activation layer and loss objects; batch_size= on the Input": wrong(
        lstm_param_count="""
            def lstm_param_count(num_features, units):
                layer = keras.layers.LSTM(units)
                layer.build((None, None, num_features))
                return int(layer.count_params())
        """,
        build_stacked_lstm="""
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                model = keras.Sequential([
                    keras.Input(shape=(timesteps, num_features)),
                    keras.layers.LSTM(units[0], return_sequences=True),
                    keras.layers.LSTM(units[1]),
                    keras.layers.Dense(1),
                    keras.layers.Activation("sigmoid"),
                ])
                model.compile(optimizer=keras.optimizers.RMSprop(), loss=keras.losses.BinaryCrossentropy())
                return model
        """,
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                table = np.array(table)
                if len(table.shape) != 2:
                    raise ValueError(f"expected a 2-D table, got {len(table.shape)} axes")
                if table.shape[1] % num_features:
                    raise ValueError(f"{table.shape[1]} columns are not a whole number of time steps of num_features={num_features}")
                return np.reshape(table, (table.shape[0], -1, num_features))
        """,
        repair_flat_input="""
            def repair_flat_input(timesteps, num_features):
                return keras.Sequential([keras.Input(shape=(timesteps, num_features)), keras.layers.LSTM(8), keras.layers.Dense(1)])
        """,
        repair_stateful="""
            def repair_stateful(batch_size, timesteps, num_features):
                inputs = keras.Input(shape=(timesteps, num_features), batch_size=batch_size)
                return keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(8, stateful=True)(inputs)))
        """,
        repair_feature_count="""
            def repair_feature_count(X, y):
                inputs = keras.Input(shape=(X.shape[1], X.shape[2]))
                model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(6)(inputs)))
                model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
                model.fit(x=X, y=y, batch_size=10, epochs=1, verbose=0)
                return model
        """,
    ),
    "the formula factored; a loss function, not a string; a Sequential stateful model": wrong(
        lstm_param_count="""
            def lstm_param_count(num_features, units):
                return 4 * units * (num_features + units + 1)
        """,
        build_stacked_lstm="""
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                first, second = units
                sequence = keras.Input((timesteps, num_features))
                every_step = keras.layers.LSTM(first, return_sequences=True)(sequence)
                summary = keras.layers.LSTM(second)(every_step)
                model = keras.Model(inputs=sequence, outputs=keras.layers.Dense(1, activation=keras.activations.sigmoid)(summary))
                model.compile(optimizer="sgd", loss=keras.losses.binary_crossentropy)
                return model
        """,
        to_lstm_input="""
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                if table.ndim != 2:
                    raise ValueError("table must be 2-D")
                rows, columns = table.shape
                if columns % num_features != 0:
                    raise ValueError(f"num_features={num_features} does not divide {columns} columns")
                steps = columns // num_features
                return np.stack([table[:, t * num_features:(t + 1) * num_features] for t in range(steps)], axis=1)
        """,
        repair_stateful="""
            def repair_stateful(batch_size, timesteps, num_features):
                return keras.Sequential([
                    keras.Input(batch_shape=(batch_size, timesteps, num_features)),
                    keras.layers.LSTM(8, stateful=True),
                    keras.layers.Dense(1),
                ])
        """,
        repair_feature_count="""
            def repair_feature_count(X, y):
                model = keras.Sequential([keras.Input(shape=np.shape(X)[1:]), keras.layers.LSTM(6), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss=keras.losses.mean_squared_error)
                model.fit(X, y, batch_size=10, epochs=1, verbose=0)
                return model
        """,
    ),
}
