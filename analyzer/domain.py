"""The domain types every layer shares: evidence, verdicts, findings, exposure, the plan and the report.

Facts, the judge, the plan and every output format import them from here; how a report is
written out (JSON, SARIF, text, ...) lives in `analyzer/report/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.rubric import Rubric

SCHEMA_VERSION = "1.4"
STATUSES = ("present", "partial", "absent", "not-applicable")


@dataclass(frozen=True, order=True)
class EvidenceItem:
    path: str
    line: int
    detail: str
    component: str = ""
    strength: str = "full"


@dataclass(frozen=True, order=True)
class ClaimItem:
    """What a document says about a primitive: shown beside the evidence, never counted as it."""

    path: str
    line: int
    firmness: str  # mechanism | mention | aspiration
    heading: str
    text: str


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
    claims: list[ClaimItem] = field(default_factory=list)  # what the project's documents say about it
    config_evidence: list[EvidenceItem] = field(default_factory=list)  # controls set in agent config files
    config_status: str = ""  # the agent-client set-up's own verdict ("" when the project configures no client)


@dataclass(frozen=True, order=True)
class ExposureItem:
    kind: str
    path: str
    line: int
    detail: str


# Side effects that make an agent high-exposure (and raise exposure-sensitive severities).
HIGH_RISK_EXPOSURE = frozenset({"shell", "code-exec", "payments", "file-delete", "messaging", "network-send", "db-write"})


@dataclass
class ExposureProfile:
    level: str  # high | medium | low | none
    kinds: list[str] = field(default_factory=list)
    items: list[ExposureItem] = field(default_factory=list)

    def severity_shift(self) -> int:
        """Steps to move an exposure-sensitive severity: up one for high risk, down one for read-only."""
        return {"high": -1, "medium": 0, "low": 1, "none": 0}[self.level]


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
    confidence: str  # high | medium | low: how strong the evidence is, apart from severity
    suppressed: bool = False
    suppression_reason: str = ""  # the reason written in the inline suppression comment


@dataclass(frozen=True, order=True)
class CodePlace:
    """Where in the audited project a fix goes: a file, a line and the function holding it ("" = module level)."""

    path: str
    line: int
    function: str
    what: str  # the finding or part of the harness found there ("HA103", "dispatcher", ...)


@dataclass
class UpgradeStep:
    order: int
    primitive: str
    title: str
    status: str  # absent | partial | present (present: only line-level rule hits to fix)
    severity: str  # the most severe unsuppressed finding of the primitive (its own or a rule hit)
    depends_on: list[str]
    steps: list[str]
    rules: list[str] = field(default_factory=list)  # rule hits under this primitive
    needed_by: list[str] = field(default_factory=list)  # later, more urgent steps that wait on this one
    reason: str = ""  # why it stands here: its own severity, or the step that needs it first
    where: list[CodePlace] = field(default_factory=list)  # the files and functions to change


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
    line: int | None = None  # where a malformed config or document stops parsing


@dataclass
class DocumentSummary:
    """One Markdown document: its role and, per primitive it addresses, its firmest claim."""

    path: str
    role: str  # instructions | design
    size_bytes: int
    lines: int
    primitives: dict[str, str] = field(default_factory=dict)  # primitive id -> mechanism | mention | aspiration


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
    baselined: int = 0  # findings left out because the --baseline file lists them
    baseline_used: bool = False
    path_prefix: str = ""  # the audited root relative to the repository root ("" = same); SARIF/GitHub URIs
    cwd_prefix: str = ""  # the audited root relative to the working directory ("" = same); paths people read
    rubric: "Rubric | None" = field(default=None, repr=False, compare=False)  # what the audit judged against (SARIF rules)
    mode: str = "code"  # code | design-review | agent-config | code+agent-config (analyzer/judge/config_harness.py)
    documents: list[DocumentSummary] = field(default_factory=list)
    anatomy: dict = field(default_factory=dict)  # the agent as the project model sees it (analyzer/project/anatomy.py)

    @property
    def suppressed_count(self) -> int:
        return sum(1 for f in self.findings if f.suppressed)

    def repo_path(self, path: str) -> str:
        """A finding's path relative to the repository root (finding paths are relative to the audited root)."""
        if path in ("", "."):
            return self.path_prefix or "."
        return f"{self.path_prefix}/{path}" if self.path_prefix else path

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
