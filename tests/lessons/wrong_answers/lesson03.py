"""Named wrong answers of lesson 03 (03_rnn_batch_vs_timesteps): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "03_rnn_batch_vs_timesteps"

WRONG_ANSWERS = {
    # No memory: the RNN as a feed-forward layer applied to every step (no h_{t-1} term), and
    # stateful training where every batch starts from a zero state.
    "forgets the recurrence": wrong(
        simple_rnn_forward='''
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                """Every step on its own: tanh(x_t @ kernel + bias)."""
                x = np.asarray(x, dtype=float)
                return np.tanh(x @ kernel + bias)
        ''',
        train_tbptt='''
            def train_tbptt(model, batches, targets, epochs):
                """The state reset before every batch."""
                losses = np.zeros((epochs, len(batches)))
                for epoch in range(epochs):
                    for k in range(len(batches)):
                        for layer in model.layers:
                            if getattr(layer, "stateful", False):
                                layer.reset_state()
                        losses[epoch, k] = model.train_on_batch(batches[k], targets[k])
                return losses
        ''',
    ),
    # The question's picture: the batch axis as the axis the state travels along, and consecutive
    # pieces of one long sequence placed side by side in one batch.
    "mixes up the batch and time axes": wrong(
        simple_rnn_forward='''
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                """The state carried from one sequence of the batch to the next."""
                x = np.asarray(x, dtype=float)
                h = np.zeros((x.shape[1], np.shape(kernel)[1]))
                states = []
                for i in range(x.shape[0]):
                    h = np.tanh(x[i] @ kernel + h @ recurrent_kernel + bias)
                    states.append(h)
                return np.stack(states)
        ''',
        tbptt_batches='''
            def tbptt_batches(sequence, batch_size, num_steps):
                """Consecutive chunks side by side in one batch."""
                values = np.asarray(sequence)
                num_batches = len(values) // (batch_size * num_steps)
                if num_batches == 0:
                    raise ValueError("sequence too short for one batch")
                return values[: num_batches * batch_size * num_steps].reshape(num_batches, batch_size, num_steps)
        ''',
        warmup_train_step='''
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                """The warm-up cut from axis 0: the first warmup sequences are dropped."""
                with tf.GradientTape() as tape:
                    loss = keras.losses.MeanSquaredError()(y_batch[warmup:], model(x_batch)[warmup:])
                gradients = tape.gradient(loss, model.trainable_weights)
                optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # return_sequences=False instead of True.
    "returns only the last state": wrong(
        simple_rnn_forward='''
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                """Only h_T, like SimpleRNN(units) without return_sequences."""
                x = np.asarray(x, dtype=float)
                h = np.zeros((x.shape[0], np.shape(kernel)[1]))
                for t in range(x.shape[1]):
                    h = np.tanh(x[:, t, :] @ kernel + h @ recurrent_kernel + bias)
                return h
        ''',
    ),
    # Every row takes every batch_size-th value: rows are not contiguous stretches.
    "deals the values out to the rows one by one": wrong(
        tbptt_batches='''
            def tbptt_batches(sequence, batch_size, num_steps):
                """Row i = sequence[i::batch_size], cut into pieces of num_steps."""
                values = np.asarray(sequence)
                num_batches = len(values) // (batch_size * num_steps)
                if num_batches == 0:
                    raise ValueError("sequence too short for one batch")
                kept = values[: num_batches * batch_size * num_steps]
                rows = kept.reshape(-1, batch_size).T
                return rows.reshape(batch_size, num_batches, num_steps).transpose(1, 0, 2)
        ''',
    ),
    # The batch as parallel channels whose losses add up: the step is batch_size x steps too long.
    "sums the squared errors": wrong(
        warmup_train_step='''
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                """The squared errors of the scored steps summed over the batch."""
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(tf.square(model(x_batch)[:, warmup:] - y_batch[:, warmup:]))
                gradients = tape.gradient(loss, model.trainable_weights)
                optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # The question's "feed the cell one word at a time and then update the weights".
    "one update per time step": wrong(
        warmup_train_step='''
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                """Read up to step t, update on step t's error, go on to step t + 1."""
                losses = []
                for t in range(warmup, x_batch.shape[1]):
                    with tf.GradientTape() as tape:
                        step_loss = tf.reduce_mean(tf.square(model(x_batch[:, : t + 1])[:, t] - y_batch[:, t]))
                    gradients = tape.gradient(step_loss, model.trainable_weights)
                    optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                    losses.append(float(step_loss))
                return float(np.mean(losses))
        ''',
    ),
    # The warm-up removed from the input: the scored steps start from a zero state.
    "cuts the warm-up from the input": wrong(
        warmup_train_step='''
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                """Only the scored steps go through the model."""
                with tf.GradientTape() as tape:
                    loss = keras.losses.MeanSquaredError()(y_batch[:, warmup:], model(x_batch[:, warmup:]))
                gradients = tape.gradient(loss, model.trainable_weights)
                optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # The warm-up ignored: every step is in the loss.
    "scores every step": wrong(
        warmup_train_step='''
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                """The loss over all timesteps."""
                with tf.GradientTape() as tape:
                    loss = keras.losses.MeanSquaredError()(y_batch, model(x_batch))
                gradients = tape.gradient(loss, model.trainable_weights)
                optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # A float32 Keras layer instead of the loop / Keras 2 habits: stateful training without any reset.
    "a float32 Keras SimpleRNN instead of the loop; never resets the state": wrong(
        simple_rnn_forward='''
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                """keras.layers.SimpleRNN with the given weights (float32)."""
                x = np.asarray(x, dtype="float32")
                layer = keras.layers.SimpleRNN(np.shape(kernel)[1], return_sequences=True)
                layer.build(x.shape)
                layer.set_weights([kernel, recurrent_kernel, bias])
                return np.asarray(layer(x))
        ''',
        train_tbptt='''
            def train_tbptt(model, batches, targets, epochs):
                """The state carried across batches and across epochs."""
                losses = np.zeros((epochs, len(batches)))
                for epoch in range(epochs):
                    for k in range(len(batches)):
                        losses[epoch, k] = model.train_on_batch(batches[k], targets[k])
                return losses
        ''',
    ),
    # The reset as an on_epoch_end callback: the first epoch inherits whatever state was left.
    "resets at the end of every epoch": wrong(
        train_tbptt='''
            def train_tbptt(model, batches, targets, epochs):
                """The state reset after the last batch of every epoch."""
                losses = np.zeros((epochs, len(batches)))
                for epoch in range(epochs):
                    for k in range(len(batches)):
                        losses[epoch, k] = model.train_on_batch(batches[k], targets[k])
                    for layer in model.layers:
                        if getattr(layer, "stateful", False):
                            layer.reset_state()
                return losses
        ''',
    ),
}

RIGHT_ANSWERS = {
    # einsum into a preallocated array; plain-Python layout; a Keras model wrapped around the
    # learner's model (Cropping1D) trained with train_on_batch; resets found by layer type
    "einsum; Python loops; Cropping1D and train_on_batch; isinstance RNN": wrong(
        simple_rnn_forward="""
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                x = np.asarray(x, dtype=np.float64)
                states = np.empty((x.shape[0], x.shape[1], np.shape(kernel)[1]))
                h = np.zeros((x.shape[0], np.shape(kernel)[1]))
                for t in range(x.shape[1]):
                    h = np.tanh(np.einsum("bf,fu->bu", x[:, t], kernel) + h @ recurrent_kernel + bias)
                    states[:, t] = h
                return states
        """,
        tbptt_batches="""
            def tbptt_batches(sequence, batch_size, num_steps):
                values = list(sequence)
                num_batches = len(values) // (batch_size * num_steps)
                if num_batches < 1:
                    raise ValueError("too short for one batch")
                row_length = num_batches * num_steps
                return np.array([[values[i * row_length + k * num_steps:i * row_length + (k + 1) * num_steps]
                                  for i in range(batch_size)] for k in range(num_batches)])
        """,
        warmup_train_step="""
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                scored = keras.Model(model.inputs, keras.layers.Cropping1D((warmup, 0))(model.outputs[0]))
                scored.compile(optimizer=optimizer, loss=keras.losses.MeanSquaredError())
                return float(scored.train_on_batch(x_batch, np.asarray(y_batch)[:, warmup:]))
        """,
        train_tbptt="""
            def train_tbptt(model, batches, targets, epochs):
                losses = []
                for _ in range(epochs):
                    for layer in model.layers:
                        if isinstance(layer, keras.layers.RNN) and layer.stateful:
                            layer.reset_state()
                    for x_part, y_part in zip(batches, targets):
                        losses.append(model.train_on_batch(x_part, y_part))
                return np.array(losses).reshape(epochs, len(batches))
        """,
    ),
    # time-major loop; reshape and slices; the kept steps counted from the end and
    # optimizer.apply; hasattr for the reset
    "time-major loop; reshape and slices; negative slice and optimizer.apply; hasattr": wrong(
        simple_rnn_forward="""
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                h = np.zeros((np.shape(x)[0], np.shape(recurrent_kernel)[0]))
                states = []
                for x_t in np.moveaxis(np.asarray(x, dtype=float), 1, 0):
                    h = np.tanh(x_t @ kernel + h @ recurrent_kernel + bias)
                    states.append(h)
                return np.moveaxis(np.array(states), 0, 1)
        """,
        tbptt_batches="""
            def tbptt_batches(sequence, batch_size, num_steps):
                values = np.asarray(sequence)
                num_batches = values.shape[0] // (batch_size * num_steps)
                if num_batches == 0:
                    raise ValueError(f"need at least {batch_size * num_steps} values, got {values.shape[0]}")
                rows = values[: batch_size * num_batches * num_steps].reshape(batch_size, -1)
                return np.stack([rows[:, k * num_steps:(k + 1) * num_steps] for k in range(num_batches)])
        """,
        warmup_train_step="""
            def warmup_train_step(model, optimizer, x_batch, y_batch, warmup):
                keep = np.shape(x_batch)[1] - warmup
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(model(x_batch)[:, -keep:] - y_batch[:, -keep:]))
                optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
                return loss.numpy().item()
        """,
        train_tbptt="""
            def train_tbptt(model, batches, targets, epochs):
                losses = np.empty((epochs, len(batches)))
                for epoch in range(epochs):
                    for layer in model.layers:
                        if hasattr(layer, "reset_state") and getattr(layer, "stateful", False):
                            layer.reset_state()
                    losses[epoch] = [model.train_on_batch(x_part, y_part) for x_part, y_part in zip(batches, targets)]
                return losses
        """,
    ),
}
