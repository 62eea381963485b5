"""Exposure: the side effects the code can reach (shell, code execution, deletes, writes, outbound sends,
messages, payments, database writes), which functions reach them and whether a tool does; and HA105."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.shape import functions_calling_model
from analyzer.facts.python.tools import (
    assigned_values, dispatcher_functions, functions_reaching, tool_names_reaching,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, is_true, string_value

_SHELL = {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
          "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen", "os.execv", "os.execvp",
          "os.execl", "os.execlp", "os.spawnv", "os.spawnl", "asyncio.create_subprocess_exec",
          "asyncio.create_subprocess_shell", "pexpect.spawn", "pexpect.run", "commands.getoutput"}
# Framework objects that run the model's commands or code when it asks (the model drives them, so they are
# tool exposure).
_FRAMEWORK_EXEC = frameworks.code_executors()
_FRAMEWORK_EXEC_PACKAGES = frameworks.code_executor_packages()
_CREWAI = frameworks.packages("crewai")
_DELETE = {"os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree", "send2trash.send2trash",
           "aiofiles.os.remove", "aiofiles.os.unlink", "aiofiles.os.rmdir", "aioshutil.rmtree"}
_COPY_MOVE = {"shutil.move", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "os.rename",
              "os.replace", "os.renames"}
_HTTP_WRITE = ("post", "put", "patch", "delete")
_HTTP_PACKAGES = ("requests", "httpx", "aiohttp", "urllib3")
_SQL_WRITE = ("insert", "update", "delete", "drop", "create", "alter", "replace", "truncate", "merge", "upsert")
_DB_PACKAGES = ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql", "duckdb", "asyncpg", "sqlalchemy",
                "aiosqlite", "sqlmodel", "databases", "pyodbc", "cx_Oracle", "oracledb", "snowflake", "clickhouse_driver")
_DB_RECEIVER = ("cursor", "cur", "conn", "connection", "db", "session", "engine", "con", "database", "tx", "transaction")
_MONGO_WRITES = {"insert_one", "insert_many", "update_one", "update_many", "delete_one", "delete_many", "replace_one",
                 "find_one_and_update", "find_one_and_delete", "find_one_and_replace", "bulk_write"}
_SESSION_WRITES = {"add", "add_all", "delete", "merge", "commit", "bulk_save_objects", "bulk_insert_mappings"}
_MESSAGING = {  # package -> call tails that send
    "smtplib": ("sendmail", "send_message", "SMTP", "SMTP_SSL"),
    "sendgrid": ("send",), "slack_sdk": ("chat_postMessage", "chat_postEphemeral", "files_upload", "files_upload_v2"),
    "slack": ("chat_postMessage",), "twilio": ("create",), "discord": ("send",), "discord_webhook": ("execute",),
    "telegram": ("send_message", "send_document", "send_photo"), "resend": ("send",), "yagmail": ("send",),
    "postmarker": ("send",), "mailjet_rest": ("create",), "vonage": ("send_message",), "pushover": ("send_message",),
    "win32com": ("Send",),
    "telethon": ("send_message", "send_file", "forward_messages"), "aiogram": ("send_message", "send_document", "send_photo"),
    "pyrogram": ("send_message", "send_document"),
}
_PAYMENT_PACKAGES = ("stripe", "paypalrestsdk", "braintree", "square", "adyen", "razorpay", "paypal", "mollie")
_PAYMENT_TAILS = ("create", "refund", "capture", "confirm", "pay", "sale", "charge", "finalize_invoice", "send_invoice",
                  "submit_for_settlement", "transfer", "execute", "void")


def _mode(module: PythonModule, call: cst.Call) -> str | None:
    return module.resolved_string(module.arg(call, 1, "mode"))


def _first_sql(module: PythonModule, node: cst.BaseExpression | None, where: cst.CSTNode) -> str | None:
    """The SQL text an execute() call runs, as far as we can see ("" when it is computed)."""
    if node is None:
        return None
    if isinstance(node, cst.Call) and call_tail(node) == "text" and node.args:
        node = node.args[0].value  # sqlalchemy.text(query)
    literal = module.resolved_string(node)
    if literal is not None:
        return literal
    if isinstance(node, cst.FormattedString):
        head = node.parts[0] if node.parts else None
        return head.value if isinstance(head, cst.FormattedStringText) else ""
    if isinstance(node, cst.Name):
        for value in assigned_values(module, node.value, where):
            found = string_value(value) if isinstance(value, cst.Name) else _first_sql(module, value, where)
            if found:
                return found
    if isinstance(node, cst.Call) and module.call_name(node).split(".")[0] == "sqlalchemy":
        tail = call_tail(node)
        return tail if tail in _SQL_WRITE else "select"
    return ""


def classify(module: PythonModule, call: cst.Call) -> tuple[str, str] | None:
    """(kind, detail) for a call that performs a side effect, else None."""
    name = module.call_name(call)
    tail = call_tail(call)
    head = name.split(".")[0]
    receiver = module.code(call.func.value).lower() if isinstance(call.func, cst.Attribute) else ""
    if name in _SHELL:
        return "shell", name
    if tail == "exec_command" and module.imports_any("paramiko"):
        return "shell", "paramiko exec_command"
    if tail in _FRAMEWORK_EXEC and (head in _FRAMEWORK_EXEC_PACKAGES or module.imports_any(*_FRAMEWORK_EXEC_PACKAGES)):
        return _FRAMEWORK_EXEC[tail], tail
    if tail in ("Sandbox",) and head.startswith("e2b"):
        return "code-exec", "e2b Sandbox"
    if name in ("eval", "exec", "compile") and "eval" not in module.imports and call.args \
            and string_value(call.args[0].value) is None:
        return "code-exec", f"{name}() of a computed string"
    if name in ("runpy.run_path", "runpy.run_module"):
        return "code-exec", name
    if name in _DELETE or (tail in ("unlink", "rmdir") and isinstance(call.func, cst.Attribute) and len(call.args) <= 1
                           and head != "os"):
        return "file-delete", name or tail
    if name in ("open", "io.open", "aiofiles.open", "codecs.open") or (tail == "open" and isinstance(call.func, cst.Attribute)
                                                                        and head not in ("urllib", "webbrowser", "tarfile", "zipfile")):
        mode = _mode(module, call) if name in ("open", "io.open", "aiofiles.open", "codecs.open") else \
            module.resolved_string(module.arg(call, 0, "mode"))
        if mode and any(c in mode for c in "wax+"):
            return "file-write", f"{name or tail}(mode={mode!r})"
        return None
    if tail in ("write_text", "write_bytes") or name in _COPY_MOVE or tail in ("to_csv", "to_excel", "to_parquet", "to_json") \
            and call.args:
        return "file-write", name or tail
    if head in _HTTP_PACKAGES and tail in _HTTP_WRITE:
        return "network-send", name
    if head in _HTTP_PACKAGES and tail == "request" and call.args and \
            (string_value(call.args[0].value) or "").lower() in _HTTP_WRITE:
        return "network-send", name
    if tail in _HTTP_WRITE and module.imports_any(*_HTTP_PACKAGES) and any(w in receiver for w in ("session", "client", "http")):
        return "network-send", f"{receiver}.{tail}"
    if name in ("urllib.request.urlopen", "urllib.request.Request") and (
            "data" in module.kwargs(call) or len(call.args) >= 2 or
            (string_value(module.kwargs(call).get("method")) or "GET").upper() != "GET"):
        return "network-send", name
    for package, tails in _MESSAGING.items():
        if tail in tails and (head == package or module.imports_any(package)):
            if package == "twilio" and "messages" not in name and "calls" not in name:
                continue
            if package in ("discord",) and "webhook" not in receiver and "channel" not in receiver:
                continue
            return "messaging", f"{package} {tail}"
    if name.endswith("mail.send.post") and module.imports_any("sendgrid"):
        return "messaging", "SendGrid mail.send.post"  # the v3 client: sg.client.mail.send.post(request_body=...)
    if tail in ("send_email", "send_raw_email") and module.imports_any("boto3"):
        return "messaging", "AWS SES send_email"
    if head in _PAYMENT_PACKAGES and (tail in _PAYMENT_TAILS or any(t in name for t in ("refund", "charge", "payout"))):
        return "payments", name
    return _db_write(module, call, name, tail, receiver)


def _db_write(module: PythonModule, call: cst.Call, name: str, tail: str, receiver: str) -> tuple[str, str] | None:
    db_file = module.imports_any(*_DB_PACKAGES)
    receiver_leaf = receiver.split(".")[-1].split("(")[0]
    db_receiver = any(receiver_leaf == w or receiver_leaf.endswith("_" + w) or receiver_leaf.startswith(w + "_")
                      for w in _DB_RECEIVER) or name.split(".")[0] in _DB_PACKAGES
    if tail in ("execute", "executemany", "executescript", "exec_driver_sql") and db_receiver and (db_file or call.args):
        sql = _first_sql(module, call.args[0].value if call.args else None, call)
        if sql is None:
            return None
        words = sql.strip().lower().split()
        if not words and sql == "":
            return "db-write", f"{tail}() of computed SQL"
        if words and words[0] in _SQL_WRITE:
            return "db-write", f"SQL {words[0].upper()}"
        return None
    if tail in _MONGO_WRITES and module.imports_any("pymongo", "motor", "mongoengine"):
        return "db-write", f"MongoDB {tail}"
    if tail in _SESSION_WRITES and db_file and db_receiver and ("session" in receiver_leaf or tail == "commit"):
        return "db-write", f"{receiver_leaf}.{tail}()"
    if module.imports_any("django") and (
            (tail in ("create", "update", "bulk_create", "get_or_create", "update_or_create") and ".objects" in name)
            or (tail in ("save", "delete") and not call.args)):
        return "db-write", f"Django ORM {tail}()"
    return None


def _pays(module: PythonModule, call: cst.Call) -> bool:
    """An HTTP send whose URL names a money movement (`f"{API}/refunds"`)."""
    target = module.arg(call, 0, "url")
    if target is None:
        return False
    texts = [string_value(s) or "" for s in find_all(target, cst.SimpleString)]
    texts += [p.value for p in find_all(target, cst.FormattedStringText)]
    return any(w in t.lower() for t in texts for w in ("refund", "payment", "charge", "payout", "/transfers"))


def _claude_builtin_exposure(module: PythonModule, call: cst.Call) -> list[tuple[str, str]]:
    """Claude Code built-in tools named in allowed_tools/tools: Bash runs shell, Write/Edit write files."""
    if call_tail(call) not in ("ClaudeAgentOptions", "ClaudeCodeOptions", "AgentDefinition"):
        return []
    found = []
    kwargs = module.kwargs(call)
    for key in ("allowed_tools", "tools"):
        value = module.resolve(kwargs.get(key))
        names = {string_value(s) for s in find_all(value, cst.SimpleString)} if value is not None else set()
        if {n.split("(")[0] for n in names if n} & {"Bash"}:
            found.append(("shell", f"Claude Code Bash tool in {key}"))
        if {n.split("(")[0] for n in names if n} & {"Write", "Edit", "MultiEdit", "NotebookEdit"}:
            found.append(("file-write", f"Claude Code Write/Edit tools in {key}"))
    return found


@python_check
class SideEffectExposure(PythonCheck):
    """Side effects the code reaches (shell, code-exec, file-delete, file-write, network-send, messaging,
    payments, db-write), with the functions of this file that reach each one and whether a tool does.
    A write to the harness's own log is still reported, but not as in_tool unless a tool reaches it."""

    id = "exposure.side-effects"
    emits = ("exposure:shell", "exposure:code-exec", "exposure:file-delete", "exposure:file-write",
             "exposure:network-send", "exposure:messaging", "exposure:payments", "exposure:db-write")
    POSITIVE = (
        Example("""
import subprocess
def run_shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout
""", expect="exposure:shell", line=4, message="subprocess.run"),
        Example("""
import shutil, os
def delete_path(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    else:
        os.remove(path)
""", expect="exposure:file-delete"),
        Example("""
import requests
def post_webhook(url, payload):
    return requests.post(url, json=payload, timeout=10).status_code
""", expect="exposure:network-send"),
        Example("""
import smtplib
def send_email(to, body):
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("bot@example.com", [to], body)
""", expect="exposure:messaging"),
        Example("""
import sendgrid
def send_report(html):
    sg = sendgrid.SendGridAPIClient(api_key="k")
    return sg.client.mail.send.post(request_body={"content": html}).status_code
""", expect="exposure:messaging"),
        Example("""
from telethon import TelegramClient
async def post(client: TelegramClient, chat, text):
    await client.send_message(chat, text)
""", expect="exposure:messaging"),
        Example("""
import stripe
def refund(charge_id):
    return stripe.Refund.create(charge=charge_id)
""", expect="exposure:payments"),
        Example("""
import sqlite3
def run_sql(query):
    conn = sqlite3.connect("app.db")
    conn.execute(query)
    conn.commit()
""", expect="exposure:db-write"),
        Example("""
def write_file(path, content):
    with open(path, "w") as fh:
        fh.write(content)
""", expect="exposure:file-write"),
        Example("""
from smolagents import CodeAgent
agent = CodeAgent(tools=[], model=model)
""", expect="exposure:code-exec"),
    )
    NEGATIVE = (
        # Reads only.
        """
import requests
def fetch(url):
    with open("cache.txt") as fh:
        cached = fh.read()
    return requests.get(url).text
""",
        # A SELECT is not a write; string .replace is not a file rename.
        """
import sqlite3
def lookup(conn, user_id):
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))
    return cur.fetchone()["name"].replace("_", " ")
""",
        # ast.literal_eval and eval of a literal.
        """
import ast
def parse(text):
    return ast.literal_eval(text), eval("1 + 1")
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            found = classify(module, call)
            kinds = [found] if found else []
            kinds += _claude_builtin_exposure(module, call)
            if module.call_name(call).rsplit(".", 1)[-1] in ("Agent",) and module.imports_any(*_CREWAI) \
                    and is_true(module.kwargs(call).get("allow_code_execution")):
                kinds.append(("code-exec", "CrewAI allow_code_execution=True"))
            if found and found[0] == "network-send" and _pays(module, call):
                kinds.append(("payments", f"{found[1]} to a payments endpoint"))
            for kind, detail in kinds:
                functions = functions_reaching(module, call)
                tools = tool_names_reaching(module, call)
                framework = detail.startswith(("Claude Code", "CrewAI")) or detail in _FRAMEWORK_EXEC
                out.exposure(kind, call, detail, functions=functions | tools, in_tool=bool(tools) or framework)


_MODEL_OUTPUT_WORDS = ("response", "completion", "output", "content", "message", "result", "generated", "llm",
                       "answer", "reply", "tool_input", "arguments", "code", "action", "snippet", "expression", "expr")


@python_check
class ModelOutputExecuted(PythonCheck):
    """HA105: `eval`/`exec`/`compile` of a computed string inside a tool, in the dispatcher or a function that
    calls the model, or on something named like model output (response, completion, code, arguments)."""

    id = "exposure.model-output-executed"
    emits = ("HA105",)
    POSITIVE = (
        Example("""
from langchain_core.tools import tool
@tool
def calculator(expression: str) -> str:
    \"\"\"Evaluate a maths expression.\"\"\"
    return str(eval(expression))
""", line=6, message="eval() of a computed string inside tool calculator"),
        """
def run(client, messages):
    response = client.chat.completions.create(model="gpt-4o", messages=messages)
    code = response.choices[0].message.content
    exec(code)
""",
    )
    NEGATIVE = (
        """
import ast
def load(text):
    return ast.literal_eval(text)
""",
        # eval of a setting read at start-up, nowhere near the model.
        """
import os
def load_settings():
    return eval(os.environ.get("LIMITS", "{}"))
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if "eval" in module.imports or "exec" in module.imports:
            return
        model_functions = functions_calling_model(module)
        dispatchers = {f.name.value for f in dispatcher_functions(module)}
        for call in module.calls:
            name = module.call_name(call)
            if name not in ("eval", "exec", "compile") or not call.args or string_value(call.args[0].value) is not None:
                continue
            argument = module.code(call.args[0].value).lower()
            tools = tool_names_reaching(module, call)
            function = module.enclosing_function(call)
            where = function.name.value if function is not None else ""
            if tools:
                out.hit("HA105", call, f"{name}() of a computed string inside tool {sorted(tools)[0]}")
            elif where in model_functions or where in dispatchers:
                out.hit("HA105", call, f"{name}() of a computed string in {where}, which handles model output")
            elif any(word in argument for word in _MODEL_OUTPUT_WORDS):
                out.hit("HA105", call, f"{name}({module.code(call.args[0].value, 30)}) runs what looks like model output")
