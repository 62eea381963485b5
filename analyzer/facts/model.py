"""What one file says about the agent, before any project-level judgement.

Every fact carries its path and line. A file is analysed on its own into a `FileFacts`; the
judge combines many of them. Nothing here knows about the rubric's wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from analyzer.facts.doc_model import Claim, DocFacts

if TYPE_CHECKING:
    from analyzer.project.summary import ModuleSummary

# Side-effect kinds a tool can reach, most dangerous first.
EXPOSURE_KINDS = (
    "shell",
    "code-exec",
    "payments",
    "file-delete",
    "messaging",
    "network-send",
    "db-write",
    "file-write",
)


@dataclass(frozen=True, order=True)
class Evidence:
    """A piece of a primitive found in code: `primitive`/`component` as named in the rubric."""

    primitive: str
    component: str
    path: str
    line: int
    detail: str
    strength: str = "full"  # "full" or "weak" (weak evidence alone makes a primitive partial)
    check: str = ""
    owner: str = ""  # top-level function/class holding it; evidence in unused code is discounted
    snippet: str = ""  # the source line, stripped (for display and stable fingerprints)


@dataclass(frozen=True, order=True)
class Exposure:
    """A side effect reachable from code: what kind, where, and which functions reach it."""

    kind: str
    path: str
    line: int
    detail: str
    functions: tuple[str, ...] = ()  # functions in this file that reach it (directly or by a local call)
    in_tool: bool = False  # reached from a function this file marks as a tool
    snippet: str = ""


@dataclass(frozen=True, order=True)
class Hit:
    """A line-level rule match (`rule` is an id such as HA101)."""

    rule: str
    path: str
    line: int
    detail: str
    symbol: str = ""
    snippet: str = ""


@dataclass(frozen=True, order=True)
class Symbol:
    """A named part of the harness that suggested tests can import and exercise."""

    role: str  # agent-loop, dispatcher, registry, tool, permission-gate, session-store, budget, event-log
    name: str  # Class.method or function name
    module: str  # dotted import path of the file, e.g. "agent.loop"
    path: str
    line: int


@dataclass(frozen=True, order=True)
class Suppression:
    """An inline `harness-audit: ignore[IDS] reason` comment (applied by `analyzer/suppress.py`)."""

    path: str
    line: int
    ids: tuple[str, ...]  # as written, upper-cased; empty when the brackets are missing or empty
    reason: str = ""
    text: str = ""  # the directive as written, for messages and stable fingerprints
    standalone: bool = True  # alone on its line, so it also covers the next line


@dataclass(frozen=True, order=True)
class HookAction:
    """What a hook script does when it runs (analyzer/facts/agent_config/hook_*.py).

    `kind`: `deny` (blocks the call: exit 2, or a JSON deny/block decision), `soft-exit` (exits
    non-zero but not 2 after testing the call: Claude Code runs the call anyway), `record`
    (appends a record to a file), `test` (runs the project's tests). `on_input` is true when the action sits
    behind a test of what the hook read from stdin (the tool call), so it does not fire always.
    `decision` marks a record that carries the hook's decision."""

    kind: str
    line: int
    detail: str
    on_input: bool = False
    decision: bool = False
    structured: bool = False


@dataclass(frozen=True, order=True)
class HookRef:
    """A hook a client's settings register: the event, what it matches, the command and, when the
    command runs a script of the project, that script's path (relative to the audited root)."""

    client: str
    event: str
    matcher: str
    path: str  # the settings file
    line: int
    command: str
    script: str = ""
    inline: tuple[HookAction, ...] = ()  # what the command itself does when it is shell text


@dataclass
class FileFacts:
    path: str  # relative to the audited root, POSIX separators
    kind: str  # python | markdown | config
    evidence: list[Evidence] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)
    signals: set[str] = field(default_factory=set)  # e.g. model-call, framework:langgraph, multi-agent
    tool_names: set[str] = field(default_factory=set)  # functions this file registers as tools
    skipped: str | None = None  # why the file could not be analysed
    suppressions: list[Suppression] = field(default_factory=list)  # inline ignore comments
    skipped_line: int | None = None  # where a file that does not parse stops parsing
    claims: list[Claim] = field(default_factory=list)  # what a document says about primitives (never evidence)
    doc: DocFacts | None = None  # a Markdown document's own facts (role, size, risks, instructions)
    controls: list[Evidence] = field(default_factory=list)  # controls an agent config file sets (Claude Code, Codex)
    summary: "ModuleSummary | None" = None  # a Python file's part of the project model (analyzer/project)
    hook_actions: list[HookAction] = field(default_factory=list)  # what the file does when run as a hook
    hook_refs: list[HookRef] = field(default_factory=list)  # hooks an agent config registers

    def sort(self) -> "FileFacts":
        self.evidence.sort()
        self.exposures.sort()
        self.hits.sort()
        self.symbols.sort()
        self.claims.sort()
        self.controls.sort()
        self.hook_actions.sort()
        self.hook_refs.sort()
        return self
