"""Which store a durable write or load touches, and whether what was loaded feeds the program.

Not a check. A save counts as a session only when something reads the same store back, so each
write and load carries the identity of its store: a path expression (constants and local names
followed, f-string holes and id arguments blanked: `f"{state.id}.json"` and `f"{session_id}.json"`
are one store), a key, a SQL table, or a column an ORM commit sets. The label keeps a constant's
name so a project-wide linker can match a save in one module with a load in another.
"""

from __future__ import annotations

import re

import libcst as cst

from analyzer.facts.python.storage import (
    _DUMPERS, _LOADERS, _PARSERS, _WRITE_TAILS, Load, Write, fstring_text,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

_RENAMES = ("os.replace", "os.rename", "shutil.move")
_OPENERS = ("open", "io.open", "codecs.open", "aiofiles.open", "gzip.open")
_READS = ("read_text", "read_bytes", "read", "get", "hget", "lrange", "get_item", "get_object", "find_one")


def sql_of(call: cst.Call) -> str:
    return (string_value(call.args[0].value) or fstring_text(call.args[0].value)) if call.args else ""


def store_of(module: PythonModule, call: cst.Call, sql: str = "") -> tuple[str, str]:
    """(identity, label) of the store `call` writes or reads; ("", "") when it is not visible."""
    if call_tail(call) == "commit":  # an ORM unit of work: the columns it sets are the store
        return "", ""
    if sql:
        table = re.search(r"\b(?:INTO|UPDATE|FROM)\s+[\"`]?(\w+)", sql, re.I)
        return (f"table:{table.group(1).lower()}", f"table {table.group(1)}") if table else ("", "")
    target = _store_node(module, call)
    if isinstance(target, cst.Attribute) and not _handle_like(module, call, target):
        # `validate_json(conv.messages_json)`: a column of a stored row, matched to the ORM write setting it
        return f"field:{target.attr.value}", f"field {target.attr.value}"
    # a handle we cannot follow (`os.fdopen(mkstemp()...)`) renamed into place: the destination
    target = _renamed(module, call, target) if target is not None else _rename_destination(module, call)
    if target is None:
        return "", ""
    key, constant = _path_key(module, target, call)
    if not key:
        return "", ""
    return key, f"'{key}'" + (f" ({constant})" if constant else "")


def _store_node(module: PythonModule, call: cst.Call) -> cst.CSTNode | None:
    """The expression naming the store: the path opened, the receiver of `write_text`, the key."""
    name, tail = module.call_name(call), call_tail(call)
    if name in _DUMPERS or name in _LOADERS or tail in _PARSERS:
        handle = call.args[1].value if name in _DUMPERS and len(call.args) > 1 else (
            call.args[0].value if call.args and name not in _DUMPERS else None)
        return _handle_source(module, call, handle) if handle is not None else None
    if tail in ("write_text", "write_bytes") and isinstance(call.func, cst.Attribute):
        return call.func.value
    if tail in ("write", "writelines") and isinstance(call.func, cst.Attribute):
        return _handle_source(module, call, call.func.value)
    if tail in _WRITE_TAILS and call.args:
        return call.args[0].value  # a key-value store: the key
    return None


def _handle_source(module: PythonModule, where: cst.CSTNode, handle: cst.CSTNode) -> cst.CSTNode | None:
    """What a file handle or a read was opened on: `open(PATH)`, `with open(PATH) as fh`,
    `PATH.read_text()`, `store.get(KEY)` (awaited or not), or a stored row's field."""
    if isinstance(handle, cst.Await):
        handle = handle.expression
    if isinstance(handle, cst.Attribute):
        return handle
    if isinstance(handle, cst.Call):
        tail = call_tail(handle)
        if tail in ("open",) or module.call_name(handle) in _OPENERS:
            if isinstance(handle.func, cst.Attribute) and module.call_name(handle) not in _OPENERS:
                return handle.func.value  # path.open("w")
            return handle.args[0].value if handle.args else None
        if tail in _READS and isinstance(handle.func, cst.Attribute):
            inner = handle.func.value
            if tail in ("read_text", "read_bytes"):
                return inner
            if tail == "read":
                return _handle_source(module, where, inner)
            return handle.args[0].value if handle.args else None  # a key-value read: the key
        return None
    if isinstance(handle, cst.Name):
        for ancestor in module.ancestors(where):
            if isinstance(ancestor, cst.With):
                for item in ancestor.items:
                    if item.asname is not None and isinstance(item.asname.name, cst.Name) \
                            and item.asname.name.value == handle.value and isinstance(item.item, cst.Call):
                        return _handle_source(module, where, item.item)
            if isinstance(ancestor, cst.FunctionDef):
                break
        value = _local_value(module, where, handle.value)
        if isinstance(value, (cst.Call, cst.Await)):
            return _handle_source(module, where, value)
    return None


def _local_value(module: PythonModule, where: cst.CSTNode, name: str) -> cst.BaseExpression | None:
    """The last value assigned to local `name` before `where` in its function."""
    function = module.enclosing_function(where)
    if function is None:
        return None
    value = None
    for assign in find_all(function, cst.Assign):
        if module.line(assign) <= module.line(where) and any(
                isinstance(t.target, cst.Name) and t.target.value == name for t in assign.targets):
            value = assign.value
    return value


def _renamed(module: PythonModule, call: cst.Call, target: cst.CSTNode) -> cst.CSTNode:
    """An atomic write: `tmp` written, then `os.replace(tmp, final)`; the store is `final`."""
    function = module.enclosing_function(call)
    if function is None:
        return target
    written = module.code(target, 200)
    for other in find_all(function, cst.Call):
        if module.line(other) < module.line(call):
            continue
        if module.call_name(other) in _RENAMES and len(other.args) > 1 and module.code(other.args[0].value, 200) == written:
            return other.args[1].value
        if call_tail(other) in ("replace", "rename") and isinstance(other.func, cst.Attribute) and other.args \
                and module.code(other.func.value, 200) == written:
            return other.args[0].value
    return target


def _handle_like(module: PythonModule, call: cst.Call, target: cst.Attribute) -> bool:
    """`self.path.write_text(...)` names a path; `conv.messages_json` parsed by a loader names a field."""
    return call_tail(call) in ("write_text", "write_bytes", "write", "writelines") or module.call_name(call) in _DUMPERS


def same_store(write: Write, load: Load) -> bool:
    """Does `load` read what `write` wrote: the same path, key or table, or a column an ORM commit sets?"""
    if write.store and write.store == load.store:
        return True
    return write.kind == "orm" and load.store.startswith("field:") and load.store[6:] in write.fields


def _rename_destination(module: PythonModule, call: cst.Call) -> cst.CSTNode | None:
    function = module.enclosing_function(call)
    for other in find_all(function, cst.Call) if function is not None else ():
        if module.line(other) >= module.line(call) and module.call_name(other) in _RENAMES and len(other.args) > 1:
            return other.args[1].value
    return None


def _blank_ids(module: PythonModule, call: cst.Call) -> str:
    """`self.path(session.id)` and `self.path(session_id)` are one store: arguments that name a
    value (not the object's own attributes) are blanked."""
    parts = []
    for arg in call.args:
        value = arg.value
        root = value
        while isinstance(root, (cst.Attribute, cst.Subscript)):
            root = root.value
        blank = isinstance(value, (cst.Name, cst.Attribute)) and not (
            isinstance(root, cst.Name) and root.value in ("self", "cls"))
        text = "{}" if blank else re.sub(r"\{[^{}]*\}", "{}", module.code(value, 200))
        parts.append((f"{arg.keyword.value}=" if arg.keyword is not None else "") + text)
    return f"{module.code(call.func, 80)}({', '.join(parts)})"


def _path_key(module: PythonModule, node: cst.CSTNode, where: cst.CSTNode, depth: int = 0) -> tuple[str, str]:
    """A normal form of a path or key expression, and the module constant it came through."""
    if depth > 4:
        return module.code(node, 200), ""
    if isinstance(node, cst.Name):
        constant = module.module_constants.get(node.value)
        if constant is not None:
            key, _ = _path_key(module, constant, where, depth + 1)
            return key, node.value
        local = _local_value(module, where, node.value)
        if local is not None:
            return _path_key(module, local, where, depth + 1)
    if isinstance(node, cst.Call) and call_tail(node) in ("Path", "PurePath") and len(node.args) == 1:
        return _path_key(module, node.args[0].value, where, depth + 1)
    literal = string_value(node)
    if literal is not None:
        return literal, ""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        left, constant = _path_key(module, node.left, where, depth + 1)
        right, _ = _path_key(module, node.right, where, depth + 1)
        return f"{left}/{right}", constant
    if isinstance(node, cst.Call):
        return _blank_ids(module, node), ""
    # f-string holes blanked: the same store under different names of the same id
    return re.sub(r"\{[^{}]*\}", "{}", module.code(node, 200)), ""


def loaded_state_used(module: PythonModule, load: cst.Call) -> bool:
    """Does the loaded value feed the program: returned, kept on an object, handed to a call,
    or assigned to a name used afterwards (other than being printed or counted)?"""
    child: cst.CSTNode = load
    for ancestor in module.ancestors(load):
        if isinstance(ancestor, (cst.Return, cst.If, cst.While)):
            return True
        if isinstance(ancestor, cst.Call) and call_tail(ancestor) not in _REPORTERS and child is not ancestor.func:
            return True
        if isinstance(ancestor, (cst.Assign, cst.AnnAssign)):
            targets = [t.target for t in ancestor.targets] if isinstance(ancestor, cst.Assign) else [ancestor.target]
            if any(not isinstance(t, cst.Name) for t in targets):
                return True  # `self.messages = json.load(f)`
            return any(_used_after(module, ancestor, t.value) for t in targets)
        if isinstance(ancestor, (cst.SimpleStatementLine, cst.FunctionDef)):
            return False
        child = ancestor
    return False


_REPORTERS = ("print", "len", "echo", "debug", "info", "warning", "warn", "log", "pprint", "str", "repr")


def _used_after(module: PythonModule, assign: cst.CSTNode, name: str) -> bool:
    scope = module.enclosing_function(assign) or module.module
    line = module.line(assign)
    for node in find_all(scope, cst.Name):
        if node.value != name or module.line(node) <= line:
            continue
        parent = module.parent(node)
        call = next((a for a in module.ancestors(node) if isinstance(a, cst.Call)), None)
        if isinstance(parent, cst.AssignTarget):
            continue
        if call is None or call_tail(call) not in _REPORTERS:
            return True
    return False
