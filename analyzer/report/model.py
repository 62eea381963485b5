"""The report: everything an audit concludes, in one object every format renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = "1.0"
STATUSES = ("present", "partial", "absent", "not-applicable")


@dataclass(frozen=True, order=True)
class EvidenceItem:
    path: str
    line: int
    detail: str
    component: str = ""
    strength: str = "full"


@dataclass
class Verdict:
    id: str
    slug: str
    title: str
    tier: str
    status: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required components without full evidence
    discounted: list[EvidenceItem] = field(default_factory=list)  # found in code nothing uses


@dataclass(frozen=True, order=True)
class ExposureItem:
    kind: str
    path: str
    line: int
    detail: str


@dataclass
class ExposureProfile:
    level: str  # high | medium | low | none
    kinds: list[str] = field(default_factory=list)
    items: list[ExposureItem] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    id: str  # stable fingerprint: survives edits that only shift lines
    rule: str  # a rule id (HA101) or a primitive id (P5) for a missing/partial primitive
    primitive: str
    severity: str
    title: str
    message: str
    path: str
    line: int
    remediation: str
    suppressed: bool = False


@dataclass
class UpgradeStep:
    order: int
    primitive: str
    title: str
    status: str
    severity: str
    depends_on: list[str]
    steps: list[str]


@dataclass
class SuggestedTest:
    primitive: str
    name: str  # test function name
    checks: str
    file: str  # file name used by --emit-tests
    code: str  # the full test file this test lives in (same for tests of one primitive)


@dataclass
class SkippedFile:
    path: str
    reason: str


@dataclass
class Report:
    tool_version: str
    agent_detected: bool
    summary: str
    frameworks: list[str]
    primitives: list[Verdict]
    exposure: ExposureProfile
    findings: list[Finding]
    upgrade_path: list[UpgradeStep]
    suggested_tests: list[SuggestedTest]
    scanned: list[str]
    skipped: list[SkippedFile]
    fail_on: str = "high"
    schema_version: str = SCHEMA_VERSION

    def failing_findings(self) -> list[Finding]:
        """Findings at or above the --fail-on threshold ("none" fails on nothing)."""
        from analyzer.rubric import severity_rank

        if self.fail_on == "none":
            return []
        limit = severity_rank(self.fail_on)
        return [f for f in self.findings if not f.suppressed and severity_rank(f.severity) <= limit]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing_findings() else 0

    def to_dict(self) -> dict:
        """The JSON document (see analyzer/schemas/report.schema.json)."""
        return {
            "schema_version": self.schema_version,
            "tool_version": self.tool_version,
            "agent_detected": self.agent_detected,
            "summary": self.summary,
            "frameworks": list(self.frameworks),
            "primitives": [
                {
                    "id": v.id, "slug": v.slug, "title": v.title, "tier": v.tier, "status": v.status,
                    "evidence": [asdict(e) for e in v.evidence],
                    "missing": list(v.missing),
                    "discounted": [asdict(e) for e in v.discounted],
                }
                for v in self.primitives
            ],
            "exposure": {
                "level": self.exposure.level,
                "kinds": list(self.exposure.kinds),
                "items": [asdict(i) for i in self.exposure.items],
            },
            "findings": [asdict(f) for f in self.findings],
            "upgrade_path": [asdict(s) for s in self.upgrade_path],
            "suggested_tests": [
                {"primitive": t.primitive, "name": t.name, "checks": t.checks, "file": t.file}
                for t in self.suggested_tests
            ],
            "verdict": {
                "fail_on": self.fail_on,
                "failing_findings": len(self.failing_findings()),
                "exit_code": self.exit_code,
            },
            "files": {
                "scanned": list(self.scanned),
                "skipped": [asdict(s) for s in self.skipped],
            },
        }
