"""Reference answers of lesson 08's Keras exercises, for the lesson's own experiments.

The demos of lesson 08 train models to a matched training loss and warm the learning rate up;
they use these functions, not the learner's, so that the student notebook still runs when an
exercise is left blank.
"""

import math

import keras
import tensorflow as tf

__all__ = ["LinearWarmup", "linear_warmup", "fit_until_loss"]


class LinearWarmup(keras.optimizers.schedules.LearningRateSchedule):
    """Goyal et al.'s gradual warm-up: linear from ``start`` to ``target``, then constant."""

    def __init__(self, start, target, warmup_steps):
        self.start, self.target, self.warmup_steps = float(start), float(target), int(warmup_steps)

    def __call__(self, step):
        fraction = keras.ops.minimum(keras.ops.cast(step, "float32") / self.warmup_steps, 1.0)
        return self.start + fraction * (self.target - self.start)

    def get_config(self):
        return {"start": self.start, "target": self.target, "warmup_steps": self.warmup_steps}


def linear_warmup(start, target, warmup_steps):
    """A learning-rate schedule: ``start`` at step 0, linear up to ``target`` at ``warmup_steps``.

    Args:
        start: the learning rate of the first update, a float > 0.
        target: the learning rate from update ``warmup_steps`` on, a float > 0.
        warmup_steps: the length of the ramp in updates, an int >= 1.

    Returns:
        LinearWarmup: a ``keras.optimizers.schedules.LearningRateSchedule``.

    Raises:
        ValueError: when ``warmup_steps`` < 1 or a learning rate is not positive.
    """
    if isinstance(warmup_steps, bool) or not isinstance(warmup_steps, int) or warmup_steps < 1:
        raise ValueError(f"warmup_steps must be an int >= 1; got {warmup_steps!r}")
    if not (start > 0 and target > 0):
        raise ValueError(f"learning rates must be > 0; got start={start!r}, target={target!r}")
    return LinearWarmup(start, target, warmup_steps)


class _StopAtLoss(keras.callbacks.Callback):
    """Stop ``fit`` after the first epoch whose loss on the whole training set is <= the target.

    ``fit`` is given the training set as its validation data, so ``logs["val_loss"]`` is the
    loss on all training samples after the epoch's last update.
    """

    def __init__(self, target_loss):
        super().__init__()
        self.target_loss = target_loss
        self.epochs, self.train_loss = 0, math.inf

    def on_epoch_end(self, epoch, logs=None):
        self.epochs, self.train_loss = epoch + 1, float(logs["val_loss"])
        if self.train_loss <= self.target_loss:
            self.model.stop_training = True


def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
    """Train a compiled model with ``model.fit`` until its training loss is <= ``target_loss``.

    Args:
        model: a compiled Keras model (trained in place).
        X: inputs, array of shape (num_samples, ...).
        y: targets, array of shape (num_samples, ...).
        batch_size: samples per update, an int >= 1.
        target_loss: stop after the first epoch whose loss on all of ``X, y`` is at most this.
        max_epochs: stop after this many epochs in any case, an int >= 1.

    Returns:
        dict: ``"epochs"`` (int), ``"updates"`` (int, optimizer updates of this call),
        ``"train_loss"`` (float, loss on all of ``X, y`` at the end) and ``"reached"`` (bool).
    """
    stop = _StopAtLoss(target_loss)
    before = int(model.optimizer.iterations)
    # A tf.data pipeline: Keras starts its epochs faster than from arrays (shuffle=False: the
    # pipeline reshuffles every epoch itself).
    data = tf.data.Dataset.from_tensor_slices((X, y))
    model.fit(
        data.shuffle(len(X)).batch(batch_size),
        epochs=max_epochs,
        shuffle=False,
        callbacks=[stop],
        verbose=0,
        validation_data=data.batch(len(X)),
    )
    return {
        "epochs": stop.epochs,
        "updates": int(model.optimizer.iterations) - before,
        "train_loss": stop.train_loss,
        "reached": stop.train_loss <= target_loss,
    }
