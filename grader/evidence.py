"""Points only from evidence: a check cell scores only if the grader saw it run to its end.

Before execution, :func:`add_evidence` puts a first and a last line into every check cell
(nbgrader "autograder tests" cell): the first sets one half of a secret token (new for every
grading, different for every cell), the last writes it, completed by the other half, to the
cell's standard output (so running the last line alone does not produce it). After execution, :func:`verify` keeps a
check cell's points only when

- the kernel's ``execute_reply`` for that cell said ``ok``, and
- the cell's output holds its token (its last line ran, in this cell, as written).

It then removes the line and the token from the notebook. A check cell without that evidence
(its text transformed or skipped by a kernel hook, its error swallowed, its output forged)
gets an error output, :data:`NO_EVIDENCE`, so nbgrader scores it 0. The student's code never
sees the secret; it sees a cell's token only while that cell runs.
"""

import hashlib
import hmac
import re
import secrets

from nbformat.notebooknode import NotebookNode

__all__ = ["NO_EVIDENCE", "add_evidence", "check_cells", "new_secret", "token_for", "verify"]

#: ``ename`` of the error output put into a check cell that ran without evidence
NO_EVIDENCE = "NoEvidenceError"
_HEAD = 28  # the first line holds token[:_HEAD], the last line the rest
_FIRST = "_grader_t = {head!r}"
_LAST = ("import sys as _grader_sys; _grader_sys = _grader_sys.stdout.write(_grader_t + {tail!r} + '\\n'); "
         "del _grader_t")


def new_secret():
    """A fresh secret for one grading run.

    Returns:
        str: 32 random hex digits.
    """
    return secrets.token_hex(16)


def token_for(*, secret, index):
    """The token of one cell.

    Args:
        secret: from :func:`new_secret`.
        index: the cell's position in the notebook.

    Returns:
        str: ``grader-evidence-`` and 24 hex digits.
    """
    digest = hmac.new(secret.encode(), f"cell-{index}".encode(), hashlib.sha256).hexdigest()
    return f"grader-evidence-{digest[:24]}"


def check_cells(*, nb):
    """The indexes of the check cells (graded code cells that are not solution cells).

    Args:
        nb: a notebook (nbformat ``NotebookNode``).

    Returns:
        list of int
    """
    out = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            out.append(index)
    return out


def add_evidence(*, nb, secret):
    """Append the evidence line to every check cell (in place).

    Args:
        nb: the notebook about to be executed.
        secret: from :func:`new_secret`.

    Returns:
        dict: ``{cell index: token}``, for :func:`verify`.
    """
    tokens = {}
    for index in check_cells(nb=nb):
        token = token_for(secret=secret, index=index)
        cell = nb.cells[index]
        head, tail = token[:_HEAD], token[_HEAD:]
        cell.source = _FIRST.format(head=head) + "\n" + cell.source.rstrip("\n") + "\n" + _LAST.format(tail=tail)
        tokens[index] = token
    return tokens


#: ipykernel names a cell's code file by a hash of its text, which holds the token: made stable
_CELL_FILE = re.compile(r"(ipykernel_\d+[/\\])\d+(\.py)")


def _scrub(text, secrets_):
    """``text`` without the lines that hold any of ``secrets_`` (e.g. a traceback's context)."""
    if not isinstance(text, str):
        return text
    text = _CELL_FILE.sub(r"\1check\2", text)
    if not any(s in text for s in secrets_):
        return text
    return "".join(line for line in text.splitlines(True) if not any(s in line for s in secrets_))


def _strip_token(cell, token):
    """Remove the token and the evidence lines from the outputs; True when the token was printed."""
    found, kept, parts = False, [], (token, token[:_HEAD], token[_HEAD:])
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            found = found or (output.get("name") == "stdout" and token + "\n" in output.get("text", ""))
            output["text"] = _scrub(output.get("text", ""), parts)
            if not output["text"]:
                continue
        elif kind == "error":
            output["evalue"] = _scrub(output.get("evalue", ""), parts)
            output["traceback"] = [_scrub(t, parts) for t in output.get("traceback", [])]
        kept.append(output)
    cell["outputs"] = kept
    return found


def verify(*, nb, tokens, statuses):
    """Check the evidence of every check cell, then remove its traces (in place).

    Args:
        nb: the executed notebook.
        tokens: from :func:`add_evidence`.
        statuses: ``{cell index: execute_reply status}`` ("ok", "error", "aborted") of the
            cells the kernel answered.

    Returns:
        list of int: the check cells that got a :data:`NO_EVIDENCE` error output.
    """
    failed = []
    for index, token in tokens.items():
        cell = nb.cells[index]
        first, last = _FIRST.format(head=token[:_HEAD]), _LAST.format(tail=token[_HEAD:])
        cell.source = cell.source.replace(first + "\n", "", 1).replace("\n" + last, "")
        seen = _strip_token(cell, token)
        status = statuses.get(index)
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            continue  # scores 0 anyway, and says why
        if status == "ok" and seen:
            continue
        why = ("the kernel never answered for this cell" if status is None else
               f"the kernel reported '{status}' but showed no error" if status != "ok" else
               "its code did not run to its end as written (skipped, changed or interrupted "
               "while it ran)")
        evalue = f"this check earns no points: the grader did not see it run ({why})"
        cell.setdefault("outputs", []).append(NotebookNode(
            output_type="error", ename=NO_EVIDENCE, evalue=evalue, traceback=[f"{NO_EVIDENCE}: {evalue}"]))
        failed.append(index)
    return failed
