"""Shared look-ups for P3: which fields a session write saves (a dict literal, a dataclass of the
file, an ORM commit's columns, a whole session object) and what a loader says it returns.
Not a check; `p03_session_persistence.py` builds on these."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.loops import (
    HISTORY_WORDS, SESSION_WORDS, exit_position, exit_registered, function_consulted, words_in,
)
from analyzer.facts.python.runtime_apis import string_keys
from analyzer.facts.python.storage import Write, context_text
from analyzer.parse.python import PythonModule, call_tail, find_all


def _class_fields(module: PythonModule, name: str) -> set[str]:
    cls = next((c for c in module.classes if c.name.value == name), None)
    if cls is None:
        return set()
    fields = {n.target.value for n in find_all(cls.body, cst.AnnAssign) if isinstance(n.target, cst.Name)}
    for assign in find_all(cls, cst.Assign):
        for target in assign.targets:
            if isinstance(target.target, cst.Attribute):
                fields.add(target.target.attr.value)
    return fields


def _record_of(module: PythonModule, payload: cst.CSTNode | None, where: cst.CSTNode) -> cst.CSTNode | None:
    """`record = {...}; json.dump(record, f)`: the value a local name was built from."""
    function = module.enclosing_function(where)
    if isinstance(payload, cst.Name) and function is not None:
        for assign in find_all(function, cst.Assign):
            if any(isinstance(t.target, cst.Name) and t.target.value == payload.value for t in assign.targets):
                return assign.value
    return payload


def _object_of(payload: cst.CSTNode | None) -> cst.CSTNode | None:
    """The object serialised whole: `asdict(state)`, `vars(state)`, `state.to_dict()`, `state.model_dump()`."""
    if isinstance(payload, cst.Call) and payload.args and isinstance(payload.func, cst.Name):
        return payload.args[0].value
    if isinstance(payload, cst.Call) and isinstance(payload.func, cst.Attribute):
        return payload.func.value
    return payload


def saved_fields(module: PythonModule, write: Write) -> tuple[set[str], str] | None:
    """Field names of what is written and what it is, when we can tell: a dict literal (with
    `**session.to_dict()` splats followed), a dataclass of this file, or a whole session object."""
    if write.fields:  # an ORM commit: the columns set before it
        return set(write.fields), ""
    payload = _record_of(module, write.payload, write.node)
    fields: set[str] = set()
    objects: list[cst.CSTNode | None] = [payload]
    if isinstance(payload, cst.Dict):
        fields |= string_keys(payload)
        objects = [e.value for e in payload.elements if isinstance(e, cst.StarredDictElement)]
    for target in map(_object_of, objects):
        if not isinstance(target, (cst.Name, cst.Attribute)):
            continue
        name = target.value if isinstance(target, cst.Name) else target.attr.value
        type_name = _annotation_of(module, write.node, name)
        declared = _class_fields(module, type_name) if type_name else set()
        if declared:
            fields |= declared
        elif words_in(f"{name} {type_name or ''}", ("session", "state", "snapshot", "checkpoint")) \
                and not words_in(name, HISTORY_WORDS):
            return fields | {"<session object>"}, f"the {type_name or name} object"
    return (fields, "") if fields else None


def _annotation_of(module: PythonModule, node: cst.CSTNode, name: str) -> str | None:
    function = module.enclosing_function(node)
    for param in function.params.params if function is not None else ():
        if param.name.value == name and param.annotation is not None:
            annotation = param.annotation.annotation
            return annotation.value if isinstance(annotation, cst.Name) else module.code(annotation)
    return None


def returns(module: PythonModule, node: cst.CSTNode) -> str:
    """What the enclosing function says it returns: `def load(path) -> RunState`."""
    function = module.enclosing_function(node)
    if function is None or function.returns is None:
        return ""
    return module.code(function.returns.annotation, 80)


# Fields that make a saved session more than its transcript.
STATE_WORDS = ("usage", "token", "turn", "decision", "permission", "approval", "config", "setting", "cost",
                "budget", "stop_reason")
NOT_SESSION = ("config", "setting", "cache", "credential", "token_cache", "secret", "env")
_EVENT_KEYS = {"category", "event", "event_type", "level", "action", "kind"}
SAVE_TAILS = ("save", "persist", "dump", "checkpoint", "flush", "store", "write", "snapshot")


def session_write(module: PythonModule, write: Write) -> bool:
    """A write of the conversation or session, not of a config file, a cache or an event record."""
    if isinstance(write.payload, cst.Dict) and string_keys(write.payload) & _EVENT_KEYS:
        return False
    text = context_text(module, write.node, write.payload) + " " + write.sql + " " + " ".join(write.fields)
    return words_in(text, SESSION_WORDS) and not words_in(text.replace("session", ""), NOT_SESSION)


def save_timing(module: PythonModule, node: cst.CSTNode) -> str:
    """"exit" (only at shutdown), "unused" (never called here in a file that runs the agent), or "run"."""
    if exit_position(module, node):
        return "exit"
    function = module.enclosing_function(node)
    if function is None:
        return "run"
    name = function.name.value
    if name in exit_registered(module):
        return "exit"
    sites = [c for c in module.calls if call_tail(c) == name]
    if sites:
        return "exit" if all(exit_position(module, c) or in_exit_function(module, c) for c in sites) else "run"
    return "run" if function_consulted(module, node) else "unused"


def in_exit_function(module: PythonModule, node: cst.CSTNode) -> bool:
    function = module.enclosing_function(node)
    return function is not None and function.name.value in exit_registered(module)
