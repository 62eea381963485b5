"""Codex CLI configuration: `.codex/config.toml` (the project layer of Codex's config).

`sandbox_mode` (`read-only`, `workspace-write`, `danger-full-access`) bounds what commands can
touch; `approval_policy` (`untrusted`, `on-request`, `on-failure`, `never`) decides when Codex
asks. Both can be set at the top level and per `[profiles.NAME]`. A full-access sandbox is a
finding (HA230); with `never` asking on top, nothing stands between the model and the machine
(HA231). MCP servers in `[mcp_servers.NAME]` get the same checks as `.mcp.json`.
"""

from __future__ import annotations

from analyzer.facts.agent_config.base import ConfigCheck, ConfigWriter, as_dict
from analyzer.facts.agent_config.mcp_servers import SECRET_RULE, UNPINNED_RULE, check_server
from analyzer.facts.check import Example, config_check
from analyzer.parse.config import ConfigDoc

FULL_ACCESS = "danger-full-access"
ASKING_POLICIES = {"untrusted": "codex.approval-asks", "on-request": "codex.approval-asks",
                   "on-failure": "codex.approval-on-failure"}
CONTAINED_SANDBOXES = ("read-only", "workspace-write")
DOC_LIMIT_SIGNAL = "config:codex:project_doc_max_bytes="  # + bytes; read by the AGENTS.md size rule


def _scopes(data: dict) -> list[tuple[tuple, dict]]:
    """(key prefix, table) for the top level and each profile."""
    scopes = [((), data)]
    for name, profile in as_dict(data.get("profiles")).items():
        scopes.append((("profiles", name), as_dict(profile)))
    return scopes


@config_check
class CodexSandboxAndApprovals(ConfigCheck):
    """Sandbox and approval policy, top level and per profile."""

    id = "codex.sandbox-approvals"
    applies_to = ("codex",)
    emits = ("HA230", "HA231", "P2/gate", "P2/approval")
    POSITIVE = (
        Example('sandbox_mode = "danger-full-access"\n', expect="HA230", path=".codex/config.toml",
                line=1, message="default: sandbox_mode = \"danger-full-access\""),
        Example('approval_policy = "never"\nsandbox_mode = "danger-full-access"\n', expect="HA231",
                path=".codex/config.toml"),
        Example('sandbox_mode = "danger-full-access"\n[profiles.ci]\napproval_policy = "never"\n',
                expect="HA231", path=".codex/config.toml"),
        Example('sandbox_mode = "workspace-write"\n', expect="P2/gate", path=".codex/config.toml"),
        Example('approval_policy = "on-request"\n', expect="P2/approval", path=".codex/config.toml"),
    )
    NEGATIVE = (
        Example('approval_policy = "never"\nsandbox_mode = "workspace-write"\n', expect="HA231",
                path=".codex/config.toml"),
        Example('model = "gpt-5-codex"\n', path=".codex/config.toml"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        top_sandbox = data.get("sandbox_mode")
        for prefix, table in _scopes(data):
            sandbox = table.get("sandbox_mode", top_sandbox if prefix else None)
            where = f"profile {prefix[1]}" if prefix else "default"
            if "sandbox_mode" in table:
                if table["sandbox_mode"] == FULL_ACCESS:
                    out.hit("HA230", prefix + ("sandbox_mode",), f"{where}: sandbox_mode = \"{FULL_ACCESS}\"")
                elif table["sandbox_mode"] in CONTAINED_SANDBOXES:
                    out.feature("codex.contained-sandbox", prefix + ("sandbox_mode",),
                                f"Codex {where}: commands run in a {table['sandbox_mode']} sandbox")
            policy = table.get("approval_policy")
            if policy == "never" and sandbox == FULL_ACCESS:
                out.hit("HA231", prefix + ("approval_policy",),
                        f"{where}: approval_policy = \"never\" with sandbox_mode = \"{FULL_ACCESS}\"")
            elif isinstance(policy, str) and policy in ASKING_POLICIES:
                out.feature(ASKING_POLICIES[policy], prefix + ("approval_policy",),
                            f"Codex {where}: approval_policy = \"{policy}\"")
        limit = data.get("project_doc_max_bytes")
        if isinstance(limit, int) and not isinstance(limit, bool):
            out.signal(f"{DOC_LIMIT_SIGNAL}{limit}")
        out.signal("config:codex")


@config_check
class CodexMcpServers(ConfigCheck):
    """`[mcp_servers.NAME]`: pinned packages, no literal secrets."""

    id = "codex.mcp-servers"
    applies_to = ("codex",)
    emits = (UNPINNED_RULE, SECRET_RULE)
    POSITIVE = (
        Example('[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "mcp-docs-server"]\n',
                expect=UNPINNED_RULE, path=".codex/config.toml",
                line=3, message="server `docs` runs `npx mcp-docs-server` with no version"),
        Example('[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "gh-mcp@2.1.0"]\n'
                '[mcp_servers.gh.env]\nGITHUB_TOKEN = "ghp_4f9KxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9EeUu"\n',
                expect=SECRET_RULE, path=".codex/config.toml"),
    )
    NEGATIVE = (
        Example('[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "mcp-docs-server@1.0.3"]\n'
                'env = { DOCS_TOKEN = "${DOCS_TOKEN}" }\n', path=".codex/config.toml"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        for name, server in as_dict(as_dict(doc.data).get("mcp_servers")).items():
            check_server(str(name), as_dict(server), ("mcp_servers", name), out)


@config_check
class CodexToolPools(ConfigCheck):
    """Per-server tool allow-lists (`enabled_tools`, `disabled_tools`) and caps on subagent
    threads, depth and run time (`[agents]`)."""

    id = "codex.tool-pools"
    applies_to = ("codex",)
    emits = ("P9/per-run-assembly", "P5/turn-limit")
    POSITIVE = (
        Example('[mcp_servers.gh]\ncommand = "gh-mcp"\nenabled_tools = ["search_issues", "get_issue"]\n',
                      expect="P9/per-run-assembly", path=".codex/config.toml", line=3, message='MCP server `gh`: enabled_tools = 2 tools'),
        Example('[agents]\nmax_threads = 3\nmax_depth = 1\n', expect="P5/turn-limit", path=".codex/config.toml"),
    )
    NEGATIVE = (
        Example('[mcp_servers.gh]\ncommand = "gh-mcp"\nenabled_tools = []\n', path=".codex/config.toml"),
        Example('[mcp_servers.gh]\ncommand = "gh-mcp"\n# enabled_tools = ["search_issues"]\n',
                      path=".codex/config.toml"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        for name, server in as_dict(data.get("mcp_servers")).items():
            server = as_dict(server)
            for key in ("enabled_tools", "disabled_tools"):
                tools = server.get(key)
                if isinstance(tools, list) and tools:
                    out.feature("codex.mcp-tool-allowlist", ("mcp_servers", name, key),
                                f"MCP server `{name}`: {key} = {len(tools)} tool{'s' if len(tools) != 1 else ''}")
        agents = as_dict(data.get("agents"))
        caps = [k for k in ("max_threads", "max_depth", "job_max_runtime_seconds") if isinstance(agents.get(k), int)]
        if caps:
            out.feature("codex.agent-limits", ("agents", caps[0]),
                        "subagents capped: " + ", ".join(f"{k} = {agents[k]}" for k in caps))
