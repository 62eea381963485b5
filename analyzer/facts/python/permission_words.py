"""Words and small shapes the permission checks share: risk vocabulary, yes/no prompts to a human,
the variables an expression uses, and branches that leave. Not a check."""

from __future__ import annotations

import re

import libcst as cst

from analyzer.facts.python.shape import functions_calling_model, model_calls
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

# Calls in an `if` test that inspect data rather than decide a permission.
NOT_GATE_CALLS = {"isinstance", "len", "hasattr", "callable", "getattr", "str", "int", "bool", "type", "keys",
                  "values", "items", "get", "strip", "lower", "upper", "startswith", "endswith", "loads", "dumps",
                  "iscoroutinefunction", "iscoroutine", "isawaitable", "ismethod", "isfunction", "exists", "is_file",
                  "is_dir", "isdir", "isfile", "print", "format", "join", "split", "time", "monotonic", "now",
                  "keys", "debug", "info", "warning", "error"}
# Human prompts: the answer decides whether the call goes ahead.
_PROMPT_CALLS = ("input", "click.confirm", "typer.confirm", "rich.prompt.Confirm.ask", "Confirm.ask",
                 "questionary.confirm", "inquirer.confirm", "prompt_toolkit.prompt", "prompt_toolkit.PromptSession.prompt")
_YES_NO = {"y", "yes", "n", "no", "approve", "approved", "ok", "allow", "reject", "deny", "a", "r"}
# Word pieces that say a collection or attribute classifies tools by risk (used only with the structure
# that consults it in a decision, never alone).
RISK_TOKENS = {"deny", "denied", "denylist", "block", "blocked", "blocklist", "blacklist", "forbid", "forbidden",
               "danger", "dangerous", "destructive", "destroy", "risky", "risk", "sensitive", "unsafe", "safe",
               "allow", "allowed", "allowlist", "whitelist", "permit", "permitted", "read", "readonly", "write",
               "mutating", "mutate", "mutation", "approval", "approve", "confirm", "confirmation", "require",
               "requires", "protected", "privileged", "restricted", "trusted", "tier", "tiers", "level", "needs",
               "auto", "side", "effects", "critical", "high", "low", "medium", "prohibited", "exempt"}
RISK_ATTRS = {"tier", "risk", "risk_level", "read_only", "readonly", "is_read_only", "destructive", "is_destructive",
              "dangerous", "is_dangerous", "requires_approval", "needs_approval", "require_approval",
              "requires_confirmation", "mutating", "is_mutating", "side_effects", "has_side_effects", "permission",
              "permission_level", "safe", "is_safe", "level", "sensitive"}
# Word pieces of a variable that holds a yes/no decision about a call (`approved`, `is_allowed`, `granted`).
APPROVAL_WORDS = {"approved", "allowed", "permitted", "granted", "confirmed", "authorized", "authorised", "consented"}
# Objects holding command-line options or settings: `if args.tier:` reads an option, not a tool's class.
SETTINGS_OBJECTS = {"args", "opts", "options", "config", "settings", "cfg", "ns", "parsed", "params", "conf", "env"}


def tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1_\2", name)
    return {t for t in re.split(r"[^a-zA-Z]+", spaced.lower()) if t}


def is_risk_name(name: str) -> bool:
    return bool(tokens(name) & RISK_TOKENS) and not (tokens(name) <= {"read", "thread"})


def is_prompt_call(module: PythonModule, call: cst.Call) -> bool:
    name = module.call_name(call)
    return name in _PROMPT_CALLS or name.endswith(("Confirm.ask", ".confirm")) and name != "confirm"


