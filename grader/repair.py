"""Check a submission and repair what nbgrader would get wrong, before it runs.

nbgrader silently leaves deleted check cells to manual grading, fails on a solution cell
marked as graded, and grades the wrong copy of a duplicated cell. :func:`prepare_submission`
puts the submission back into the shape nbgrader expects and says, in notes for the report,
what it changed.
"""

import glob
import os
import re

from grader import markup
from grader.reading import read_notebook_file
from grader.records import Prepared

__all__ = ["out_of_order", "owner_of", "prepare_submission"]


def _release_source(cell):
    """The source of a locked cell as students received it (hidden tests removed)."""
    from nbformat.v4 import new_code_cell
    from nbgrader.preprocessors import ClearHiddenTests

    node = new_code_cell(cell.source)
    try:
        ClearHiddenTests(enforce_metadata=False)._remove_hidden_test_region(node)
    except RuntimeError:
        return cell.source
    return node.source


def _normalize(source):
    return "\n".join(line.rstrip() for line in source.replace("\r\n", "\n").strip().split("\n"))


def _restored_cell(source_cell):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

    make = {"code": new_code_cell, "markdown": new_markdown_cell}.get(
        source_cell.cell_type, new_raw_cell
    )
    cell = make(source_cell.source)
    meta = {
        "grade": source_cell.points is not None,
        "grade_id": source_cell.name,
        "locked": True,
        "schema_version": 3,
        "solution": source_cell.solution,
        "task": False,
        "checksum": source_cell.checksum,
    }
    if source_cell.points is not None:
        meta["points"] = source_cell.points
    cell.metadata = {"deletable": False, "editable": False, "nbgrader": meta}
    cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", f"restored-{source_cell.name}")[:64]
    return cell


def _repair_cell_ids(nb):
    """Make cell ids valid and unique (nbformat >= 4.5); returns how many were changed."""
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):
        return 0
    seen, changed = set(), 0
    for index, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if isinstance(cid, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cid) and cid not in seen:
            seen.add(cid)
            continue
        base = (
            re.sub(r"[^A-Za-z0-9_-]", "-", cid if isinstance(cid, str) else "cell")[:50] or "cell"
        )
        new, n = f"{base}-{index}", 0
        while new in seen:
            n += 1
            new = f"{base}-{index}-{n}"
        cell["id"] = new
        seen.add(new)
        changed += 1
    return changed


