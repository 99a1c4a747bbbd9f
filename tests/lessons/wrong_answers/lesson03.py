"""Named wrong answers of lesson 03 (03_rnn_batch_vs_timesteps): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "03_rnn_batch_vs_timesteps"

WRONG_ANSWERS = {
    # The RNN treated as a feed-forward layer applied to every step: no h_{t-1} term, no U.
    "forgets the recurrent weights": wrong(
        simple_rnn_forward='''
            def simple_rnn_forward(x, kernel, recurrent_kernel, bias):
                """Every step on its own: tanh(x_t @ kernel + bias)."""
                x = np.asarray(x, dtype=float)
                return np.tanh(x @ kernel + bias)
        ''',
        rnn_param_count='''
            def rnn_param_count(num_features, units):
                """Kernel and bias only."""
                return num_features * units + units
        ''',
    ),
    # The seed's picture: the batch axis as the axis the state travels along, and consecutive
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
    "forgets the bias": wrong(
        rnn_param_count='''
            def rnn_param_count(num_features, units):
                """Kernel and recurrent kernel, no bias."""
                return num_features * units + units * units
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
}