class _RootNames(cst.CSTVisitor):
    """Variable names used in an expression (`block` in `block.name`, not the attribute `name`)."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.found.add(node.value)

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # not the keyword's name
        return False


def is_approval_prompt(module: PythonModule, call: cst.Call) -> bool:
    """A yes/no question to a human (`input("allow? [y/N]") == "y"`, `click.confirm(...)`), not a REPL prompt
    and not one whose answer is sent to the model as the next chat message."""
    if not is_prompt_call(module, call) or is_chat_prompt(module, call):
        return False
    if module.call_name(call) != "input":
        return True  # confirm-style prompts are yes/no by construction
    statement = module.statement_of(call)
    literals = {s.lower().strip() for s in (string_value(n) for n in find_all(statement, cst.SimpleString)) if s}
    literals |= {p.value.lower().strip() for p in find_all(statement, cst.FormattedStringText)}
    return bool(literals & _YES_NO) or any("y/n" in s for s in literals)


def is_chat_prompt(module: PythonModule, call: cst.Call) -> bool:
    """Is the answer to this prompt the user's next chat message? It (or text derived from it: `user.strip()`) is
    appended to a list, put in a message's `content`, or passed to a model call or to a function that calls one,
    on the path that goes on. Such an answer is what the model reads next, not a yes/no about a tool call. Sent
    only inside a branch that leaves (`if answer != "y": messages.append(answer); continue`), it is the reason
    for a refusal, and the prompt still decides."""
    scope = module.enclosing_function(call) or module.module
    if _sent_to_model(module, call):
        return not _in_refusal(module, call, scope)
    statement = module.statement_of(call)
    answers = {n.value for a in find_all(statement, cst.Assign) if _holds(a.value, call) for t in a.targets
               for n in find_all(t.target, cst.Name)}
    assigns = find_all(scope, cst.Assign)
    for _ in range(3):  # text derived from the answer: `user = user.strip()`, `task = answer.lower()`
        derived = {n.value for a in assigns if _text_of(a.value, answers)
                   for t in a.targets for n in find_all(t.target, cst.Name)}
        if derived <= answers:
            break
        answers |= derived
    return any(_sent_to_model(module, n) and not _in_refusal(module, n, scope)
               for n in find_all(scope, cst.Name) if n.value in answers)


def _in_refusal(module: PythonModule, node: cst.CSTNode, scope: cst.CSTNode) -> bool:
    """Is `node` in the body of an `if`/`else` branch that leaves (returns, continues, breaks or raises)?"""
    for ancestor in module.ancestors(node):
        if ancestor is scope:
            return False
        if isinstance(ancestor, (cst.If, cst.Else)) and any(a is ancestor.body for a in module.ancestors(node)) \
                and _branch_leaves(ancestor.body):
            return True
    return False


def _branch_leaves(body: cst.BaseSuite) -> bool:
    """A return or raise in the branch, or a `continue` / `break` of the loop around it (not of a loop inside)."""
    if find_all(body, cst.Return, cst.Raise, shallow=True):
        return True
    inner = [loop for loop in find_all(body, cst.For, cst.While, shallow=True)]
    return any(not any(j is jump for loop in inner for j in find_all(loop, cst.Continue, cst.Break, shallow=True))
               for jump in find_all(body, cst.Continue, cst.Break, shallow=True))


def _text_of(value: cst.BaseExpression, answers: set[str]) -> bool:
    """Is `value` the answer's text itself (`user.strip()`, `user[:200]`, `f"Task: {user}"`, `prefix + user`)?
    Not a decision taken on it (`ok = answer == "y"`, `out = run() if ok else "declined"`)."""
    if isinstance(value, cst.Name):
        return value.value in answers
    if isinstance(value, cst.Call):
        return isinstance(value.func, cst.Attribute) and _text_of(value.func.value, answers)
    if isinstance(value, (cst.Attribute, cst.Subscript)):
        return _text_of(value.value, answers)
    if isinstance(value, cst.BinaryOperation):
        return _text_of(value.left, answers) or _text_of(value.right, answers)
    if isinstance(value, cst.FormattedString):
        return any(isinstance(p, cst.FormattedStringExpression) and _text_of(p.expression, answers) for p in value.parts)
    return False
# Calls that add a message to a conversation (`messages.append(...)`, `history.extend(...)`, `queue.put(...)`).
_ADDING = {"append", "extend", "insert", "appendleft", "put", "put_nowait", "add_message", "add_user_message"}
# Message keys that hold what the model reads.
_MESSAGE_KEYS = {"content", "text", "input", "prompt", "message", "query"}


def _holds(root: cst.CSTNode, node: cst.CSTNode) -> bool:
    return root is node or any(n is node for n in find_all(root, type(node)))


def _sent_to_model(module: PythonModule, node: cst.CSTNode) -> bool:
    """Is `node` (an answer) handed on as chat: appended directly, a message's content, or a model call's argument?"""
    model_nodes = {id(m.node) for m in model_calls(module)}
    talkers = functions_calling_model(module)
    child, packed = node, False  # packed: inside a tuple or list (`decisions.append((name, answer))` records)
    for ancestor in module.ancestors(node):
        if isinstance(ancestor, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return False
        if isinstance(ancestor, cst.DictElement) and child is ancestor.value \
                and (string_value(ancestor.key) or "").lower() in _MESSAGE_KEYS:
            return True
        packed = packed or isinstance(ancestor, (cst.Tuple, cst.List, cst.Set, cst.Dict))
        if isinstance(ancestor, cst.Call) and child is not ancestor.func:
            name = call_tail(ancestor)
            if id(ancestor) in model_nodes or name in talkers or name in _ADDING and not packed:
                return True
        child = ancestor
    return False


def roots(node: cst.CSTNode) -> set[str]:
    visitor = _RootNames()
    node.visit(visitor)
    return visitor.found


def leaves(body: cst.BaseSuite) -> bool:
    """Does the branch leave (return / raise / continue / break) before falling through?"""
    return bool(find_all(body, cst.Return, cst.Raise, cst.Continue, cst.Break, shallow=True))


# --- the dispatch path --------------------------------------------------------------------


def is_approver_call(call: cst.Call) -> bool:
    """`self.approver(name, args)`, `ask_approval(call)`: a callback that decides. `record_approval(...)` stores one;
    `needs_approval(name)` classifies."""
    words = tokens(call_tail(call))
    return bool(words & {"approver", "approve", "approval", "confirm", "ask"}) and not is_recording(call_tail(call)) \
        and not words & {"needs", "requires", "require", "required"} and bool(call.args)


def is_recording(name: str) -> bool:
    """`record_approval`, `log_decision`, `audit.save`: a call that stores a decision rather than makes one."""
    return bool(tokens(name) & _RECORDING)


# Verbs of calls that store a decision rather than make one.
_RECORDING = {"record", "log", "save", "store", "audit", "write", "insert", "add", "persist", "track", "emit"}
