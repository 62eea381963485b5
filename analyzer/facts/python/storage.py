"""Shared look-ups for durable storage: where a file writes something that outlives the process
(JSON/pickle/YAML files, SQL inserts, key-value stores) and where it reads such data back.

Not a check. The session (P3), workflow-state (P4) and event-log (P7) checks tell apart *what*
is written (a session, a status, an event record) on top of these. Memoised per module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import libcst as cst

from analyzer.facts.python.loops import call_tail
from analyzer.parse.python import PythonModule, find_all, string_value

_DUMPERS = {"json.dump", "pickle.dump", "yaml.dump", "yaml.safe_dump", "toml.dump", "tomli_w.dump",
            "marshal.dump", "dill.dump", "cloudpickle.dump"}
_SERIALISERS = {"dumps", "dump_json", "dump_python", "model_dump_json", "all_messages_json", "new_messages_json",
                "to_json", "safe_dump", "dump"}
_SERIALISER_MODULES = {"json", "orjson", "pickle", "yaml", "ujson", "simplejson", "toml", "tomli_w", "dill",
                       "cloudpickle"}
_WRITE_TAILS = {"write", "write_text", "write_bytes", "writelines", "set", "hset", "rpush", "lpush", "xadd",
                "put_item", "put_object", "insert_one", "update_one", "replace_one", "setex", "upload_blob",
                "put", "save_json"}
_LOADERS = {"json.load", "json.loads", "pickle.load", "pickle.loads", "yaml.safe_load", "yaml.load",
            "orjson.loads", "toml.load", "tomllib.load", "dill.load", "cloudpickle.load"}
_PARSERS = {"validate_json", "validate_python", "model_validate_json", "from_json", "parse_raw", "parse_file"}


@dataclass(frozen=True)
class Write:
    node: cst.Call  # the call that writes
    payload: cst.CSTNode | None  # what is written (the object serialised, or the SQL parameters)
    kind: str  # file | sql | kv
    append: bool  # an append-only record (JSONL, log file)
    sql: str = ""  # the statement, for SQL writes
    fields: tuple[str, ...] = ()  # columns an ORM commit writes (`conv.messages_json = ...; db.commit()`)
    store: str = ""  # which store: a path expression, key or table (see `store_of`); "" when not visible
    label: str = ""  # the store as a reader sees it: `'history.json' (HISTORY)`


@dataclass(frozen=True)
class Load:
    node: cst.Call
    kind: str
    store: str = ""
    label: str = ""


def _serialised(module: PythonModule, node: cst.CSTNode) -> tuple[cst.Call, cst.CSTNode | None] | None:
    """The serialiser call inside a write's argument and the object it serialises."""
    for call in find_all(node, cst.Call):
        tail = call_tail(call)
        if tail not in _SERIALISERS:
            continue
        name = module.call_name(call)
        if tail in ("dumps", "dump", "safe_dump") and name.split(".")[0] not in _SERIALISER_MODULES:
            continue
        if call.args:
            return call, call.args[0].value
        receiver = call.func.value if isinstance(call.func, cst.Attribute) else None
        return call, receiver
    return None


def _serialised_local(module: PythonModule, call: cst.Call) -> tuple[cst.Call, cst.CSTNode | None] | None:
    """`line = json.dumps(entry); f.write(line + "\\n")`: the serialiser sits in a local assignment."""
    function = module.enclosing_function(call)
    if function is None:
        return None
    used = {n.value for n in find_all(call.args[0].value, cst.Name)}
    for assign in find_all(function, cst.Assign):
        if any(isinstance(t.target, cst.Name) and t.target.value in used for t in assign.targets) \
                and module.line(assign) <= module.line(call):
            found = _serialised(module, assign.value)
            if found is not None:
                return found
    return None


def _opened_for_append(module: PythonModule, call: cst.Call) -> bool:
    """Is the handle written here opened in append mode (`open(p, "a")`, `path.open("a")`)?"""
    for ancestor in module.ancestors(call):
        if isinstance(ancestor, cst.With):
            for item in ancestor.items:
                opener = item.item
                if isinstance(opener, cst.Call) and call_tail(opener) == "open":
                    # open(path, "a") / io.open(path, "a") take the mode second; path.open("a") first
                    method = isinstance(opener.func, cst.Attribute) and module.dotted(opener.func) not in ("io.open",
                                                                                                       "codecs.open")
                    mode = module.arg(opener, 0 if method else 1, "mode")
                    if (string_value(mode) or "").startswith("a"):
                        return True
        if isinstance(ancestor, cst.FunctionDef):
            break
    return False


def durable_writes(module: PythonModule) -> list[Write]:
    if "durable_writes" in module.memo:
        return module.memo["durable_writes"]
    found: list[Write] = []
    for call in module.calls:
        name, tail = module.call_name(call), call_tail(call)
        if name in _DUMPERS and call.args:
            found.append(Write(call, call.args[0].value, "file", _opened_for_append(module, call)))
        elif tail in _WRITE_TAILS and call.args:
            inner = _serialised(module, call) or _serialised_local(module, call)
            if inner is not None:
                kind = "file" if tail.startswith("write") else "kv"
                found.append(Write(call, inner[1], kind, kind == "file" and _opened_for_append(module, call)))
        elif tail in ("execute", "executemany", "exec_driver_sql") and call.args:
            sql = (string_value(call.args[0].value) or _fstring_text(call.args[0].value)).strip()
            if sql.split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "REPLACE", "UPSERT"):
                payload = call.args[1].value if len(call.args) > 1 else None
                found.append(Write(call, payload, "sql", sql.upper().startswith("INSERT"), sql))
    found += _orm_commits(module)
    found = [replace(w, store=key, label=label) for w in found for key, label in [store_of(module, w.node, w.sql)]]
    module.memo["durable_writes"] = found
    return found


