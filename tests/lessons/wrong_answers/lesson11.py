"""Named wrong answers of lesson 11 (11_several_inputs_and_outputs): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "11_several_inputs_and_outputs"

_TWO_INPUTS = """
    def build_sequence_and_table(num_features, num_table_features, num_outputs):
        sequence = keras.Input(shape=({steps}, num_features), name="sequence")
        table = keras.Input(shape=(num_table_features,), name={table_name})
        summary = {summary}
        joined = {joined}
        model = keras.Model([sequence, table], keras.layers.Dense(num_outputs)(joined))
        model.compile(optimizer="adam", loss="mse")
        return model
"""

_SHAPES = """
    def bidirectional_shapes(kind, units, batch_size, timesteps, merge_mode, return_sequences, return_state):
        step = (batch_size, timesteps) if return_sequences else (batch_size,)
        width = {width}
        outputs = {outputs}
        states = [(batch_size, units)] * ({states}) if return_state else []
        return outputs + states
"""

_SEQ2SEQ = """
    def build_encoder_decoder(source_features, target_features, units):
        source = keras.Input(shape=(None, source_features))
        target = keras.Input(shape=(None, target_features))
        _, h, c = keras.layers.LSTM(units, return_state=True)(source)
        decoded = {decoder}
        return keras.Model([source, target], keras.layers.Dense(target_features)(decoded))
"""


def _two_inputs(
    steps="None",
    table_name='"table"',
    summary="keras.layers.LSTM(8)(sequence)",
    joined="keras.layers.Concatenate()([summary, table])",
):
    return _TWO_INPUTS.format(steps=steps, table_name=table_name, summary=summary, joined=joined)


def _shapes(
    width="2 * units if merge_mode == 'concat' else units",
    outputs="[step + (units,)] * 2 if merge_mode is None else [step + (width,)]",
    states="4 if kind == 'LSTM' else 2",
):
    return _SHAPES.format(width=width, outputs=outputs, states=states)


def _seq2seq(
    decoder="keras.layers.LSTM(units, return_sequences=True)(target, initial_state=[h, c])",
):
    return _SEQ2SEQ.format(decoder=decoder)


WRONG_ANSWERS = {
    "the table never merged; concat as wide as units; the decoder not started from the encoder's states": wrong(
        build_sequence_and_table=_two_inputs(joined="summary"),
        bidirectional_shapes=_shapes(width="units"),
        build_encoder_decoder=_seq2seq(
            decoder="keras.layers.LSTM(units, return_sequences=True)(target)"
        ),
    ),
    "a fixed length and Flatten; two states per direction for a GRU; an LSTM decoder started from [h] alone": wrong(
        build_sequence_and_table=_two_inputs(
            steps="10", summary="keras.layers.Flatten()(sequence)"
        ),
        bidirectional_shapes=_shapes(states="4"),
        build_encoder_decoder=_seq2seq(
            decoder="keras.layers.LSTM(units, return_sequences=True)(target, initial_state=[h])"
        ),
    ),
    "only the last time step read; merge_mode=None as one output; a Bidirectional decoder that looks ahead": wrong(
        build_sequence_and_table=_two_inputs(
            summary="keras.layers.Dense(8)(keras.layers.Lambda(lambda s: s[:, -1, :])(sequence))"
        ),
        bidirectional_shapes=_shapes(outputs="[step + (width,)]"),
        build_encoder_decoder=_seq2seq(
            decoder=(
                "keras.layers.Bidirectional(keras.layers.LSTM(units, return_sequences=True), merge_mode='sum')"
                "(target, initial_state=[h, c, h, c])"
            )
        ),
    ),
    "the table input left with Keras's default name": wrong(
        build_sequence_and_table=_two_inputs(table_name="None"),
    ),
}

RIGHT_ANSWERS = {
    "Sequential branch, repeated table, dict outputs; shapes read off a built layer; a GRU seq2seq": wrong(
        build_sequence_and_table="""
            def build_sequence_and_table(num_features, num_table_features, num_outputs):
                sequence = keras.Input(shape=(None, num_features), name="sequence")
                table = keras.Input(shape=(num_table_features,), name="table")
                steps = keras.layers.Conv1D(6, 1, activation="relu")(sequence)
                pooled = keras.layers.GlobalAveragePooling1D()(steps)
                mixed = keras.layers.concatenate([table, pooled], axis=-1)
                hidden = keras.Sequential([keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(num_outputs)])(mixed)
                model = keras.Model(inputs={"table": table, "sequence": sequence}, outputs=hidden)
                model.compile(optimizer=keras.optimizers.RMSprop(), loss=keras.losses.MeanAbsoluteError())
                return model
        """,
        bidirectional_shapes="""
            def bidirectional_shapes(kind, units, batch_size, timesteps, merge_mode, return_sequences, return_state):
                layer = getattr(keras.layers, kind)(units, return_sequences=return_sequences, return_state=return_state)
                out = keras.layers.Bidirectional(layer, merge_mode=merge_mode)(np.zeros((batch_size, timesteps, 1), "float32"))
                out = out if isinstance(out, (list, tuple)) else [out]
                return [tuple(int(n) for n in t.shape) for t in out]
        """,
        build_encoder_decoder="""
            def build_encoder_decoder(source_features, target_features, units):
                source = keras.Input(shape=(None, source_features))
                target = keras.Input(shape=(None, target_features))
                _, state = keras.layers.GRU(units, return_state=True)(source)
                decoded = keras.layers.GRU(units, return_sequences=True)(target, initial_state=state)
                return keras.Model(inputs=[source, target], outputs=keras.layers.TimeDistributed(keras.layers.Dense(target_features))(decoded))
        """,
    ),
    "an RNN(LSTMCell) decoder and a mean-pooled table branch": wrong(
        build_sequence_and_table="""
            def build_sequence_and_table(num_features, num_table_features, num_outputs):
                sequence = keras.Input(shape=(None, num_features), name="sequence")
                table = keras.Input(shape=(num_table_features,), name="table")
                summary = keras.layers.GRU(4)(sequence)
                model = keras.Model([table, sequence], keras.layers.Dense(num_outputs)(keras.layers.Concatenate()([summary, table])))
                model.compile(optimizer="sgd", loss="mean_squared_error")
                return model
        """,
        build_encoder_decoder="""
            def build_encoder_decoder(source_features, target_features, units):
                source = keras.Input(shape=(None, source_features))
                target = keras.Input(shape=(None, target_features))
                states = keras.layers.RNN(keras.layers.LSTMCell(units), return_state=True)(source)[1:]
                decoded = keras.layers.RNN(keras.layers.LSTMCell(units), return_sequences=True)(target, initial_state=states)
                return keras.Model([source, target], keras.layers.Dense(target_features)(decoded))
        """,
    ),
}
