"""Gemini CLI project settings: `.gemini/settings.json`.

Since v0.3 the keys are nested (`tools.exclude`, `tools.sandbox`, `tools.core`,
`general.defaultApprovalMode`, `model.maxSessionTurns`); older files use flat names
(`excludeTools`, `sandbox`, `coreTools`, `maxSessionTurns`). Both are read. YOLO mode cannot be
set in the file (command line only), so the file alone never disables approvals.
"""

from __future__ import annotations

from analyzer.facts.agent_config.base import ConfigCheck, ConfigWriter, as_dict, as_list
from analyzer.facts.check import Example, config_check
from analyzer.parse.config import ConfigDoc

_SETTINGS = ".gemini/settings.json"
_ASKING_MODES = ("default", "plan")


def _setting(data: dict, nested: tuple[str, str], flat: str) -> tuple[object, tuple]:
    """The value and key path of a setting, nested form first."""
    section = as_dict(data.get(nested[0]))
    if nested[1] in section:
        return section[nested[1]], nested
    if flat in data:
        return data[flat], (flat,)
    return None, nested


@config_check
class GeminiSettings(ConfigCheck):
    """Exclusions, sandbox, approval mode, tool allow-lists, turn cap and local telemetry."""

    id = "gemini.settings"
    applies_to = ("gemini",)
    emits = ("P2/classification", "P2/gate", "P9/per-run-assembly", "P5/turn-limit", "P7/tool-events")
    POSITIVE = (
        Example('{"tools": {"exclude": ["run_shell_command(rm)", "web_fetch"]}}', expect="P2/classification",
                      path=_SETTINGS, line=1, message='2 excluded tool(s): `run_shell_command(rm)`, `web_fetch`'),
        Example('{"excludeTools": ["run_shell_command(git push)"]}', expect="P2/classification", path=_SETTINGS),
        Example('{"tools": {"sandbox": "docker"}}', expect="P2/gate", path=_SETTINGS),
        Example('{"ui": {"theme": "GitHub"}}', expect="P2/gate", path=_SETTINGS),  # default mode asks
        Example('{"model": {"maxSessionTurns": 40}}', expect="P5/turn-limit", path=_SETTINGS),
        Example('{"mcpServers": {"gh": {"command": "gh-mcp", "includeTools": ["get_issue"]}}}',
                      expect="P9/per-run-assembly", path=_SETTINGS),
        Example('{"telemetry": {"enabled": true, "target": "local", "outfile": ".gemini/telemetry.log"}}',
                      expect="P7/tool-events", path=_SETTINGS),
    )
    NEGATIVE = (
        Example('{"tools": {"sandbox": false}, "model": {"maxSessionTurns": -1}}', expect="P5/turn-limit",
                      path=_SETTINGS),
        Example('{"tools": {"sandbox": false}, "general": {"defaultApprovalMode": "auto_edit"}}', expect="P2/gate",
                      path=_SETTINGS),
        Example('{"general": {"defaultApprovalMode": "auto_edit"}, "telemetry": {"enabled": false, '
                      '"outfile": "t.log"}}', expect="P7/tool-events", path=_SETTINGS),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        excluded, keys = _setting(data, ("tools", "exclude"), "excludeTools")
        if as_list(excluded):
            out.feature("gemini.exclude-tools", keys, f"{len(excluded)} excluded tool(s): "
                        + ", ".join(f"`{t}`" for t in as_list(excluded)[:3]))
        sandbox, keys = _setting(data, ("tools", "sandbox"), "sandbox")
        if sandbox is True or isinstance(sandbox, str) and sandbox.strip():
            out.feature("gemini.sandbox", keys, f"tool calls run in the sandbox ({sandbox})")
        mode, keys = _setting(data, ("general", "defaultApprovalMode"), "defaultApprovalMode")
        if (mode or "default") in _ASKING_MODES:
            out.feature("gemini.approval-asks", keys, f"approval mode is {mode or 'default (not set)'}")
        core, keys = _setting(data, ("tools", "core"), "coreTools")
        if as_list(core):
            out.feature("gemini.core-tools", keys, f"only these built-in tools: {', '.join(map(str, as_list(core)[:4]))}")
        for name, server in as_dict(data.get("mcpServers")).items():
            server = as_dict(server)
            for key in ("includeTools", "excludeTools"):
                if as_list(server.get(key)):
                    out.feature("gemini.mcp-tool-allowlist", ("mcpServers", name, key),
                                f"MCP server `{name}`: {key} = {len(server[key])} tool(s)")
        turns, keys = _setting(data, ("model", "maxSessionTurns"), "maxSessionTurns")
        if isinstance(turns, int) and not isinstance(turns, bool) and turns > 0:
            out.feature("gemini.max-session-turns", keys, f"the session stops after {turns} turns")
        telemetry = as_dict(data.get("telemetry"))
        if telemetry.get("enabled") is True and telemetry.get("outfile") and telemetry.get("target", "local") == "local":
            out.feature("gemini.telemetry-file", ("telemetry", "outfile"),
                        f"telemetry of prompts and tool calls written to {telemetry['outfile']}")