_ORM_PACKAGES = ("sqlalchemy", "sqlmodel", "flask_sqlalchemy")


def _orm_commits(module: PythonModule) -> list[Write]:
    """SQLAlchemy-style unit of work: attributes set on mapped objects (`conv.messages_json = ...`)
    or objects added (`db.add(Decision(tool=..., approved=...))`) and then `session.commit()` in the
    same function. The fields are what the commit writes."""
    if not module.imports_any(*_ORM_PACKAGES):
        return []
    found = []
    for function in module.functions:
        commits = [c for c in find_all(function, cst.Call) if call_tail(c) == "commit" and not c.args]
        if not commits:
            continue
        fields: list[str] = []
        for assign in find_all(function, cst.Assign):
            for target in assign.targets:
                elements = target.target.elements if isinstance(target.target, (cst.Tuple, cst.List)) else [target.target]
                for element in elements:
                    node = element.value if isinstance(element, cst.Element) else element
                    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) \
                            and node.value.value != "self":
                        fields.append(node.attr.value)
        for call in find_all(function, cst.Call):
            if call_tail(call) in ("add", "merge", "add_all") and call.args and isinstance(call.args[0].value, cst.Call):
                fields += [a.keyword.value for a in call.args[0].value.args if a.keyword is not None]
        if fields:
            found.append(Write(commits[-1], None, "orm", False, "", tuple(dict.fromkeys(fields))))
    return found


def durable_loads(module: PythonModule) -> list[Load]:
    if "durable_loads" in module.memo:
        return module.memo["durable_loads"]
    found: list[Load] = []
    for call in module.calls:
        name, tail = module.call_name(call), call_tail(call)
        if name in _LOADERS:
            found.append(Load(call, "file"))
        elif tail in _PARSERS and call.args:
            if tail == "validate_python" and not _stored_source(module, call.args[0].value):
                continue  # validating an object in memory (a model's tool input) is not a load
            found.append(Load(call, "file"))
        elif tail in ("execute", "fetchone", "fetchall") and call.args:
            sql = (string_value(call.args[0].value) or "").strip().upper()
            if sql.startswith("SELECT"):
                found.append(Load(call, "sql"))
    found = [replace(load, store=key, label=label) for load in found
             for key, label in [store_of(module, load.node, _sql_of(load.node))]]
    module.memo["durable_loads"] = found
    return found


_STORED = ("load", "read", "fetch", "row", "record", "saved", "stored", "json", "db", "cache", "get")


def _stored_source(module: PythonModule, node: cst.CSTNode) -> bool:
    """Does the parsed value come from storage (`json.loads(...)`, `row["messages"]`, `store.get(...)`)?"""
    return any(word in module.code(node, 120).lower() for word in _STORED)


def _fstring_text(node: cst.CSTNode) -> str:
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    return ""


def context_text(module: PythonModule, node: cst.CSTNode, extra: cst.CSTNode | None = None) -> str:
    """Words around a write or load: the enclosing function and class names, and the code of
    `extra` (the payload). Used to tell a session from a config file or a cache."""
    parts = [enclosing_names(module, node)]
    if extra is not None:
        parts.append(module.code(extra, 300))
    # the whole statement: `self.messages = json.load(f)` names what was loaded
    parts.append(module.code(module.statement_of(node), 300))
    return " ".join(parts)


def enclosing_names(module: PythonModule, node: cst.CSTNode) -> str:
    """Names of the functions and classes around `node`, innermost first (`emit EventLog`)."""
    return " ".join(a.name.value for a in module.ancestors(node) if isinstance(a, (cst.FunctionDef, cst.ClassDef)))


# --- which store a write or a load touches ---------------------------------------------------
# A save counts as a session only when something reads the same store back, so each write and
# load carries the identity of its store: a path expression (constants and local names followed,
# f-string holes blanked: `f"{state.id}.json"` and `f"{session_id}.json"` are one store), a
# key, or a SQL table. The label keeps the constant's name so a linker can match across files.

_RENAMES = ("os.replace", "os.rename", "shutil.move")
_OPENERS = ("open", "io.open", "codecs.open", "aiofiles.open", "gzip.open")
_READS = ("read_text", "read_bytes", "read", "get", "hget", "lrange", "get_item", "get_object", "find_one")


def _sql_of(call: cst.Call) -> str:
    return (string_value(call.args[0].value) or _fstring_text(call.args[0].value)) if call.args else ""


def store_of(module: PythonModule, call: cst.Call, sql: str = "") -> tuple[str, str]:
    """(identity, label) of the store `call` writes or reads; ("", "") when it is not visible."""
    if sql:
        table = re.search(r"\b(?:INTO|UPDATE|FROM)\s+[\"`]?(\w+)", sql, re.I)
        return (f"table:{table.group(1).lower()}", f"table {table.group(1)}") if table else ("", "")
    target = _store_node(module, call)
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
    `PATH.read_text()`, `store.get(KEY)`."""
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
        if isinstance(value, cst.Call):
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
