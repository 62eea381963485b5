"""P2 with the Claude Agent SDK (and its predecessor claude_code_sdk): `ClaudeAgentOptions` permissions
(`can_use_tool`, `hooks={"PreToolUse": ...}`, `allowed_tools`, `disallowed_tools`, `permission_mode`), and
HA107 (permissions turned off: `bypassPermissions`, `--dangerously-skip-permissions`)."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.p02_decisions import always_allows
from analyzer.facts.python.tool_frameworks import CLAUDE_OPTIONS, non_empty
from analyzer.parse.python import PythonModule, call_tail, find_all, is_true, string_value

_CLAUDE_PACKAGES = frameworks.packages("claude-agent-sdk")
BYPASS = "bypassPermissions"


def claude_options_calls(module: PythonModule) -> list[cst.Call]:
    return [c for c in module.calls if module.call_name(c).rsplit(".", 1)[-1] in CLAUDE_OPTIONS
            and module.imports_any(*_CLAUDE_PACKAGES)]


def _hook_denies(module: PythonModule, function: cst.FunctionDef | None) -> bool:
    """A PreToolUse hook that can refuse: it returns `permissionDecision: "deny"` or `decision: "block"`."""
    if function is None:
        return False
    literals = {string_value(s) for s in find_all(function, cst.SimpleString)}
    return bool(literals & {"deny", "block", "ask"}) or bool(find_all(function, cst.Raise))


def _allows_everything(module: PythonModule, callback: cst.BaseExpression) -> bool:
    """`can_use_tool=allow_all` where `allow_all` (defined here) returns `PermissionResultAllow()` whatever it is
    asked: a callback that never refuses decides nothing."""
    if isinstance(callback, cst.Lambda):
        return always_allows(cst.FunctionDef(cst.Name("_"), callback.params,
                                             cst.IndentedBlock([cst.SimpleStatementLine([cst.Return(callback.body)])])))
    local = [f for f in module.functions if isinstance(callback, cst.Name) and f.name.value == callback.value]
    return bool(local) and all(always_allows(f) for f in local)


def _pre_tool_use_hooks(module: PythonModule) -> list[tuple[cst.DictElement, list[str]]]:
    """`"PreToolUse": [HookMatcher(hooks=[fn, ...])]` entries and the local hook functions they name."""
    found = []
    for node in module.find_all(cst.Dict):
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == "PreToolUse":
                names = [n.value for n in find_all(element.value, cst.Name)]
                found.append((element, names))
    return found


@python_check
class ClaudeSdkPermissions(PythonCheck):
    """Claude Agent SDK permissions: `can_use_tool=` (a callback deciding every call), a `PreToolUse` hook
    that can deny, `disallowed_tools`/`permission_mode` other than bypass (gate and classification),
    `allowed_tools` (pre-approved tools: classification, and a weak gate since the rest fall to the CLI's
    permission mode). Nothing counts when permission_mode resolves to "bypassPermissions"."""

    id = "p2.claude-sdk-permissions"
    emits = ("P2/gate", "P2/classification", "P2/approval")
    POSITIVE = (
        Example("""
from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny

async def can_use_tool(tool_name, tool_input, context):
    if tool_name == "Bash" and "rm " in tool_input.get("command", ""):
        return PermissionResultDeny(message="no deletes")
    return PermissionResultAllow()

