"""The grader's agent inside the student's kernel: call one function, send back plain data.

The trusted grader sends this file and :mod:`grader.codec` to the kernel as the source of one
``exec`` in a private namespace (nothing lands in the student's names), with ``REQUEST``: an
archive of ``{"name", "routine", "args", "kwargs"}``. The agent looks ``name`` up among the
student's names, calls it (or the instructor routine ``routine`` of ``helpers`` with it as first
argument), records the warnings the call raised, and publishes one ``display_data`` output of
:data:`MIME`: an archive of ``{"result", "models", "warnings"}`` (``models``: the Keras models
and optimizers passed in, after the call, so that training in place is seen).

Nothing here is trusted: the student's code runs in the same process and may replace any of
it. It can only change what comes back, which the grader treats as the student's answer.
"""

try:
    from grader.codec import decode, encode
except ImportError:  # in the kernel, grader.codec's source came with this file
    pass

MIME = "application/vnd.shapes-batches.answer+base64"


def _models_in(value, found):
    """Every Keras model and optimizer in ``value`` (lists, tuples, dicts), in order."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _models_in(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _models_in(item, found)
    elif type(value).__module__.startswith("keras") and (
        (hasattr(value, "get_weights") and hasattr(value, "layers"))
        or hasattr(value, "apply_gradients")
    ):
        found.append(value)
    return found


def _state(value):
    """What a call left in a model or optimizer it was given: the model itself; an optimizer's
    step count and variables."""
    if hasattr(value, "layers"):
        return value
    return {
        "iterations": int(value.iterations.numpy()),
        "variables": [v.numpy() for v in value.variables],
    }


def _call(request, namespace):
    import importlib
    import warnings

    name = request["name"]
    if name not in namespace:
        raise NameError(f"name {name!r} is not defined: run the cell that defines it")
    function = namespace[name]
    target = function
    if request.get("routine"):
        module, qualname = request["routine"].split(":")
        routine = getattr(importlib.import_module(module), qualname)
        target = lambda *a, **k: routine(function, *a, **k)  # noqa: E731
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = target(*request.get("args", []), **request.get("kwargs", {}))
    said = [
        [
            type(w.message).__name__ if isinstance(w.message, Warning) else w.category.__name__,
            str(w.message)[:500],
        ]
        for w in caught[:20]
    ]
    return result, said


def answer(request_bytes, namespace, workdir):
    """Run the request; return the archive of the answer (bytes)."""
    request = decode(request_bytes, trusted=False, workdir=workdir)
    try:
        result, said = _call(request, namespace)
    except Exception as exc:
        builtin = [c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"]
        result, said = (
            {"$raised": type(exc).__name__, "bases": builtin, "message": str(exc)[:4000]},
            [],
        )
    changed = [
        _state(v) for v in _models_in([request.get("args", []), request.get("kwargs", {})], [])
    ]
    try:
        return encode({"result": result, "models": changed, "warnings": said}, workdir=workdir)
    except Exception as exc:
        return encode(
            {"unsendable": f"{type(exc).__name__}: {exc}"[:1000], "warnings": said}, workdir=workdir
        )


def main():
    import base64
    import shutil
    import tempfile

    from IPython import get_ipython
    from IPython.display import publish_display_data

    workdir = tempfile.mkdtemp(prefix="grader-agent-")
    try:
        data = answer(base64.b64decode(REQUEST), get_ipython().user_ns, workdir)  # noqa: F821 (set by the grader)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    publish_display_data({MIME: base64.b64encode(data).decode("ascii")})


if __name__ == "grader_agent":
    main()
