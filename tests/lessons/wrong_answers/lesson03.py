"""Named wrong answers of lesson 03 (03_rnn_batch_vs_timesteps): the misconceptions its autograder rejects."""

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
    # The batch as parallel channels whose losses add up: the step is batch_size times too long.
    "sums the losses of the sequences": wrong(
        train_step='''
            def train_step(model, optimizer, x_batch, y_batch):
                """The squared errors summed over the batch."""
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(tf.square(model(x_batch) - y_batch))
                gradients = tape.gradient(loss, model.trainable_weights)
                optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # The question's "feed the cell one word at a time and then update the weights".
    "one update per sequence": wrong(
        train_step='''
            def train_step(model, optimizer, x_batch, y_batch):
                """Feed one sequence, update, feed the next: batch_size updates."""
                for i in range(len(x_batch)):
                    with tf.GradientTape() as tape:
                        loss = keras.losses.MeanSquaredError()(y_batch[i:i + 1], model(x_batch[i:i + 1]))
                    gradients = tape.gradient(loss, model.trainable_weights)
                    optimizer.apply_gradients(zip(gradients, model.trainable_weights))
                return float(loss)
        ''',
    ),
    # Keras 2 habits: stateful training without any reset.
    "never resets the state": wrong(
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
