"""Claude Code project settings: `.claude/settings.json` and `.claude/settings.local.json`.

What counts as a control (credited as P2/P7 evidence of the set-up): deny and ask rules, a
scoped allow list, a sandbox, a PreToolUse hook that runs a check, a hook that logs tool use,
bypass mode switched off. What is a finding: bypass mode (HA210), a blanket shell allow with
no deny or ask rule for destructive commands (HA211), a hook that approves everything (HA212),
a destructive command pre-approved (HA213), every project MCP server approved up front (HA214),
a secret in `env` (HA221). Claude Code evaluates deny before ask before allow.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from analyzer.facts.agent_config.base import (
    ConfigCheck,
    ConfigWriter,
    as_dict,
    as_list,
)
from analyzer.facts.agent_config.hook_shell import shell_hook_actions
from analyzer.facts.check import Example, config_check
from analyzer.facts.model import HookRef
from analyzer.facts.secrets import literal_secret
from analyzer.parse.config import ConfigDoc

_RULE = re.compile(r"^\s*(?P<tool>[\w*]+)\s*(?:\((?P<spec>.*)\))?\s*$", re.DOTALL)
_BLANKET_SPECS = ("", "*", "**", ":*", "* *")
# A hook command whose own text hard-codes an approval (`echo '{"permissionDecision":"allow"}'`).
_APPROVES = re.compile(r"permissionDecision\W+allow|\"decision\W+approve|behavior\W+allow", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\bif\b|&&|\|\||\bcase\b|\bgrep\b|\bjq\b|\[\[|\btest\b|\bpython3?\b|\bnode\b|\.(?:sh|py|js|ts)\b")
_NO_OP = ("", "true", ":", "exit 0", "echo", "cat")
# Modes in which Claude Code still asks before commands (acceptEdits only accepts file edits).
_ASKING_MODES = ("default", "plan", "acceptEdits")


def permission_rule(rule: str) -> tuple[str, str | None]:
    """`Bash(npm test:*)` -> ("Bash", "npm test:*"); `Read` -> ("Read", None)."""
    match = _RULE.match(rule) if isinstance(rule, str) else None
    if not match:
        return "", None
    return match["tool"], match["spec"]


def is_blanket_shell(rule: str) -> bool:
    tool, spec = permission_rule(rule)
    return tool == "*" or (tool == "Bash" and (spec is None or spec.strip() in _BLANKET_SPECS))


def destructive_command(spec: str | None, vocab, prefix_rule: bool) -> str | None:
    """The destructive command a Bash rule covers: `rm -rf:*` -> "rm"; with `prefix_rule`, a
    wildcard over a command word also covers it (`git:*` covers "git push")."""
    if spec is None:
        return None
    command = spec.replace(":*", " *").strip()
    match = vocab.destructive_commands.pattern.match(command) if vocab.destructive_commands.pattern else None
    if match:
        return match.group(0)
    if prefix_rule and command.endswith("*"):
        head = command.rstrip("* ").strip()
        if head:
            for phrase in vocab.destructive_commands.items:
                if phrase.lower().startswith(head.lower() + " "):
                    return phrase
    return None


def _permissions(doc: ConfigDoc) -> dict:
    return as_dict(as_dict(doc.data).get("permissions"))


@config_check
class BypassMode(ConfigCheck):
    """`permissions.defaultMode: bypassPermissions` runs every tool with no prompt."""

    id = "claude.bypass-mode"
    applies_to = ("claude-settings",)
    emits = ("HA210", "P2/gate")
    POSITIVE = (
        Example('{"permissions": {"defaultMode": "bypassPermissions"}}', expect="HA210",
                line=1, message="defaultMode is bypassPermissions"),
        Example('{"permissions": {"disableBypassPermissionsMode": "disable"}}', expect="P2/gate"),
        Example('{"permissions": {"defaultMode": "plan"}}', expect="P2/gate"),
        Example('{"model": "sonnet"}', expect="P2/gate"),  # unset: the default mode asks
    )
    NEGATIVE = (
        Example('{"permissions": {"defaultMode": "acceptEdits"}}', expect="HA210"),
        Example('{"permissions": {"defaultMode": "plan"}}', expect="HA210", path=".claude/settings.local.json"),
        Example('{"permissions": {"defaultMode": "bypassPermissions"}}', expect="P2/gate"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        permissions = _permissions(doc)
        if permissions.get("defaultMode") == "bypassPermissions":
            out.hit("HA210", ("permissions", "defaultMode"), "defaultMode is bypassPermissions")
        if permissions.get("disableBypassPermissionsMode") == "disable":
            out.feature("claude.bypass-disabled", ("permissions", "disableBypassPermissionsMode"),
                        "bypass mode is switched off (disableBypassPermissionsMode)")
        mode = permissions.get("defaultMode", "default")  # unset: Claude Code's default mode
        if mode in _ASKING_MODES and ("defaultMode" in permissions or doc.path.endswith("/settings.json")
                                      or doc.path == "settings.json"):
            asked = "commands are" if mode == "acceptEdits" else "edits and commands are"
            out.feature("claude.default-mode-asks", ("permissions", "defaultMode"),
                        f"defaultMode is {mode}{' (not set)' if 'defaultMode' not in permissions else ''}: "
                        f"{asked} asked before they run")


@config_check
class PermissionRules(ConfigCheck):
    """Allow, ask and deny rules: credit the tiers, flag a blanket shell allow and
    pre-approved destructive commands."""

    id = "claude.permission-rules"
    applies_to = ("claude-settings",)
    emits = ("HA211", "HA213", "P2/classification", "P2/approval")
    POSITIVE = (
        Example('{"permissions": {"allow": ["Bash(*)", "Read"]}}', expect="HA211",
                line=1, message="allow rule `Bash(*)`"),
        Example('{"permissions": {"allow": ["Bash"], "deny": ["Read(./.env)"]}}', expect="HA211"),
        Example('{"permissions": {"allow": ["Bash(git push:*)"]}}', expect="HA213"),
        Example('{"permissions": {"allow": ["Bash(git:*)"]}}', expect="HA213"),
        Example('{"permissions": {"deny": ["Bash(rm -rf:*)"]}}', expect="P2/classification"),
        Example('{"permissions": {"ask": ["Bash(git push:*)"]}}', expect="P2/approval"),
    )
    NEGATIVE = (
        Example('{"permissions": {"allow": ["Bash(*)"], "deny": ["Bash(rm:*)", "Bash(git push:*)"]}}',
                expect="HA211"),
        Example('{"permissions": {"allow": ["Bash(*)"], "ask": ["Bash(git push --force:*)"]}}',
                expect="HA211"),
        Example('{"permissions": {"allow": ["Bash(*)"]}, "sandbox": {"enabled": true}}', expect="HA211"),
        Example('{"permissions": {"allow": ["Bash(npm run test:*)", "Bash(ruff check:*)"]}}', expect="HA213"),
        Example('{"permissions": {"allow": ["Bash(npm run test:*)", "Read"]}}', expect="HA211"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        permissions = _permissions(doc)
        allow, ask, deny = (as_list(permissions.get(k)) for k in ("allow", "ask", "deny"))
        vocab = out.vocab
        guarded = [r for r in deny + ask if permission_rule(r)[0] in ("Bash", "*")
                   and (permission_rule(r)[1] is None or vocab.destructive_commands.search(permission_rule(r)[1] or ""))]
        sandboxed = as_dict(as_dict(doc.data).get("sandbox")).get("enabled") is True
        for index, rule in enumerate(allow):
            if is_blanket_shell(rule):
                if not guarded and not sandboxed:
                    out.hit("HA211", ("permissions", "allow", index), f"allow rule `{rule}`")
                continue
            tool, spec = permission_rule(rule)
            command = destructive_command(spec, vocab, prefix_rule=True) if tool == "Bash" else None
            if command:
                out.hit("HA213", ("permissions", "allow", index), f"`{rule}` pre-approves `{command}`")
        if deny:
            named = [r for r in deny if r in guarded]
            detail = f"{len(deny)} deny rule{'s' if len(deny) != 1 else ''}"
            if named:
                detail += f", including {', '.join(f'`{r}`' for r in named[:3])}"
            out.feature("claude.deny-rules", ("permissions", "deny"), detail)
        if ask:
            out.feature("claude.ask-rules", ("permissions", "ask"),
                        f"{len(ask)} ask rule{'s' if len(ask) != 1 else ''} hold calls for approval")
        scoped = [r for r in allow if not is_blanket_shell(r)]
        if scoped and not any(is_blanket_shell(r) for r in allow):
            out.feature("claude.scoped-allow", ("permissions", "allow"),
                        f"{len(scoped)} scoped allow rule{'s' if len(scoped) != 1 else ''} pre-approve known-safe calls")


@config_check
class Sandbox(ConfigCheck):
    """Claude Code's sandbox contains what Bash commands can reach."""

    id = "claude.sandbox"
    applies_to = ("claude-settings",)
    emits = ("P2/gate",)
    POSITIVE = (Example('{"sandbox": {"enabled": true}}', line=1, message="Bash commands run in the sandbox"),)
    NEGATIVE = (Example('{"sandbox": {"enabled": false}}'), Example('{}'))

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        sandbox = as_dict(as_dict(doc.data).get("sandbox"))
        if sandbox.get("enabled") is True:
            escape = sandbox.get("allowUnsandboxedCommands") is not False
            out.feature("claude.sandbox-with-escape" if escape else "claude.sandbox", ("sandbox", "enabled"),
                        "Bash commands run in the sandbox")


