"""Named wrong answers of lesson 02 (02_batch_size_epochs_iterations): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "02_batch_size_epochs_iterations"

WRONG_ANSWERS = {
    # steps_per_epoch: floor although the remainder is kept / shuffled_batches: last batch dropped /
    # minibatch_sgd: gradient summed over the batch / make_step_logger: the step counter is never
    # reset at an epoch's beginning /
    # gradient_cosine: cosine of the mean gradient
    "floor when kept; drops the last batch; sums the gradient; step counter never reset; cosine of the mean gradient": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return num_samples // batch_size
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(len(X), seed=seed)
                return ds.batch(batch_size, drop_remainder=True)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen, self.step = [], [], 0
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.epoch, self.step, int(logs[size_key]), float(logs["loss"])))
                        self.step += 1
                    def on_epoch_end(self, epoch, logs=None):
                        self.steps_per_epoch_seen.append(self.step)
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                for _ in range(epochs):
                    for start in range(0, len(X), batch_size):
                        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                        r = xb @ w + b - yb
                        w = w - learning_rate * 2 * xb.T @ r
                        b = b - learning_rate * 2 * r.sum()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                rng = np.random.default_rng(seed)
                grads = []
                for _ in range(num_draws):
                    idx = rng.choice(len(X), size=batch_size, replace=False)
                    grads.append(grad(X[idx], y[idx]))
                g = np.mean(grads, axis=0)
                return float(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
        """,
    ),
    # steps_per_epoch: ceil although the remainder is dropped / shuffled_batches: batch() before
    # shuffle() / minibatch_sgd: one update per epoch / make_step_logger: epochs and steps
    # counted from 1 (off by one) / gradient_cosine: dot product, no norms
    "ceil when dropped; batch before shuffle; one update per epoch; counts from 1; dot product": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return -(-num_samples // batch_size)
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y)).batch(batch_size)
                return ds.shuffle(len(X), seed=seed)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen = [], []
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch + 1
                        self.steps_per_epoch_seen.append(0)
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.epoch, batch + 1, int(logs[size_key]), float(logs["loss"])))
                        self.steps_per_epoch_seen[-1] += 1
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                for _ in range(epochs):
                    r = X @ w + b - y
                    w = w - learning_rate * 2 * X.T @ r / len(r)
                    b = b - learning_rate * 2 * r.mean()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                rng = np.random.default_rng(seed)
                dots = []
                for _ in range(num_draws):
                    idx = rng.choice(len(X), size=batch_size, replace=False)
                    dots.append(grad(X[idx], y[idx]) @ full)
                return float(np.mean(dots))
        """,
    ),
    # steps_per_epoch: true division / shuffled_batches: one order for every epoch (what
    # fit(shuffle=True) was observed to do after set_random_seed) / minibatch_sgd: last partial
    # batch dropped / make_step_logger: every batch logged with the size fit was asked for (the
    # first batch's), not the data's / gradient_cosine: always the first rows
    "true division; same order every epoch; SGD drops the partial batch; fit's batch_size logged; same first rows": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return num_samples / batch_size
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y))
                return ds.shuffle(len(X), seed=seed, reshuffle_each_iteration=False).batch(batch_size)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen, self.size = [], [], None
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch
                        self.steps_per_epoch_seen.append(0)
                    def on_train_batch_end(self, batch, logs=None):
                        if self.size is None:  # the batch_size fit was given: every batch the same
                            self.size = int(logs[size_key])
                        self.rows.append((self.epoch, batch, self.size, float(logs["loss"])))
                        self.steps_per_epoch_seen[-1] += 1
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                full = len(X) - len(X) % batch_size
                for _ in range(epochs):
                    for start in range(0, full, batch_size):
                        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                        r = xb @ w + b - yb
                        w = w - learning_rate * 2 * xb.T @ r / len(r)
                        b = b - learning_rate * 2 * r.mean()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                cosines = []
                for _ in range(num_draws):
                    g = grad(X[:batch_size], y[:batch_size])
                    cosines.append(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
                return float(np.mean(cosines))
        """,
    ),
    # shuffled_batches: a shuffle buffer of one batch, so late samples never reach the first batches
    "shuffle buffer of batch_size": wrong(
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y))
                return ds.shuffle(batch_size, seed=seed).batch(batch_size)
        """,
    ),
}