options = ClaudeAgentOptions(allowed_tools=["Read", "Grep"], permission_mode="default", can_use_tool=can_use_tool)
""", expect="P2/gate", strength="full", line=9, message="can_use_tool callback decides every tool call"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(disallowed_tools=["Write", "Edit"], allowed_tools=["Read"])
""", expect="P2/classification", strength="full"),
        Example("""
from claude_agent_sdk import HookMatcher

async def block_force_push(input_data, tool_use_id, context):
    if "push --force" in input_data["tool_input"].get("command", ""):
        return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}
    return {}

HOOKS = {"PreToolUse": [HookMatcher(matcher="Bash", hooks=[block_force_push])]}
""", expect="P2/gate"),
    )
    NEGATIVE = (
        # A can_use_tool callback that allows every call decides nothing.
        Example("""
from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow

async def allow_all(tool_name, tool_input, context):
    print(f"tool: {tool_name}")
    return PermissionResultAllow()

options = ClaudeAgentOptions(can_use_tool=allow_all)
""", expect="P2/gate"),
        # Bypass mode turns every check off; allowed_tools is moot.
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(allowed_tools=["Read", "Bash"], permission_mode="bypassPermissions")
""",
        # A PreToolUse hook that only records is not a gate.
        """
from claude_agent_sdk import HookMatcher
async def log_tool(input_data, tool_use_id, context):
    print(input_data["tool_name"])
    return {}
HOOKS = {"PreToolUse": [HookMatcher(matcher=None, hooks=[log_tool])]}
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in claude_options_calls(module):
            kwargs = module.kwargs(call)
            mode = module.resolved_string(kwargs.get("permission_mode"))
            if mode == BYPASS:
                continue
            if "can_use_tool" in kwargs and not _allows_everything(module, kwargs["can_use_tool"]):
                out.evidence("P2", "gate", call, "can_use_tool callback decides every tool call")
            if "permission_prompt_tool_name" in kwargs:
                out.evidence("P2", "gate", call, "permission prompts routed to an MCP tool")
                out.evidence("P2", "approval", call, "permission_prompt_tool_name asks for approval")
            if "disallowed_tools" in kwargs and non_empty(module, kwargs["disallowed_tools"]):
                out.evidence("P2", "classification", call, "disallowed_tools removes tools outright")
                out.evidence("P2", "gate", call, "the CLI refuses disallowed_tools")
            if mode is not None:
                out.evidence("P2", "classification", call, f"permission_mode={mode!r}")
                out.evidence("P2", "gate", call, f"the CLI gates tool calls in permission_mode={mode!r}")
            elif "permission_mode" in kwargs:
                out.evidence("P2", "gate", call, "permission_mode set from configuration", "weak")
            if "allowed_tools" in kwargs and non_empty(module, kwargs["allowed_tools"]):
                out.evidence("P2", "classification", call, "allowed_tools pre-approves named tools")
                out.evidence("P2", "gate", call, "tools outside allowed_tools fall to the permission mode", "weak")
        local = {f.name.value: f for f in module.functions}
        for element, names in _pre_tool_use_hooks(module):
            hooks = [local[n] for n in names if n in local]
            if any(_hook_denies(module, h) for h in hooks):
                out.evidence("P2", "gate", element, "PreToolUse hook can deny a tool call")
            elif not hooks and module.imports_any(*_CLAUDE_PACKAGES):
                out.evidence("P2", "gate", element, "PreToolUse hook (defined elsewhere)", "weak")


@python_check
class PermissionsBypassed(PythonCheck):
    """HA107: Claude Code / Agent SDK permissions switched off: `permission_mode="bypassPermissions"` (also
    through constants and `**options` dicts), `--dangerously-skip-permissions`, or
    `allow_dangerously_skip_permissions=True`."""

    id = "p2.permissions-bypassed"
    emits = ("HA107",)
    POSITIVE = (
        Example("""
from claude_code_sdk import ClaudeCodeOptions
MODE = "bypassPermissions"
options = ClaudeCodeOptions(allowed_tools=["Bash"], permission_mode=MODE)
""", line=4, message="permission_mode='bypassPermissions' turns every permission check off"),
        """
from claude_agent_sdk import ClaudeAgentOptions
params = {"permission_mode": "bypassPermissions", "max_turns": 5}
options = ClaudeAgentOptions(**params)
""",
        """
import subprocess
subprocess.run(["claude", "-p", prompt, "--dangerously-skip-permissions"])
""",
    )
    NEGATIVE = (
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(permission_mode="acceptEdits")
""",
        # A docstring that warns against the flag is not the flag.
        '''
def run():
    """Never pass --dangerously-skip-permissions here."""
    return None
''',
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        seen: set[int] = set()

        def hit(node: cst.CSTNode, detail: str) -> None:
            line = module.line(node)
            if line not in seen:
                seen.add(line)
                out.hit("HA107", node, detail)

        for call in module.calls:
            kwargs = module.kwargs(call)
            if module.resolved_string(kwargs.get("permission_mode")) == BYPASS:
                hit(call, "permission_mode='bypassPermissions' turns every permission check off")
            if is_true(kwargs.get("allow_dangerously_skip_permissions")) or is_true(kwargs.get("dangerously_skip_permissions")):
                hit(call, "dangerously skipping permissions")
            if call_tail(call) == "set_permission_mode" and call.args \
                    and module.resolved_string(call.args[0].value) == BYPASS:
                hit(call, "set_permission_mode('bypassPermissions')")
        for node in module.find_all(cst.SimpleString):
            value = string_value(node)
            if not value or "dangerously-skip-permissions" not in value or isinstance(module.parent(module.parent(node)), cst.SimpleStatementLine) and isinstance(module.parent(node), cst.Expr):
                continue
            if module.enclosing(node, cst.Call, cst.List, cst.Dict, cst.Tuple) is not None:
                hit(node, "--dangerously-skip-permissions passed to Claude Code")
        for element in module.find_all(cst.DictElement):
            if string_value(element.key) == "permission_mode" and module.resolved_string(element.value) == BYPASS:
                hit(element, "permission_mode='bypassPermissions' in an options dict")
        for assign in module.find_all(cst.Assign):
            targets = [module.code(t.target) for t in assign.targets]
            if any(t.endswith("permission_mode") for t in targets) and module.resolved_string(assign.value) == BYPASS:
                hit(assign, "permission_mode set to 'bypassPermissions'")
