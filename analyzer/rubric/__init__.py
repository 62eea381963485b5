"""The rubric: what the primitives and rules are. Data lives in `rubrics/*.yaml`."""

from analyzer.rubric.load import RubricError, load_rubric
from analyzer.rubric.model import (
    SEVERITIES,
    EvidenceComponent,
    Primitive,
    Rubric,
    Rule,
    SuggestedTest,
    severity_rank,
    shift_severity,
)

__all__ = [
    "SEVERITIES",
    "EvidenceComponent",
    "Primitive",
    "Rubric",
    "RubricError",
    "Rule",
    "SuggestedTest",
    "load_rubric",
    "severity_rank",
    "shift_severity",
]
