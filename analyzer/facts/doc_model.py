"""What a Markdown document or an agent configuration file says, before any judgement.

Kept apart from code evidence on purpose: a document *claims* a primitive, it does not prove
it. The judge shows claims next to the code's evidence and compares the two (drift); only a
design review, where the document is all there is, turns claims into verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRMNESS = ("mechanism", "mention", "aspiration")  # strongest first


@dataclass(frozen=True, order=True)
class Claim:
    """A sentence (or heading, or table row) of a document that addresses a primitive."""

    primitive: str
    path: str
    line: int
    firmness: str  # mechanism | mention | aspiration
    heading: str  # the section heading it sits under ("" before the first heading)
    text: str  # the sentence, shortened
    term: str  # the phrase that tied it to the primitive

    @property
    def rank(self) -> int:
        return FIRMNESS.index(self.firmness)


@dataclass(frozen=True, order=True)
class DocRisk:
    """A side effect a document says the agent has (the exposure kinds of code facts)."""

    kind: str
    path: str
    line: int
    heading: str
    text: str
    term: str


@dataclass(frozen=True, order=True)
class DocLine:
    """One line of a document that matters to a check, with the phrase that matched."""

    line: int
    text: str
    term: str = ""


@dataclass
class DocFacts:
    """Facts about one Markdown document as a whole."""

    role: str  # instructions (CLAUDE.md, AGENTS.md) | design
    family: str  # claude | codex for instruction files, "" for design docs
    size_bytes: int
    line_count: int
    risks: list[DocRisk] = field(default_factory=list)
    agent: DocLine | None = None  # first line that describes an LLM agent
    multi_agent: DocLine | None = None  # first line that describes several cooperating agents
    complexity: dict[str, DocLine] = field(default_factory=dict)  # supervisor, marketplace... -> first line
    verify: list[DocLine] = field(default_factory=list)  # test/lint commands in code
    prohibitions: dict[str, DocLine] = field(default_factory=dict)  # topic -> first prohibition
    imports: list[str] = field(default_factory=list)  # `@path` imports, relative to the audited root
    line_starts: tuple[int, ...] = ()  # byte offset of each line (instruction files: where a byte limit cuts)

    def line_at(self, offset: int) -> int:
        """The 1-based line holding byte `offset` (instruction files only; 1 otherwise)."""
        from bisect import bisect_right

        return max(1, bisect_right(self.line_starts, offset)) if self.line_starts else 1