def out_of_order(ranks, names):
    """Names not in the longest increasing run of ``ranks`` (the cells that were moved)."""
    best = [1] * len(ranks)
    prev = [-1] * len(ranks)
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] < ranks[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    keep, i = set(), max(range(len(ranks)), key=best.__getitem__) if ranks else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [name for index, name in enumerate(names) if index not in keep]


def owner_of(ids, cd, assignment):
    """Which other assignment the grade ids belong to (by the solution/release notebooks of the
    course directory ``cd``).

    Returns:
        tuple: ``(assignment id or None, how many of ids it holds)``.
    """
    import nbformat

    candidates = {}
    for step in (cd.source_directory, cd.release_directory):
        for folder in sorted(glob.glob(cd.format_path(step, ".", "*"))):
            other = os.path.basename(os.path.normpath(folder))
            if other == assignment:
                continue
            for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
                try:
                    nb = nbformat.read(path, as_version=4)
                except Exception:
                    continue
                theirs = (markup.grade_id(cell=c) for c in nb.cells)
                candidates.setdefault(other, set()).update(filter(None, theirs))
    best, best_count = None, 0
    for other, other_ids in sorted(candidates.items()):
        count = len(ids & other_ids)
        if count > best_count:
            best, best_count = other, count
    return best, best_count


def _not_this_assignment(nb, assignment, cells, foreign, identify):
    """Why a notebook with none of the assignment's cells is not graded."""
    owner, count = identify(foreign) if (identify and foreign) else (None, 0)
    if owner:
        return f"a notebook of {owner} ({count} of its exercise/check cells), not of {assignment}"
    title = markup.title(nb=nb)[:80]
    titled = f"; its title: '{title}'" if title else ""
    return (
        f"not a notebook of {assignment}: none of its {len(cells)} "
        f"exercise/check cells are in it{titled}"
    )


def _untrack_extra_copies(nb, ids, known, foreign, notes):
    """Only the last copy of a known grade id stays tracked; foreign cells run as plain code."""
    last = {gid: index for index, gid in enumerate(ids) if gid}
    duplicated = sorted(
        {gid for index, gid in enumerate(ids) if gid in known and last[gid] != index}
    )
    for index, gid in enumerate(ids):
        if gid and (gid not in known or last[gid] != index):
            del nb.cells[index].metadata["nbgrader"]
    if duplicated:
        notes.append(f"duplicated cells {', '.join(duplicated)}: the last copy of each is graded")
    if foreign:
        notes.append(f"{len(foreign)} cells from another notebook run as ordinary code")


def _reset_flags(nb, known, notes):
    """Reset every tracked cell's nbgrader flags to the gradebook's; note edited check cells.

    A solution cell marked as a graded cell would make nbgrader fail, a check cell marked
    unlocked would keep its edits; nbgrader itself puts the original source of locked cells back.
    """
    edited, flags = [], []
    for cell in nb.cells:
        source = known.get(markup.grade_id(cell=cell))
        if source is None:
            continue
        meta = cell.metadata["nbgrader"]
        wanted = {
            "grade": source.points is not None,
            "solution": source.solution,
            "locked": source.locked,
            "task": False,
        }
        points_changed = source.points is not None and meta.get("points") not in (
            source.points,
            int(source.points),
        )
        if any(bool(meta.get(k)) != v for k, v in wanted.items()) or points_changed:
            (edited if source.locked else flags).append(source.name)
        meta.update(wanted)
        if source.points is not None:
            meta["points"] = source.points
        else:
            meta.pop("points", None)
        if (
            source.locked
            and source.name not in edited
            and (
                cell.cell_type != source.cell_type
                or _normalize(cell.source)
                not in (_normalize(_release_source(source)), _normalize(source.source))
            )
        ):
            edited.append(source.name)
    if edited:
        notes.append(f"edited check cells restored to the original: {', '.join(edited)}")
    if flags:
        notes.append(f"nbgrader settings of exercise cells restored: {', '.join(flags)}")


def _reorder_and_restore(nb, cells, present, notes):
    """Put every check cell right after the cell that precedes it in the original.

    The student's exercise cells and untracked cells stay where they are; moved check cells
    and deleted ones (from the gradebook) go back after their exercise or the check before them.
    """
    known = {c.name: c for c in cells}
    order = {c.name: i for i, c in enumerate(cells)}
    tracked = [gid for gid in (markup.grade_id(cell=c) for c in nb.cells) if gid]
    ranks = [order[g] for g in tracked]
    moved = out_of_order(ranks, tracked) if ranks != sorted(ranks) else []
    pulled = {}
    if moved:
        pulled = {
            markup.grade_id(cell=c): c
            for c in nb.cells
            if markup.grade_id(cell=c) and known[markup.grade_id(cell=c)].locked
        }
        nb.cells = [c for c in nb.cells if markup.grade_id(cell=c) not in pulled]
    missing = [c for c in cells if c.name not in present]
    restored = [c for c in missing if c.locked]
    for gid in sorted([*pulled, *(c.name for c in restored)], key=order.get):
        positions = {
            markup.grade_id(cell=c): i for i, c in enumerate(nb.cells) if markup.grade_id(cell=c)
        }
        before = [positions[c.name] for c in cells[: order[gid]] if c.name in positions]
        after = [positions[c.name] for c in cells[order[gid] + 1 :] if c.name in positions]
        at = max(before) + 1 if before else (min(after) if after else len(nb.cells))
        nb.cells.insert(at, pulled[gid] if gid in pulled else _restored_cell(known[gid]))
    if moved:
        notes.append(
            f"cells out of order ({', '.join(moved)}): check cells put back after what they check"
        )
    if restored:
        notes.append(
            f"deleted check cells restored from the gradebook: {', '.join(c.name for c in restored)}"
        )
    lost = [c.name for c in missing if not c.locked]
    if lost:
        notes.append(f"exercise cells deleted (their functions may be missing): {', '.join(lost)}")


def prepare_submission(path, assignment, cells, release_ids=None, identify=None):
    """Check a submitted notebook and repair what nbgrader would get wrong.

    - unreadable files (empty, invalid JSON, not a notebook): ungradable, with the reason;
    - none of the assignment's tracked cells (another lesson, a new notebook): ungradable;
    - invalid or duplicated cell ids: made unique;
    - a tracked cell (grade id) more than once: the last copy is tracked (nbgrader's rule), the
      others run as ordinary code; cells tracked by another assignment run as ordinary code;
    - deleted locked (check) cells: put back from the gradebook after the cell before them;
    - tracked cells out of order: each check cell goes back right after the cell that precedes
      it in the original; exercise and untracked cells stay where they are;
    - edited locked cells: noted (nbgrader restores them from the gradebook).

    Args:
        path: the submitted ``.ipynb``.
        assignment: the assignment id (for messages).
        cells: the assignment's :class:`grader.records.SourceCell` list, in notebook order.
        release_ids: ids of the released notebook's cells, to count the cells a student added.
        identify: ``f(foreign_grade_ids) -> (assignment, count)`` naming the other assignment.

    Returns:
        grader.records.Prepared
    """
    nb, reason, notes = read_notebook_file(path)
    if nb is None:
        return Prepared(reason=reason)
    known = {c.name: c for c in cells}
    ids = [markup.grade_id(cell=cell) for cell in nb.cells]
    present = {i for i in ids if i in known}
    foreign = {i for i in ids if i and i not in known}
    if not present:
        return Prepared(reason=_not_this_assignment(nb, assignment, cells, foreign, identify))
    changed = _repair_cell_ids(nb)
    if changed and not notes:
        notes.append(f"{changed} missing or duplicated cell ids made unique")
    _untrack_extra_copies(nb, ids, known, foreign, notes)
    _reset_flags(nb, known, notes)
    _reorder_and_restore(nb, cells, present, notes)
    if release_ids is not None:
        extra = sum(
            1
            for cell in nb.cells
            if not markup.grade_id(cell=cell) and cell.get("id") not in release_ids
        )
        if extra > 0:
            notes.append(f"{extra} cells added by the student (run as ordinary code)")
    return Prepared(nb=nb, notes=notes)
