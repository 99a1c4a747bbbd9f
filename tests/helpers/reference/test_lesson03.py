"""helpers.reference.lesson03: unit tests, bad input included."""

import numpy as np
import pytest


def test_reference_tbptt_batches_continues_every_row_from_batch_to_batch():
    from helpers.reference import lesson03

    batches = lesson03.tbptt_batches(np.arange(24), 2, 3)
    assert batches.shape == (4, 2, 3)
    assert batches[:, 0].ravel().tolist() == list(range(12))  # row 0: positions 0-11 in order
    assert batches[:, 1].ravel().tolist() == list(range(12, 24))


def test_reference_tbptt_batches_drops_the_remainder_and_keeps_the_values():
    from helpers.reference import lesson03

    wave = np.sin(np.arange(29) / 3.0)
    batches = lesson03.tbptt_batches(wave.tolist(), 2, 3)
    assert batches.shape == (4, 2, 3)
    assert np.allclose(np.concatenate(list(batches), axis=1).ravel(), wave[:24])
    assert lesson03.tbptt_batches(np.arange(12.0), 3, 4).shape == (1, 3, 4)  # exactly one batch


@pytest.mark.parametrize(
    "args, error",
    [
        ((np.arange(5), 2, 3), ValueError),  # shorter than one batch
        ((np.arange(0), 1, 1), ValueError),
        ((np.arange(24).reshape(4, 6), 2, 3), ValueError),  # not 1-D
        ((np.arange(24), 0, 3), ValueError),
        ((np.arange(24), 2, -1), ValueError),
        ((np.arange(24), 2.0, 3), TypeError),
        ((np.arange(24), 2, True), TypeError),
        ((np.arange(24), "2", 3), TypeError),
    ],
)
def test_reference_tbptt_batches_rejects_bad_input(args, error):
    from helpers.reference import lesson03

    with pytest.raises(error):
        lesson03.tbptt_batches(*args)
