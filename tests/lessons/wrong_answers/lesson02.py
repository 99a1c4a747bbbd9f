"""Named wrong answers of lesson 02 (02_batch_size_epochs_iterations): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "02_batch_size_epochs_iterations"

WRONG_ANSWERS = {
    # steps_per_epoch: floor although the remainder is kept / batch_sizes: last batch dropped /
    # minibatch_sgd: gradient summed over the batch / gradient_cosine: cosine of the mean gradient
    "floor when kept; drops the last batch; sums the gradient; cosine of the mean gradient": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return num_samples // batch_size
        """,
        batch_sizes="""
            def batch_sizes(num_samples, batch_size):
                return [batch_size] * (num_samples // batch_size)
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
    # steps_per_epoch: ceil although the remainder is dropped / batch_sizes: a trailing empty
    # batch / minibatch_sgd: one update per epoch / gradient_cosine: dot product, no norms
    "ceil when dropped; empty last batch; one update per epoch; dot product": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return -(-num_samples // batch_size)
        """,
        batch_sizes="""
            def batch_sizes(num_samples, batch_size):
                return [batch_size] * (num_samples // batch_size) + [num_samples % batch_size]
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
    # steps_per_epoch: true division / batch_sizes: last batch padded to batch_size /
    # minibatch_sgd: last partial batch dropped / gradient_cosine: always the first rows
    "true division; padded last batch; SGD drops the partial batch; same first rows every draw": wrong(
        steps_per_epoch="""
            def steps_per_epoch(num_samples, batch_size, drop_remainder=False):
                return num_samples / batch_size
        """,
        batch_sizes="""
            def batch_sizes(num_samples, batch_size):
                return [batch_size] * (-(-num_samples // batch_size))
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
}
