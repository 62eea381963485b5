"""What a Python hook does, read from its syntax tree (the same libcst parse as any code).

The tool call arrives as JSON on stdin (`json.load(sys.stdin)`, `sys.stdin.read()`); every name
assigned from it, from a name assigned from it, or a parameter a call passes it to, carries the
input. The hook denies with `sys.exit(2)` / `raise SystemExit(2)`, by printing or dumping a dict
whose `permissionDecision` is "deny" (or `decision` "block"), or by calling a function of the
file that does either. A deny counts as a gate only when an `if`/`while`/`match`/conditional
expression on the input (or a loop over data tested against it) stands above it; `sys.exit(1)`
blocks nothing. Records: a file opened for append (`"a"`) that is written; structured when
written with `json.dumps`/`json.dump`; a decision record when the written data holds the
decision. Tests: `subprocess` running one of the vocabulary's verify commands.
"""

from __future__ import annotations

import libcst as cst

from analyzer.facts.model import HookAction
from analyzer.facts.vocabulary import load_vocabulary
from analyzer.parse.python import (
    ParseFailure,
    PythonModule,
    find_all,
    names_in,
    number_value,
    parse_python,
    string_value,
)

_EXIT = ("sys.exit", "exit", "quit", "os._exit", "SystemExit")
_PRINT = ("print", "json.dump", "sys.stdout.write")
_SUBPROCESS = ("subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
               "subprocess.Popen", "os.system")


# Examples (tests/docs/test_agent_config_harness.py runs them).
GATES = (
    "import json, sys\nevent = json.load(sys.stdin)\nif 'rm -rf' in event['tool_input']['command']:\n"
    "    sys.exit(2)\n",
    "import json, sys\n\ndef main():\n    cmd = json.loads(sys.stdin.read())['tool_input'].get('command', '')\n"
    "    for bad in ('rm -rf', 'mkfs'):\n        if bad in cmd:\n            return 2\n    return 0\n\n"
    "sys.exit(main())\n",
    "import json, sys\n\ndef refuse(why):\n    print(json.dumps({'hookSpecificOutput': {'hookEventName': "
    "'PreToolUse', 'permissionDecision': 'deny', 'permissionDecisionReason': why}}))\n\n"
    "def check(call):\n    if call['tool_input'].get('file_path', '').endswith('.env'):\n        refuse('secrets')\n\n"
    "check(json.load(sys.stdin))\n",
)
NOT_GATES = (
    "import json, sys\nevent = json.load(sys.stdin)\nif 'rm -rf' in event['tool_input']['command']:\n"
    "    print('careful', file=sys.stderr)\n    sys.exit(1)\n",
    "import sys\nprint('blocked', file=sys.stderr)\nsys.exit(2)\n",
    "import json, sys\nevent = json.load(sys.stdin)\nwith open('hooks.log', 'a') as log:\n"
    "    log.write(json.dumps(event) + '\\n')\n",
    "import json, sys\nDEBUG = False\nevent = json.load(sys.stdin)\nif DEBUG:\n    sys.exit(2)\n",
)


def looks_like_hook(source: str) -> bool:
    """Cheap gate before a second look at a Python file: it reads stdin and can exit or reply."""
    return "stdin" in source and ("exit" in source or "permissionDecision" in source or "decision" in source)


def python_hook_actions(source: str, path: str) -> list[HookAction]:
    try:
        module = parse_python(source, path)
    except ParseFailure:  # the code analysis reports it
        return []
    return _HookReader(module).actions()


