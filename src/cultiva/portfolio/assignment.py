"""Balanced automatic assignment of reviewers to projects. Plain data in and out, no ORM.

Each project gets `per_project` reviewers; each reviewer a fair share of the work (the loads
differ by at most one when conflicts allow it); a reviewer never gets a project they are in
conflict with; among reviewers with the same load, one whose declared domains match the
project's is preferred, and a final pass swaps reviewers between projects (loads unchanged)
wherever that gives more projects a reviewer of their domain. The same input always gives
the same answer. What cannot be done (too few reviewers free of conflict) is reported as a
shortfall per project, never raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (project id, reviewer id)


@dataclass(frozen=True)
class Slot:
    """A project or a reviewer: its id and its cultural domains."""

    id: int
    domains: frozenset[int] = frozenset()


@dataclass
class Plan:
    pairs: list[Pair]  # the new assignments, sorted
    shortfalls: dict[int, int]  # project id -> reviewers still missing
    loads: dict[int, int]  # reviewer id -> assignments (kept ones included)
    matched: int = 0  # new assignments whose reviewer shares a domain with the project
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.shortfalls


def _overlap(project: Slot, reviewer: Slot) -> int:
    return len(project.domains & reviewer.domains)


def assign(
    *,
    projects: Sequence[Slot],
    reviewers: Sequence[Slot],
    per_project: int,
    conflicts: Iterable[Pair] = (),
    existing: Mapping[int, Iterable[int]] | None = None,
    swap_passes: int = 3,
) -> Plan:
    """Fill every project up to `per_project` reviewers (counting those in `existing`, kept
    as they are). `conflicts` are the (project, reviewer) pairs that must not be made."""
    if per_project < 1:
        raise ValueError("per_project must be at least 1")
    blocked = set(conflicts)
    reviewers = sorted(reviewers, key=lambda r: r.id)
    projects = sorted(projects, key=lambda p: p.id)
    by_id = {r.id: r for r in reviewers}
    on: dict[int, set[int]] = {
        p.id: {r for r in (existing or {}).get(p.id, ()) if r in by_id} for p in projects
    }
    loads = {r.id: 0 for r in reviewers}
    for members in on.values():
        for reviewer_id in members:
            loads[reviewer_id] += 1

    def free(project: Slot) -> list[Slot]:
        return [
            r for r in reviewers if (project.id, r.id) not in blocked and r.id not in on[project.id]
        ]

    # The hardest projects first: those with the fewest reviewers free to take them.
    order = sorted(projects, key=lambda p: (len(free(p)), p.id))
    new: list[Pair] = []
    shortfalls: dict[int, int] = {}
    for project in order:
        missing = per_project - len(on[project.id])
        for _ in range(max(missing, 0)):
            candidates = free(project)
            if not candidates:
                break
            best = min(candidates, key=lambda r: (loads[r.id], -_overlap(project, r), r.id))
            on[project.id].add(best.id)
            loads[best.id] += 1
            new.append((project.id, best.id))
            missing -= 1
        if missing > 0:
            shortfalls[project.id] = missing

    new = _swap_for_expertise(new, on, blocked, {p.id: p for p in projects}, by_id, swap_passes)
    slots = {p.id: p for p in projects}
    matched = sum(1 for p, r in new if _overlap(slots[p], by_id[r]) > 0)
    notes = []
    if loads and max(loads.values()) - min(loads.values()) > 1:
        notes.append("unbalanced")
    return Plan(
        pairs=sorted(new),
        shortfalls=dict(sorted(shortfalls.items())),
        loads=loads,
        matched=matched,
        notes=notes,
    )


def _swap_for_expertise(
    new: list[Pair],
    on: dict[int, set[int]],
    blocked: set[Pair],
    projects: dict[int, Slot],
    reviewers: dict[int, Slot],
    passes: int,
) -> list[Pair]:
    """Exchange the reviewers of two new assignments (p, a) and (q, b) when b fits p's
    domains and a fits q's better than before; every reviewer keeps the same load."""
    pairs = list(new)
    for _ in range(passes):
        improved = False
        where: dict[int, list[int]] = {}  # reviewer -> indexes of their new pairs
        for index, (_p, r) in enumerate(pairs):
            where.setdefault(r, []).append(index)
        for i in range(len(pairs)):
            p, a = pairs[i]
            if _overlap(projects[p], reviewers[a]) > 0:
                continue
            for b in sorted(where):
                if b == a or b in on[p] or (p, b) in blocked:
                    continue
                gain_p = _overlap(projects[p], reviewers[b])
                if gain_p == 0:
                    continue
                for j in where[b]:
                    q, _b = pairs[j]
                    if q == p or a in on[q] or (q, a) in blocked:
                        continue
                    before = _overlap(projects[q], reviewers[b])
                    after = gain_p + _overlap(projects[q], reviewers[a])
                    if after > before:
                        pairs[i], pairs[j] = (p, b), (q, a)
                        on[p].discard(a)
                        on[p].add(b)
                        on[q].discard(b)
                        on[q].add(a)
                        where[b].remove(j)
                        where[b].append(i)
                        where[a].remove(i)
                        where[a].append(j)
                        improved = True
                        break
                if pairs[i][1] != a:
                    break
        if not improved:
            break
    return pairs
