"""Agent and command definitions: Claude Code subagents (`.claude/agents/*.md`) and slash
commands (`.claude/commands/*.md`) by their YAML frontmatter, Codex custom agents
(`.codex/agents/*.toml`), and the project MCP allow-list of Claude Code settings.

A subagent is a typed role; its `tools` list is what it may call (omitted, it inherits every
tool, so the role is not enforced). A command's `allowed-tools` assembles the tools of that
run. A Codex agent's own `sandbox_mode` bounds what it may do.
"""

from __future__ import annotations

from analyzer.facts.agent_config.base import ConfigCheck, ConfigWriter, as_dict, as_list
from analyzer.facts.check import Example, config_check
from analyzer.parse.config import ConfigDoc

_SUBAGENT = ".claude/agents/reviewer.md"
_COMMAND = ".claude/commands/release.md"
_CODEX_AGENT = ".codex/agents/reviewer.toml"


def tool_list(value) -> list[str]:
    """`tools: Read, Grep` or `tools: [Read, Grep]` -> ["Read", "Grep"]."""
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return [str(t).strip() for t in as_list(value) if str(t).strip()]


@config_check
class ClaudeSubagent(ConfigCheck):
    """A subagent definition: its role, the tools it is limited to, its turn cap."""

    id = "claude.subagent"
    applies_to = ("claude-agent",)
    emits = ("P12/typed-roles", "P12/enforced-tools", "P5/turn-limit")
    POSITIVE = (
        Example("---\nname: reviewer\ndescription: Reviews diffs\ntools: Read, Grep, Glob\n---\nYou review.\n",
                      expect="P12/enforced-tools", path=_SUBAGENT, line=4, message='subagent `reviewer` may call only: Read, Grep, Glob'),
        Example("---\nname: fixer\ndescription: Fixes tests\nmaxTurns: 12\n---\nFix.\n",
                      expect="P5/turn-limit", path=_SUBAGENT),
        Example("---\nname: fixer\ndescription: Fixes tests\n---\nFix.\n", expect="P12/typed-roles", path=_SUBAGENT),
    )
    NEGATIVE = (
        Example("---\nname: fixer\ndescription: Fixes tests\n---\nFix.\n", expect="P12/enforced-tools",
                      path=_SUBAGENT),
        Example("# Reviewer\n\ntools: Read, Grep\n", path=_SUBAGENT),
        Example("---\nname: off\ndescription: x\ntools: Read\ndisabled: true\n---\n", path=_SUBAGENT),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        name = data.get("name")
        if not isinstance(name, str) or not data.get("description") or data.get("disabled") is True:
            return
        out.feature("claude.subagent", ("name",), f"subagent `{name}`")
        tools = tool_list(data.get("tools"))
        if "tools" in data and "*" not in tools:
            out.feature("claude.subagent-tools", ("tools",),
                        f"subagent `{name}` may call only: {', '.join(tools) if tools else 'no tools'}")
        turns = data.get("maxTurns")
        if isinstance(turns, int) and not isinstance(turns, bool) and turns > 0:
            out.feature("claude.subagent-max-turns", ("maxTurns",), f"subagent `{name}` stops after {turns} turns")


@config_check
class ClaudeCommand(ConfigCheck):
    """A slash command that runs with only the tools its `allowed-tools` names."""

    id = "claude.command"
    applies_to = ("claude-command",)
    emits = ("P9/per-run-assembly",)
    POSITIVE = (Example("---\nallowed-tools: Bash(git add:*), Bash(git commit:*)\ndescription: Commit\n---\n"
                              "Commit the staged work.\n", path=_COMMAND, line=2, message='/release runs with only: Bash(git add:*), Bash(git commit:*)'),)
    NEGATIVE = (Example("---\ndescription: Commit\n---\nCommit.\n", path=_COMMAND),
                Example("Commit the work. allowed-tools: Bash\n", path=_COMMAND))

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        tools = tool_list(as_dict(doc.data).get("allowed-tools"))
        if tools:
            command = doc.path.rsplit("/", 1)[-1][:-3]
            out.feature("claude.command-allowed-tools", ("allowed-tools",),
                        f"/{command} runs with only: {', '.join(tools[:4])}{' ...' if len(tools) > 4 else ''}")


@config_check
class ClaudeMcpAllowlist(ConfigCheck):
    """`enabledMcpjsonServers` names the project MCP servers this set-up uses."""

    id = "claude.mcp-allowlist"
    applies_to = ("claude-settings",)
    emits = ("P9/per-run-assembly",)
    POSITIVE = (Example('{"enabledMcpjsonServers": ["github"]}', line=1, message='project MCP servers enabled: github'),)
    NEGATIVE = (Example('{"enabledMcpjsonServers": []}'),
                Example('{"enabledMcpjsonServers": ["github"], "enableAllProjectMcpServers": true}'))

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        servers = [str(s) for s in as_list(data.get("enabledMcpjsonServers"))]
        if servers and data.get("enableAllProjectMcpServers") is not True:
            out.feature("claude.mcp-allowlist", ("enabledMcpjsonServers",),
                        f"project MCP servers enabled: {', '.join(servers)}")


@config_check
class CodexAgent(ConfigCheck):
    """A Codex custom agent: its role, and the sandbox it runs in."""

    id = "codex.agent"
    applies_to = ("codex-agent",)
    emits = ("P12/typed-roles", "P12/enforced-tools")
    POSITIVE = (
        Example('name = "reviewer"\ndescription = "Reviews"\ndeveloper_instructions = "Review only."\n'
                      'sandbox_mode = "read-only"\n', expect="P12/enforced-tools", path=_CODEX_AGENT, line=4, message='Codex agent `reviewer` runs in a read-only sandbox'),
        Example('name = "reviewer"\ndescription = "Reviews"\ndeveloper_instructions = "Review only."\n',
                      expect="P12/typed-roles", path=_CODEX_AGENT),
    )
    NEGATIVE = (
        Example('name = "reviewer"\ndescription = "Reviews"\ndeveloper_instructions = "x"\n'
                      'sandbox_mode = "danger-full-access"\n', expect="P12/enforced-tools", path=_CODEX_AGENT),
        Example('description = "no name"\n', path=_CODEX_AGENT),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        name = data.get("name")
        if not isinstance(name, str) or not data.get("developer_instructions"):
            return
        out.feature("codex.agent-role", ("name",), f"Codex agent `{name}`")
        if data.get("sandbox_mode") in ("read-only", "workspace-write"):
            out.feature("codex.agent-sandbox", ("sandbox_mode",),
                        f"Codex agent `{name}` runs in a {data['sandbox_mode']} sandbox")
