"""Shared look-ups for durable storage: where a file writes something that outlives the process
(JSON/pickle/YAML files, SQL inserts, key-value stores) and where it reads such data back.

Not a check. The session (P3), workflow-state (P4) and event-log (P7) checks tell apart *what*
is written (a session, a status, an event record) on top of these. Memoised per module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst

from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

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
            sql = (string_value(call.args[0].value) or fstring_text(call.args[0].value)).strip()
            if sql.split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "REPLACE", "UPSERT"):
                payload = call.args[1].value if len(call.args) > 1 else None
                found.append(Write(call, payload, "sql", sql.upper().startswith("INSERT"), sql))
    found += _orm_commits(module)
    from analyzer.facts.python.store_identity import store_of  # it reads this module's tables

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
    from analyzer.facts.python.store_identity import sql_of, store_of

    found = [replace(load, store=key, label=label) for load in found
             for key, label in [store_of(module, load.node, sql_of(load.node))]]
    module.memo["durable_loads"] = found
    return found


_STORED = ("load", "read", "fetch", "row", "record", "saved", "stored", "json", "db", "cache", "get")


def _stored_source(module: PythonModule, node: cst.CSTNode) -> bool:
    """Does the parsed value come from storage (`json.loads(...)`, `row["messages"]`, `store.get(...)`)?"""
    return any(word in module.code(node, 120).lower() for word in _STORED)


def fstring_text(node: cst.CSTNode) -> str:
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