class _HookReader:
    def __init__(self, module: PythonModule):
        self.module = module
        self.tainted = self._tainted_names()
        self.deny_functions = self._deny_functions()

    # --- the input -------------------------------------------------------------------------

    def _reads_stdin(self, node: cst.CSTNode) -> bool:
        for call in find_all(node, cst.Call):
            name = self.module.call_name(call)
            if name in ("sys.stdin.read", "sys.stdin.readline"):
                return True
            if name in ("json.load", "json.loads") and any("sys.stdin" in (self.module.dotted(a.value) or "")
                                                         or self._reads_stdin(a.value) for a in call.args):
                return True
        return any(self.module.dotted(a) == "sys.stdin" for a in find_all(node, cst.Attribute))

    def _carries_input(self, node: cst.CSTNode, tainted: set[str]) -> bool:
        return self._reads_stdin(node) or bool(names_in(node) & tainted)

    def _tainted_names(self) -> set[str]:
        """Names that hold the tool call or a part of it (flow-insensitive, to a fixed point)."""
        tainted: set[str] = set()
        assigns = find_all(self.module.module, cst.Assign, cst.AnnAssign, cst.For, cst.NamedExpr)
        calls = self.module.calls
        changed = True
        while changed:
            changed = False
            for node in assigns:
                value, targets = _value_and_targets(node)
                if value is not None and self._carries_input(value, tainted):
                    new = {n for t in targets for n in names_in(t)} - tainted
                    if new:
                        tainted |= new
                        changed = True
            for call in calls:  # a parameter receives the input when a call passes it
                function = self.module.function_named(self.module.call_name(call))
                if function is None:
                    continue
                params = [p.name.value for p in function.params.params]
                for index, arg in enumerate(call.args):
                    if not self._carries_input(arg.value, tainted):
                        continue
                    name = arg.keyword.value if arg.keyword else (params[index] if index < len(params) else None)
                    if name and name not in tainted:
                        tainted.add(name)
                        changed = True
        return tainted

    # --- denials ---------------------------------------------------------------------------

    def _soft_exit(self, call: cst.Call) -> str:
        name = self.module.call_name(call)
        code = number_value(call.args[0].value) if name in _EXIT and call.args else None
        return f"`{name}({int(code)})`" if code is not None and code not in (0, 2) else ""

    def _deny_reason(self, call: cst.Call, deny_functions: set[str]) -> str:
        name = self.module.call_name(call)
        if name in _EXIT and call.args and number_value(call.args[0].value) == 2:
            return f"`{name}(2)`"
        if name in _PRINT and any(_says_deny(self.module, a.value) for a in call.args):
            return "prints a deny decision"
        if name in deny_functions:
            return f"calls `{name}`, which blocks"
        return ""

    def _deny_functions(self) -> set[str]:
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for function in self.module.functions:
                if function.name.value in found:
                    continue
                # A helper that always blocks (`def refuse(why): ...; sys.exit(2)`) acts where it is
                # called; a function that tests first is a gate of its own, judged in place.
                calls = [c for c in find_all(function, cst.Call) if not self._conditional_within(c, function)]
                raises = [r for r in find_all(function, cst.Raise)
                          if _raises_exit_2(self.module, r) and not self._conditional_within(r, function)]
                if raises or any(self._deny_reason(c, found) for c in calls):
                    found.add(function.name.value)
                    changed = True
        return found

    def _conditional_within(self, node: cst.CSTNode, function: cst.FunctionDef) -> bool:
        for ancestor in self.module.ancestors(node):
            if ancestor is function:
                return False
            if isinstance(ancestor, (cst.If, cst.While, cst.IfExp, cst.Match, cst.For)):
                return True
        return False

    def _guarded(self, node: cst.CSTNode) -> bool:
        """An input test stands between the module (or the function) and `node`."""
        for ancestor in self.module.ancestors(node):
            test = None
            if isinstance(ancestor, (cst.If, cst.While, cst.IfExp)):
                test = ancestor.test
            elif isinstance(ancestor, cst.Match):
                test = ancestor.subject
            elif isinstance(ancestor, cst.Try) or isinstance(ancestor, cst.ExceptHandler):
                continue
            if test is not None and self._carries_input(test, self.tainted):
                return True
        return False

    # --- everything --------------------------------------------------------------------------

    def actions(self) -> list[HookAction]:
        module, actions = self.module, []
        verify = load_vocabulary().verify_commands
        for call in module.calls:
            inside = module.enclosing_function(call)
            if inside is not None and inside.name.value in self.deny_functions:
                reason = ""  # acts where the function is called
            else:
                reason = self._deny_reason(call, self.deny_functions)
            if reason:
                actions.append(HookAction("deny", module.line(call), reason, on_input=self._guarded(call)))
            soft = self._soft_exit(call)
            if soft and self._guarded(call):
                actions.append(HookAction("soft-exit", module.line(call), soft, on_input=True))
            record = self._record(call)
            if record:
                actions.append(record)
            name = module.call_name(call)
            if name in _SUBPROCESS and call.args:
                command = verify.search(" ".join(_strings(call.args[0].value)))
                if command:
                    actions.append(HookAction("test", module.line(call), f"runs `{command}`",
                                              on_input=self._guarded(call)))
        for function in self._exit_code_functions():
            for node in find_all(function, cst.Return):
                code = number_value(node.value)
                if code is None or module.enclosing_function(node) is not function:
                    continue
                if code == 2:
                    actions.append(HookAction("deny", module.line(node), f"`{function.name.value}` returns exit code 2",
                                              on_input=self._guarded(node)))
                elif code != 0 and self._guarded(node):
                    actions.append(HookAction("soft-exit", module.line(node),
                                              f"`{function.name.value}` returns exit code {int(code)}", on_input=True))
        for node in find_all(module.module, cst.Raise):
            inside = module.enclosing_function(node)
            if _raises_exit_2(module, node) and not (inside and inside.name.value in self.deny_functions):
                actions.append(HookAction("deny", module.line(node), "`raise SystemExit(2)`",
                                          on_input=self._guarded(node)))
        return sorted(set(actions))

    def _exit_code_functions(self) -> list[cst.FunctionDef]:
        """Functions whose return value becomes the exit code: `sys.exit(main())`."""
        found = []
        exits = [c for c in self.module.calls if self.module.call_name(c) in _EXIT and c.args]
        for call in exits:
            inner = call.args[0].value
            if isinstance(inner, cst.Call):
                function = self.module.function_named(self.module.call_name(inner))
                if function is not None and function not in found:
                    found.append(function)
        return found

    def _record(self, call: cst.Call) -> HookAction | None:
        """`handle.write(...)` / `json.dump(..., handle)` into a file opened for append."""
        module = self.module
        name = module.call_name(call)
        if not (name.endswith(".write") or name == "json.dump"):
            return None
        appending = self._append_handles()
        target = call.args[1].value if name == "json.dump" and len(call.args) > 1 else getattr(call.func, "value", None)
        if not (isinstance(target, cst.Name) and target.value in appending):
            return None
        data = call.args[0].value if call.args else None
        structured = name == "json.dump" or any(module.call_name(c) == "json.dumps" for c in find_all(call, cst.Call))
        return HookAction("record", module.line(call), f"appends to {appending[target.value]}",
                          on_input=self._guarded(call), decision=data is not None and self._holds_decision(data),
                          structured=structured)

    def _append_handles(self) -> dict[str, str]:
        handles = self.module.memo.get("hook_append_handles")
        if handles is None:
            handles = {}
            for call in self.module.calls:
                if self.module.call_name(call) not in ("open", "io.open") and not self.module.call_name(call).endswith(".open"):
                    continue
                modes = [string_value(a.value) for a in call.args[1:2]] + \
                        [string_value(a.value) for a in call.args if a.keyword and a.keyword.value == "mode"]
                if not any(m and "a" in m for m in modes):
                    continue
                where = self.module.code(call.args[0].value, 40) if call.args else "a file"
                parent = self.module.parent(self.module.parent(call))
                if isinstance(parent, cst.With):
                    for item in parent.items:
                        if item.item is call and item.asname is not None:
                            handles.update({n: where for n in names_in(item.asname.name)})
                holder = self.module.parent(call)
                if isinstance(holder, cst.Assign):
                    handles.update({n: where for t in holder.targets for n in names_in(t.target)})
            self.module.memo["hook_append_handles"] = handles
        return handles

    def _holds_decision(self, data: cst.CSTNode) -> bool:
        """The written record carries the decision: a dict key naming it, or a name assigned one."""
        for node in [data] + [self.module.resolve(n) for n in find_all(data, cst.Name)]:
            for item in find_all(node, cst.DictElement):
                key = string_value(item.key) or ""
                if key.lower() in ("decision", "permissiondecision", "outcome", "verdict", "allowed", "blocked"):
                    return True
        for name in names_in(data):
            for value in self.module.assignments.get(name, ()):
                if self._holds_decision(value) if value is not data else False:
                    return True
        return False