@config_check
class Hooks(ConfigCheck):
    """Every hook the settings register, with the script it runs (read later, in
    analyzer/judge/config_harness.py) or, for shell text, what that text does; a hook whose
    command hard-codes an approval allows everything."""

    id = "claude.hooks"
    applies_to = ("claude-settings",)
    emits = ("HA212", "hook:PreToolUse", "hook:PostToolUse", "hook:Stop")
    POSITIVE = (
        Example('{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", '
                      '"command": "python3 \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/block_destructive.py"}]}]}}',
                      expect="hook:PreToolUse", line=1, message='python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/block_destructive.py'),
        Example('{"hooks": {"PostToolUse": [{"matcher": "*", "hooks": [{"type": "command", '
                      '"command": "jq -c . >> .claude/tool-log.jsonl"}]}]}}', expect="hook:PostToolUse"),
        Example('{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": '
                      '"echo \'{\\"hookSpecificOutput\\": {\\"hookEventName\\": \\"PreToolUse\\", '
                      '\\"permissionDecision\\": \\"allow\\"}}\'"}]}]}}', expect="HA212"),
    )
    NEGATIVE = (
        Example('{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", '
                      '"command": "true"}]}]}}'),
        Example('{"disableAllHooks": true, "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": '
                      '[{"type": "command", "command": "python3 guard.py"}]}]}}'),
        Example('{"_hooks_disabled": {"PreToolUse": [{"matcher": "Bash", "hooks": '
                      '[{"type": "command", "command": "python3 guard.py"}]}]}}'),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        if data.get("disableAllHooks") is True:
            return
        root = doc.path.rsplit(".claude/", 1)[0]  # the project the settings belong to
        for event, groups in as_dict(data.get("hooks")).items():
            for g, group in enumerate(as_list(groups)):
                group = as_dict(group)
                matcher = str(group.get("matcher", "") or "")
                for h, hook in enumerate(as_list(group.get("hooks"))):
                    self._hook(str(event), matcher, as_dict(hook), ("hooks", event, g, "hooks", h), root, out)

    def _hook(self, event: str, matcher: str, hook: dict, keys: tuple, root: str, out: ConfigWriter) -> None:
        kind = hook.get("type", "command")
        command = str(hook.get("command", "") or "").strip()
        where = f"{event} hook on {matcher or 'every tool'}"
        if event in ("PreToolUse", "PermissionRequest") and kind == "command" and _APPROVES.search(command) \
                and not _CONDITIONAL.search(command):
            out.hit("HA212", keys, f"{where} approves every call")
            return
        if kind != "command" or command in _NO_OP:
            return
        script = hook_script_path(command, root)
        inline = () if script else tuple(shell_hook_actions(command))
        out.hook(HookRef("claude-code", event, matcher, out.doc.path, out.doc.line(*keys), command, script, inline))


_PROJECT_DIR = re.compile(r"([\"']?)\$\{?CLAUDE_(?:PROJECT_DIR|PLUGIN_ROOT)\}?\1/?")
_INTERPRETERS = ("python", "python3", "bash", "sh", "zsh", "node", "uv", "run", "uvx")


def hook_script_path(command: str, root: str) -> str:
    """The project script a hook command runs (`python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/x.py`
    -> `.claude/hooks/x.py`), relative to the audited root; "" for shell text or a program."""
    text = _PROJECT_DIR.sub("", command)
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    for word in words[:4]:
        if word in _INTERPRETERS or word.startswith("-"):
            continue
        if word.endswith((".py", ".sh", ".bash")) or word.startswith(("./", ".claude/", ".codex/")):
            path = posixpath.normpath(posixpath.join(root, word.lstrip("/") if not word.startswith("/") else word))
            return "" if path.startswith(("..", "/")) else path
        break
    return ""


@config_check
class AllProjectMcpServers(ConfigCheck):
    """`enableAllProjectMcpServers: true` approves every server a `.mcp.json` adds, unseen."""

    id = "claude.all-mcp-servers"
    applies_to = ("claude-settings",)
    emits = ("HA214",)
    POSITIVE = (Example('{"enableAllProjectMcpServers": true}',
                        line=1, message="enableAllProjectMcpServers is true"),)
    NEGATIVE = (Example('{"enabledMcpjsonServers": ["github"]}'),)

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        if as_dict(doc.data).get("enableAllProjectMcpServers") is True:
            out.hit("HA214", ("enableAllProjectMcpServers",), "enableAllProjectMcpServers is true")


@config_check
class SettingsSecrets(ConfigCheck):
    """Secrets in the `env` block of a settings file are committed with it (settings.json) or
    sit in plain text on disk (settings.local.json)."""

    id = "claude.env-secrets"
    applies_to = ("claude-settings",)
    emits = ("HA221",)
    POSITIVE = (Example('{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-Zx81Kq2mVb7Lp0Yt4Rw9"}}',
                        line=1, message="env.ANTHROPIC_API_KEY = sk-a… (33 characters)"),)
    NEGATIVE = (Example('{"env": {"BASH_DEFAULT_TIMEOUT_MS": "600000", "API_TOKEN": "${API_TOKEN}"}}'),)

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        for key, value in as_dict(as_dict(doc.data).get("env")).items():
            masked = literal_secret(key, value, out.vocab)
            if masked:
                out.hit("HA221", ("env", key), f"env.{key} = {masked}", secret=True)
