"""Agent-config checks: the `Check` protocol (`analyzer/facts/check.py`) for one parsed config file.

Each carries POSITIVE and NEGATIVE examples (file text, `Example`) that
`tests/test_check_examples.py` runs with every other check's. Fact keys: a rule id (`HA210`)
for a hit, and `P2/gate` for a credited control.
"""

from __future__ import annotations

from typing import ClassVar

from analyzer.facts.agent_config.features import feature_evidence
from analyzer.facts.check import Check
from analyzer.facts.model import FileFacts, Hit, HookRef
from analyzer.facts.vocabulary import Vocabulary
from analyzer.parse.config import ConfigDoc

CLAUDE_SETTINGS = ("settings.json", "settings.local.json")  # under .claude/
MCP_CONFIG = ".mcp.json"
CODEX_CONFIG = "config.toml"  # under .codex/
GEMINI_SETTINGS = "settings.json"  # under .gemini/
# Folders whose shell scripts are read as hooks (a hook elsewhere is named but not read).
HOOK_SCRIPT_FOLDERS = (".claude", ".codex", ".gemini", "hooks", ".githooks")
SHELL_SUFFIXES = (".sh", ".bash")


def config_type(relpath: str) -> str:
    """claude-settings | claude-agent | claude-command | mcp | codex | codex-agent | gemini | "" for a path."""
    parts = relpath.split("/")
    name = parts[-1]
    parent = parts[-2] if len(parts) > 1 else ""
    grandparent = parts[-3] if len(parts) > 2 else ""
    if parent == ".claude" and name in CLAUDE_SETTINGS:
        return "claude-settings"
    if name == MCP_CONFIG:
        return "mcp"
    if parent == ".codex" and name == CODEX_CONFIG:
        return "codex"
    if parent == ".gemini" and name == GEMINI_SETTINGS:
        return "gemini"
    if parent == "agents" and grandparent == ".claude" and name.endswith(".md"):
        return "claude-agent"
    if ".claude/commands/" in relpath or relpath.startswith(".claude/commands/"):
        return "claude-command" if name.endswith(".md") else ""
    if parent == "agents" and grandparent == ".codex" and name.endswith(".toml"):
        return "codex-agent"
    return ""


def is_hook_script(relpath: str) -> bool:
    """A shell script in a folder where agent clients keep hooks."""
    parts = relpath.split("/")
    return parts[-1].endswith(SHELL_SUFFIXES) and any(p in HOOK_SCRIPT_FOLDERS for p in parts[:-1])


class ConfigWriter:
    """What a check uses to record hits and credited controls, each at its key's line."""

    def __init__(self, doc: ConfigDoc, text: str, facts: FileFacts, check_id: str, vocab: Vocabulary):
        self.doc, self.facts, self.check_id, self.vocab = doc, facts, check_id, vocab
        self._lines = text.splitlines()

    def _snippet(self, line: int) -> str:
        return self._lines[line - 1].strip() if 0 < line <= len(self._lines) else ""

    def hit(self, rule: str, keys: tuple, detail: str, secret: bool = False) -> None:
        """Record a rule hit at the line of `keys`. A hit about a secret keeps the line's text
        out of the facts (its masked detail stands in for it)."""
        line = self.doc.line(*keys)
        self.facts.hits.append(Hit(rule, self.doc.path, line, detail, ".".join(str(k) for k in keys),
                                   detail if secret else self._snippet(line)))

    def feature(self, feature_id: str, keys: tuple, detail: str) -> None:
        """Credit a client feature at the line of `keys`: one control per primitive component it
        provides, as `rubrics/clients/agent-clients.yaml` says."""
        line = self.doc.line(*keys)
        self.facts.controls += feature_evidence(feature_id, self.doc.path, line, detail, self._snippet(line))

    def hook(self, ref: HookRef) -> None:
        self.facts.hook_refs.append(ref)

    def signal(self, name: str) -> None:
        self.facts.signals.add(name)


class ConfigCheck(Check):
    """A check of one agent config file: set `applies_to` (config types); implement `run`."""

    kind = "config"
    default_path = ".claude/settings.json"
    applies_to: ClassVar[tuple[str, ...]]

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        raise NotImplementedError


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    return value if isinstance(value, list) else []