def _value_and_targets(node) -> tuple[cst.CSTNode | None, list[cst.CSTNode]]:
    if isinstance(node, cst.Assign):
        return node.value, [t.target for t in node.targets]
    if isinstance(node, cst.AnnAssign):
        return node.value, [node.target]
    if isinstance(node, cst.For):
        return node.iter, [node.target]
    if isinstance(node, cst.NamedExpr):
        return node.value, [node.target]
    return None, []


def _strings(node: cst.CSTNode) -> list[str]:
    return [s for s in (string_value(n) for n in find_all(node, cst.SimpleString, cst.ConcatenatedString)) if s]


def _says_deny(module: PythonModule, node: cst.CSTNode) -> bool:
    """A dict (or its JSON text) whose permissionDecision is "deny" or decision is "block"."""
    node = module.resolve(node)
    for item in find_all(node, cst.DictElement):
        key, value = string_value(item.key), string_value(item.value)
        if key == "permissionDecision" and value == "deny" or key == "decision" and value in ("block", "deny"):
            return True
    text = " ".join(_strings(node))
    return '"permissionDecision": "deny"' in text or '"decision": "block"' in text


def _raises_exit_2(module: PythonModule, node: cst.Raise) -> bool:
    exc = node.exc
    return isinstance(exc, cst.Call) and module.call_name(exc) == "SystemExit" and bool(exc.args) \
        and number_value(exc.args[0].value) == 2
