"""The student's functions as the trusted check cells see them: proxies into the sandbox.

A check cell runs in the grader's process and calls, say, ``count_dense_params(3, 32)``. That
name is a :class:`StudentFunction`: it encodes the arguments (:mod:`grader.codec`), has the
student's kernel run :mod:`grader.agent` on them, and decodes what comes back, checked by type
and size. What the function raised is raised again here (a built-in exception class by its
name, anything else as :class:`StudentCodeError`), the warnings it gave are given again, and a
Keras model or optimizer passed as an argument gets the weights, optimizer variables and step
count the call left it with.
"""

import base64
import builtins
import functools
import inspect
import tempfile
import warnings
from pathlib import Path

import numpy as np

from grader import agent, codec

__all__ = ["KernelGone", "StudentCodeError", "StudentFunction", "agent_code"]

#: exceptions re-created by class when the student's function raises them (or a subclass)
_REBUILT = (
    "ValueError",
    "TypeError",
    "IndexError",
    "KeyError",
    "LookupError",
    "NotImplementedError",
    "ZeroDivisionError",
    "ArithmeticError",
    "OverflowError",
    "RuntimeError",
    "AttributeError",
    "NameError",
    "AssertionError",
    "RecursionError",
    "MemoryError",
)


class StudentCodeError(Exception):
    """The student's function raised an exception the grader does not re-create by class."""


class KernelGone(Exception):
    """The student's kernel stopped answering (it died, or ignored the interrupt): the
    submission's remaining checks cannot run. ``cause`` is nbclient's exception."""

    def __init__(self, message, cause):
        super().__init__(message)
        self.cause = cause


@functools.lru_cache(maxsize=1)
def _agent_source():
    return "\n".join(Path(module.__file__).read_text() for module in (codec, agent))


def agent_code(request):
    """The code the kernel runs for one request (bytes of a :func:`grader.codec.encode`)."""
    source = base64.b64encode(_agent_source().encode()).decode("ascii")
    payload = base64.b64encode(request).decode("ascii")
    return (
        f'exec(__import__("base64").b64decode("{source}").decode(), '
        f'{{"__name__": "grader_agent", "REQUEST": "{payload}"}})'
    )


def _raise_again(raised, name):
    """Raise what the student's function ``name`` raised; the exception's ``student_function``
    is ``name``."""
    message = str(raised.get("message", ""))
    for base in raised.get("bases", []):
        if base in _REBUILT:
            error = getattr(builtins, base)(message)
            error.student_function = name
            raise error
    raise StudentCodeError(
        f"{name} raised {str(raised.get('$raised', 'an exception'))[:100]}: {message}"
    )


def _warn_again(said):
    for category, message in said if isinstance(said, list) else []:
        kind = getattr(builtins, str(category), None)
        kind = kind if inspect.isclass(kind) and issubclass(kind, Warning) else UserWarning
        warnings.warn(str(message), kind, stacklevel=3)


def _copy_optimizer_state(optimizer, iterations, variables, *, build_for=None):
    """Give ``optimizer`` the step count and, where they match, the variables of another."""
    try:
        if build_for is not None and variables and not optimizer.built:
            optimizer.build(build_for)
        if len(optimizer.variables) == len(variables):
            for mine, theirs in zip(optimizer.variables, variables):
                if tuple(mine.shape) == tuple(np.shape(theirs)):
                    mine.assign(theirs)
        optimizer.iterations.assign(int(iterations))
    except Exception:  # another kind of optimizer: keep ours
        pass


def _copy_back(sent, returned):
    """Put what the call left in each model and optimizer it was given into ours."""
    for original, state in zip(sent, returned if isinstance(returned, list) else []):
        if hasattr(original, "layers") and hasattr(state, "layers"):
            try:
                original.set_weights(state.get_weights())
            except Exception:  # the student rebuilt the model with other weights: keep ours
                continue
            mine, theirs = getattr(original, "optimizer", None), getattr(state, "optimizer", None)
            if mine is not None and theirs is not None:
                _copy_optimizer_state(
                    mine,
                    int(theirs.iterations.numpy()),
                    [v.numpy() for v in theirs.variables],
                    build_for=original.trainable_variables,
                )
        elif isinstance(state, dict) and hasattr(original, "apply_gradients"):
            _copy_optimizer_state(original, state.get("iterations", 0), state.get("variables", []))


class StudentFunction:
    """A student's function, called in the sandboxed kernel through ``run``.

    Args:
        name: the function's name in the student's notebook.
        run: ``run(code) -> outputs``: executes code in the student's kernel and returns the
            outputs of that execution (nbformat output dicts); raises :class:`KernelGone`.
    """

    def __init__(self, *, name, run):
        self.__name__ = self.__qualname__ = name
        self._run = run

    def __repr__(self):
        return f"<function {self.__name__} (the student's, run in the sandbox)>"

    def __call__(self, *args, **kwargs):
        return self._request(None, args, kwargs)

    def __grading_observe__(self, routine, *args, **kwargs):
        module = getattr(routine, "__module__", "") or ""
        if not module.startswith("helpers."):
            raise TypeError(f"observe() runs routines of the helpers package only, not {module}")
        return self._request(f"{module}:{routine.__qualname__}", args, kwargs)

    def _request(self, routine, args, kwargs):
        from grader.agent import _models_in

        with tempfile.TemporaryDirectory(prefix="grader-proxy-") as workdir:
            request = codec.encode(
                {
                    "name": self.__name__,
                    "routine": routine,
                    "args": list(args),
                    "kwargs": dict(kwargs),
                },
                workdir=workdir,
            )
            outputs = self._run(agent_code(request))
            answer = self._answer(outputs, workdir)
        _warn_again(answer.get("warnings"))
        if "unsendable" in answer:
            raise TypeError(
                f"{self.__name__} returned something the grader cannot receive: "
                f"{str(answer['unsendable'])[:300]}"
            )
        _copy_back(_models_in([list(args), dict(kwargs)], []), answer.get("models"))
        result = answer.get("result")
        if isinstance(result, dict) and "$raised" in result:
            _raise_again(result, self.__name__)
        return result

    def _answer(self, outputs, workdir):
        data = None
        for output in outputs:
            if output.get("output_type") == "display_data" and agent.MIME in output.get("data", {}):
                data = output["data"][agent.MIME]
        if data is None:
            errors = [o for o in outputs if o.get("output_type") == "error"]
            if errors and errors[-1].get("ename") == "CellTimeoutError":
                raise TimeoutError(f"{self.__name__} did not return in time and was interrupted")
            detail = (
                f" ({errors[-1].get('ename')}: {str(errors[-1].get('evalue'))[:200]})"
                if errors
                else ""
            )
            raise StudentCodeError(f"calling {self.__name__} gave no answer{detail}")
        try:
            answer = codec.decode(base64.b64decode(str(data)), trusted=True, workdir=workdir)
        except (ValueError, TypeError, KeyError) as exc:
            raise StudentCodeError(f"{self.__name__}'s answer could not be read: {exc}") from None
        if not isinstance(answer, dict):
            raise StudentCodeError(f"{self.__name__}'s answer could not be read")
        return answer
