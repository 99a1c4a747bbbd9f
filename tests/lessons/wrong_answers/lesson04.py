"""Named wrong answers of lesson 04 (04_lstm_input_shape): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "04_lstm_input_shape"

WRONG_ANSWERS = {
    "forgets the 4 gates; keeps timesteps when return_sequences=False": wrong(
        lstm_param_count='''
            def lstm_param_count(num_features, units):
                return units * (num_features + units) + units
        ''',
        lstm_output_shape='''
            def lstm_output_shape(batch_size, timesteps, num_features, units, return_sequences):
                return (batch_size, timesteps, units)
        ''',
    ),
    "forgets the recurrent weights; num_features in place of units": wrong(
        lstm_param_count='''
            def lstm_param_count(num_features, units):
                return 4 * (num_features * units + units)
        ''',
        lstm_output_shape='''
            def lstm_output_shape(batch_size, timesteps, num_features, units, return_sequences):
                if return_sequences:
                    return (batch_size, timesteps, num_features)
                return (batch_size, num_features)
        ''',
    ),
    "forgets the bias; ignores num_features in to_lstm_input": wrong(
        lstm_param_count='''
            def lstm_param_count(num_features, units):
                return 4 * units * (num_features + units)
        ''',
        to_lstm_input='''
            def to_lstm_input(table, num_features):
                return np.asarray(table)[..., None]
        ''',
    ),
    "batch axis put into Input(shape=...); (num_samples, num_features, timesteps)": wrong(
        build_stacked_lstm='''
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                inputs = keras.Input(shape=(None, timesteps, num_features))
                x = keras.layers.LSTM(units[0], return_sequences=True)(inputs)
                x = keras.layers.LSTM(units[1])(x)
                outputs = keras.layers.Dense(1, activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                model.compile(loss="binary_crossentropy")
                return model
        ''',
        to_lstm_input='''
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                return table.reshape(table.shape[0], num_features, -1)
        ''',
    ),
    "return_sequences missing on the first LSTM; numpy's own reshape error": wrong(
        build_stacked_lstm='''
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.LSTM(units[0])(inputs)
                x = keras.layers.LSTM(units[1])(x)
                outputs = keras.layers.Dense(1, activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                model.compile(loss="binary_crossentropy")
                return model
        ''',
        to_lstm_input='''
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                return table.reshape(table.shape[0], -1, num_features)
        ''',
    ),
    "batch size fixed at 10 in the input": wrong(
        build_stacked_lstm='''
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                inputs = keras.Input(shape=(timesteps, num_features), batch_size=10)
                x = keras.layers.LSTM(units[0], return_sequences=True)(inputs)
                x = keras.layers.LSTM(units[1])(x)
                outputs = keras.layers.Dense(1, activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                model.compile(loss="binary_crossentropy")
                return model
        ''',
    ),
    "return_sequences=True on both LSTMs; drops leftover columns": wrong(
        build_stacked_lstm='''
            def build_stacked_lstm(timesteps, num_features, units=(5, 4)):
                model = keras.Sequential([
                    keras.Input(shape=(timesteps, num_features)),
                    keras.layers.LSTM(units[0], return_sequences=True),
                    keras.layers.LSTM(units[1], return_sequences=True),
                    keras.layers.Dense(1, activation="sigmoid"),
                ])
                model.compile(loss="binary_crossentropy")
                return model
        ''',
        to_lstm_input='''
            def to_lstm_input(table, num_features):
                table = np.asarray(table)
                timesteps = table.shape[1] // num_features
                return table[:, :timesteps * num_features].reshape(table.shape[0], timesteps, num_features)
        ''',
    ),
}
