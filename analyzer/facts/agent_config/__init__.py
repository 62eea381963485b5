"""Facts for one agent configuration file: Claude Code settings, `.mcp.json`, Codex config.

Each file is parsed once (`analyzer/parse/config.py`); every check registered for its type
runs on it. Hits become HA2xx findings; credited controls (`FileFacts.controls`) are shown as
the set-up's P2/P7 evidence but never count as the code's own evidence. A file that does not
parse comes back skipped, with the line the parser stopped at.
"""

from __future__ import annotations

from analyzer.facts.agent_config import claude_settings, codex, definitions, gemini, mcp_servers  # noqa: F401  (registers checks)
from analyzer.facts.agent_config.base import ConfigCheck, ConfigWriter, config_type
from analyzer.facts.agent_config.hook_shell import shell_hook_actions
from analyzer.facts.check import registered
from analyzer.facts.model import FileFacts
from analyzer.facts.vocabulary import load_vocabulary
from analyzer.parse.config import ConfigParseError, parse_frontmatter, parse_json, parse_toml

_SIGNALS = {"claude-settings": "config:claude-code", "claude-agent": "config:claude-code",
            "claude-command": "config:claude-code", "mcp": "config:mcp", "codex": "config:codex",
            "codex-agent": "config:codex", "gemini": "config:gemini-cli"}
_PARSERS = {"codex": parse_toml, "codex-agent": parse_toml, "claude-agent": parse_frontmatter,
            "claude-command": parse_frontmatter}


def load_config_checks() -> list[type[ConfigCheck]]:
    return registered("config")


def analyze_config(text: str, path: str, checks: list[type[ConfigCheck]] | None = None) -> FileFacts:
    facts = FileFacts(path=path, kind="config")
    kind = config_type(path)
    if not kind:
        facts.skipped = "not an agent configuration file this tool reads"
        return facts
    try:
        doc = _PARSERS.get(kind, parse_json)(text, path)
    except ConfigParseError as error:
        facts.skipped = str(error)
        facts.skipped_line = error.line
        return facts
    vocab = load_vocabulary()
    facts.signals.add(_SIGNALS[kind])
    for check in checks if checks is not None else load_config_checks():
        if kind in check.applies_to:
            check().run(doc, ConfigWriter(doc, text, facts, check.id, vocab))
    return facts.sort()


def analyze_shell(text: str, path: str) -> FileFacts:
    """A shell script where agent clients keep hooks: what it does when a hook runs it."""
    facts = FileFacts(path=path, kind="shell")
    facts.hook_actions = shell_hook_actions(text)
    return facts.sort()
