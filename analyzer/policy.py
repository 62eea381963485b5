"""Which findings count, and how severe: `select`, `ignore` and severity overrides.

Set in `[tool.harness-audit]` or on the command line (see `analyzer/config.py`) and applied to
the judged findings before the report is built (by `analyzer/finding_filter.py:decide`, the
one place that rules on a finding), so every format shows the same findings.

- An id is a rule id (HA103) or a primitive id (P2); a primitive id also covers every rule of
  that primitive. Slugs work too (`token-budget`, `ungated-shell-tool`).
- `select` keeps only what it names (empty = everything); `ignore` then drops what it names,
  and wins over `select`.
- A severity override names a rule or a primitive; a rule's own override wins over its
  primitive's. The finding's id does not change with its severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.rubric import Rubric


def resolve_id(rubric: Rubric, key: str) -> str | None:
    """The rule or primitive id `key` names (an id or a slug, any case), or None."""
    try:
        return rubric.primitive(key).id
    except KeyError:
        pass
    try:
        return rubric.rule(key).id
    except KeyError:
        return None


@dataclass(frozen=True)
class Policy:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = field(default=())  # (rule or primitive id, severity)
