"""Points only from evidence: a check cell scores only if the grader saw it run to its end.

Before execution, :func:`add_evidence` rewrites every check cell (nbgrader "autograder tests"
cell): a first line sets one part of a secret token (new for every grading, different for
every cell); each assert statement at the cell's top level is wrapped, ``assert
_grader_e(k, test), msg``, so that it adds its own part only when its test is true; a last line
writes the token, completed by the other parts, to the cell's standard output (so running the
last line alone does not produce it). After execution, :func:`verify` keeps a check cell's
points only when

- the kernel's ``execute_reply`` for that cell said ``ok``, and
- the cell's output holds its whole token: its first and last lines ran, in this cell, as
  written, and so did each of its top-level asserts, with a true test.

It then puts the cell's source back and removes the token from its outputs. A check cell
without that evidence (its text transformed or skipped by a kernel hook, an assert dropped or
turned into a plain expression, its error swallowed, its output forged) gets an error output,
:data:`NO_EVIDENCE`, so nbgrader scores it 0. The student's code never sees the secret; it sees
a cell's parts only while that cell runs.
"""

import ast
import dataclasses
import hashlib
import hmac
import re
import secrets

from nbformat.notebooknode import NotebookNode

from grader import markup

__all__ = ["NO_EVIDENCE", "Evidence", "add_evidence", "check_cells", "new_secret", "token_for", "verify"]

#: ``ename`` of the error output put into a check cell that ran without evidence
NO_EVIDENCE = "NoEvidenceError"
_HEAD = 28  # the first line holds token[:_HEAD], the last line the rest
_FIRST = ("_grader_t = {head!r}; _grader_k = {pieces!r}; _grader_p = set(); "
          "_grader_e = lambda k, test: (_grader_p.add(k) if test else None, test)[1]")
_LAST = ("import sys as _grader_sys; _grader_sys = _grader_sys.stdout.write(_grader_t + "
         "''.join(_grader_k[k] for k in sorted(_grader_p)) + {tail!r} + '\\n'); "
         "del _grader_t, _grader_k, _grader_p, _grader_e")
_WRAP = "_grader_e({k}, "
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What one check cell must print, and what it was before :func:`add_evidence`."""

    printed: str  #: the whole token the cell prints when it ran as written
    source: str  #: the cell's own source
    parts: tuple  #: the token's parts as they appear in the cell's text (for scrubbing)
    lines: tuple  #: ``(wrapped line, original line)`` pairs of the wrapped asserts


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
    return [index for index, cell in enumerate(nb.cells) if markup.role(cell=cell) == markup.CHECK]


def _wrap_asserts(source):
    """``(source with each top-level assert's test wrapped, number wrapped)``; unchanged when
    the source does not parse (it will fail anyway)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, 0
    lines = source.split("\n")
    tests = [node.test for node in tree.body if isinstance(node, ast.Assert)]
    for k, test in reversed(list(enumerate(tests))):  # from the end: offsets stay valid
        for row, col, text in ((test.end_lineno - 1, test.end_col_offset, ")"),
                               (test.lineno - 1, test.col_offset, _WRAP.format(k=k))):
            raw = lines[row].encode("utf-8")  # ast offsets count UTF-8 bytes
            lines[row] = (raw[:col] + text.encode("utf-8") + raw[col:]).decode("utf-8")
    return "\n".join(lines), len(tests)


def add_evidence(*, nb, secret):
    """Put the evidence lines into every check cell and wrap its top-level asserts (in place).

    Args:
        nb: the notebook about to be executed.
        secret: from :func:`new_secret`.

    Returns:
        dict: ``{cell index: Evidence}``, for :func:`verify`.
    """
    found = {}
    for index in check_cells(nb=nb):
        cell = nb.cells[index]
        token = token_for(secret=secret, index=index)
        head, tail = token[:_HEAD], token[_HEAD:]
        body, asserts = _wrap_asserts(cell.source.rstrip("\n"))
        pieces = {k: hmac.new(secret.encode(), f"cell-{index}-assert-{k}".encode(), hashlib.sha256).hexdigest()[:8]
                  for k in range(asserts)}
        original = cell.source
        cell.source = _FIRST.format(head=head, pieces=pieces) + "\n" + body + "\n" + _LAST.format(tail=tail)
        changed = tuple((new, old) for new, old in zip(body.split("\n"), original.rstrip("\n").split("\n"))
                        if new != old)
        found[index] = Evidence(printed=head + "".join(pieces.values()) + tail, source=original,
                                parts=(head, tail, *pieces.values()), lines=changed)
    return found


#: ipykernel names a cell's code file by a hash of its text, which holds the token: made stable
_CELL_FILE = re.compile(r"(ipykernel_\d+[/\\])\d+(\.py)")


def _scrub(text, evidence):
    """``text`` without the lines that hold a part of the token (e.g. a traceback's context),
    and with the wrapped asserts shown as the cell's author wrote them."""
    if not isinstance(text, str):
        return text
    text = _CELL_FILE.sub(r"\1check\2", text)
    if "_grader_" in _ANSI.sub("", text):  # a traceback shows a wrapped line: plain text, as written
        text = _ANSI.sub("", text)
        for new, old in evidence.lines:
            text = text.replace(new.strip(), old.strip())
    secrets_ = (evidence.printed, *evidence.parts)
    return "".join(line for line in text.splitlines(True)
                   if not any(s in line for s in secrets_) and "_grader_" not in line)


def _strip_token(cell, evidence):
    """Remove the token and the evidence lines from the outputs; True when the token was printed."""
    found, kept = False, []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            found = found or (output.get("name") == "stdout" and evidence.printed + "\n" in output.get("text", ""))
            output["text"] = _scrub(output.get("text", ""), evidence)
            if not output["text"]:
                continue
        elif kind == "error":
            output["evalue"] = _scrub(output.get("evalue", ""), evidence)
            output["traceback"] = [_scrub(t, evidence) for t in output.get("traceback", [])]
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
    for index, evidence in tokens.items():
        cell = nb.cells[index]
        cell.source = evidence.source
        seen = _strip_token(cell, evidence)
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
