"""Typed view of the rubric. Every word a user reads about a primitive comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("critical", "high", "medium", "low", "info")


def severity_rank(severity: str) -> int:
    """0 for critical ... 4 for info: sorts most severe first."""
    return SEVERITIES.index(severity)


def shift_severity(severity: str, steps: int) -> str:
    """Raise (negative steps) or lower (positive steps) a severity, clamped to the scale."""
    index = min(max(severity_rank(severity) + steps, 0), len(SEVERITIES) - 1)
    return SEVERITIES[index]


@dataclass(frozen=True)
class EvidenceComponent:
    id: str
    required: bool
    description: str


@dataclass(frozen=True)
class SuggestedTest:
    name: str
    checks: str


@dataclass(frozen=True)
class Primitive:
    id: str
    slug: str
    title: str
    tier: str
    summary: str
    rationale: str
    severity_absent: str
    severity_partial: str
    exposure_sensitive: bool
    depends_on: tuple[str, ...]
    evidence: tuple[EvidenceComponent, ...]
    not_evidence: tuple[str, ...]
    frameworks: tuple[tuple[str, str], ...]
    upgrade: tuple[str, ...]
    tests: tuple[SuggestedTest, ...]
    references: tuple[str, ...]
    source: str = ""

    @property
    def number(self) -> int:
        return int(self.id[1:]) if self.id[1:].isdigit() else 10_000

    def component(self, component_id: str) -> EvidenceComponent | None:
        return next((c for c in self.evidence if c.id == component_id), None)

    @property
    def required_components(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.evidence if c.required)


@dataclass(frozen=True)
class Rule:
    id: str
    slug: str
    primitive: str
    severity: str
    title: str
    message: str
    remediation: str
    help: str
    source: str = ""


@dataclass(frozen=True)
class Rubric:
    primitives: tuple[Primitive, ...]
    rules: tuple[Rule, ...] = field(default=())

    def primitive(self, key: str) -> Primitive:
        """Look a primitive up by id (`P5`, `p5`) or slug (`token-budget`)."""
        wanted = key.strip()
        for primitive in self.primitives:
            if wanted.upper() == primitive.id or wanted.lower() == primitive.slug:
                return primitive
        raise KeyError(key)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id.upper() or rule.slug == rule_id.lower():
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.primitives)
