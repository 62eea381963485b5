"""What a shell hook does, read from its commands (never run).

Claude Code gives a command hook the tool call as JSON on stdin. The hook blocks the call only
by exiting 2 or by printing a JSON decision (`permissionDecision: "deny"`, `decision: "block"`);
exit 1 is a non-blocking error and the call goes ahead. So a hook can deny when an `exit 2` (or
such a JSON reply, or a call to a function that does either) is reachable, and it is a gate
when that branch sits behind a test of what it read from stdin: an `if`/`case`/`&&` on a
variable assigned from `$(cat)`, `read` or `jq`. A hook that exits 2 unconditionally blocks
everything; one that only echoes or logs blocks nothing.

Records: a line that appends (`>>`, `tee -a`) to a file; structured when written by `jq -c`/`-n`
or as JSON text; a decision record when what it writes carries the decision. Tests: a line that
runs one of the verify commands of `rubrics/vocabulary/doc-terms.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.facts.model import HookAction
from analyzer.facts.vocabulary import load_vocabulary
from analyzer.parse.config import strip_hash_comment

_ASSIGN = re.compile(r"^\s*(?:local\s+|export\s+|readonly\s+|declare\s+(?:-\w+\s+)*)?(?P<name>[A-Za-z_]\w*)=(?P<value>.*)$")
_READ = re.compile(r"\bread\s+(?:-[a-z]+\s+)*(?P<names>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)")
_STDIN_READ = re.compile(r"\$\(\s*cat\s*-?\s*\)|/dev/stdin|\bjq\b")
_VAR_REF = re.compile(r"\$\{?(?P<name>[A-Za-z_]\w*)")
_EXIT_DENY = re.compile(r"\bexit\s+2\b")
_EXIT_OTHER = re.compile(r"\bexit\s+(?P<code>[13-9]\d*|1\d+)\b")  # non-zero, not 2: a non-blocking error
_JSON_DENY = re.compile(r"permissionDecision\W+deny|\"?decision\"?\W+(?:block|deny)\b", re.IGNORECASE)
_APPEND = re.compile(r"(?<![0-9&])>>\s*(?P<target>[^\s;&|]+)|\btee\s+(?:-\w*a\w*|--append)\s+(?P<tee>[^\s;&|]+)")
_STRUCTURED = re.compile(r"\bjq\s+(?:-\w*[cn]\w*|--compact-output|--null-input)|printf\s+['\"]\{|echo\s+['\"]\{|\{\s*\\?\"\w+\\?\"\s*:")
_DECISION = re.compile(r"decision|\bdeny\b|denied|\bblock(?:ed)?\b|\ballow(?:ed)?\b|verdict", re.IGNORECASE)
_FUNCTION = re.compile(r"^\s*(?:function\s+)?(?P<name>[A-Za-z_][\w-]*)\s*\(\)\s*\{?(?P<rest>.*)$"
                       r"|^\s*function\s+(?P<kw>[A-Za-z_][\w-]*)\s*\{?(?P<kwrest>.*)$")
_OPENERS = re.compile(r"^\s*(?P<kw>if|elif|while|until|for|case|select)\b(?P<rest>.*)$")
_CLOSERS = re.compile(r"^\s*(?P<kw>fi|done|esac)\b")


# Examples (tests/docs/test_agent_config_harness.py runs them): scripts that deny a call after
# testing it, and scripts that must not count as able to.
GATES = (
    'cmd=$(jq -r .tool_input.command)\nif [[ "$cmd" == rm* ]]; then\n  echo "no rm" >&2\n  exit 2\nfi\n',
    'jq -r .tool_input.command | grep -Eq "git push.*--force" && exit 2\nexit 0\n',
    'input=$(cat)\nblock() { printf \'{"hookSpecificOutput":{"permissionDecision":"deny"}}\'; exit 0; }\n'
    'case "$(jq -r .tool_input.command <<<"$input")" in\n  *"DROP TABLE"*) block ;;\nesac\n',
)
NOT_GATES = (
    'cmd=$(jq -r .tool_input.command)\nif [[ "$cmd" == rm* ]]; then\n  echo "careful" >&2\n  exit 1\nfi\n',
    'echo "hook ran" >> /tmp/hooks.log\nexit 0\n',
    'echo "refusing everything" >&2\nexit 2\n',
    '# if [[ "$cmd" == rm* ]]; then exit 2; fi\ncmd=$(jq -r .tool_input.command)\necho "$cmd"\n',
    'deny() { echo "$1" >&2; exit 2; }\ncmd=$(jq -r .tool_input.command)\necho "$cmd"\n',
)


@dataclass
class _Frame:
    kind: str  # if | loop | case | function
    on_input: bool
    name: str = ""


@dataclass
class _State:
    tainted: set[str] = field(default_factory=set)
    deny_functions: set[str] = field(default_factory=set)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) with comments dropped and `\\` continuations joined."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        code = strip_hash_comment(raw, word_start=True)
        if not pending:
            start = number
        if code.rstrip().endswith("\\"):
            pending += code.rstrip()[:-1] + " "
            continue
        lines.append((start, pending + code))
        pending = ""
    if pending:
        lines.append((start, pending))
    return lines


def _statements(code: str) -> list[str]:
    """Split a line at `;` (not `;;`) outside quotes, and at `then`/`do`/`else` keywords."""
    parts, current, quote, index = [], "", "", 0
    while index < len(code):
        ch = code[index]
        if quote:
            current += ch
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote, current = ch, current + ch
        elif ch == ";" and code[index:index + 2] != ";;" and (index == 0 or code[index - 1] != ";"):
            parts.append(current)
            current = ""
        else:
            current += ch
        index += 1
    parts.append(current)
    out: list[str] = []
    for part in parts:
        for piece in re.split(r"(?:^|\s)(?=(?:then|do|else)\b)", part):
            piece = piece.strip()
            if piece:
                out.append(piece)
    return out


def _reads_input(text: str, state: _State) -> bool:
    if _STDIN_READ.search(text) or ".tool_input" in text or ".tool_name" in text:
        return True
    return any(m["name"] in state.tainted for m in _VAR_REF.finditer(text))


def _denies(statement: str, state: _State) -> str:
    if _EXIT_DENY.search(statement):
        return "exits 2"
    if _JSON_DENY.search(statement):
        return "prints a deny decision"
    words = re.findall(r"[A-Za-z_][\w-]*", statement)
    for name in state.deny_functions:
        if name in words:
            return f"calls `{name}`, which blocks"
    return ""


def _taint(statement: str, state: _State) -> None:
    assign = _ASSIGN.match(statement)
    if assign and _reads_input(assign["value"], state):
        state.tainted.add(assign["name"])
    read = _READ.search(statement)
    if read and "<" not in statement[read.end():].split("|")[0]:
        state.tainted.update(read["names"].split())


def _scan(text: str, state: _State, emit) -> None:
    frames: list[_Frame] = []
    for number, code in _logical_lines(text):
        for statement in _statements(code):
            function = _FUNCTION.match(statement)
            if function:
                frames.append(_Frame("function", False, function["name"] or function["kw"]))
                statement = (function["rest"] or function["kwrest"] or "").strip()
                if not statement:
                    continue
            if statement in ("}", "};") and frames and frames[-1].kind == "function":
                frames.pop()
                continue
            closer = _CLOSERS.match(statement)
            if closer:
                wanted = {"fi": "if", "done": "loop", "esac": "case"}[closer["kw"]]
                while frames and frames[-1].kind != wanted and frames[-1].kind != "function":
                    frames.pop()
                if frames and frames[-1].kind == wanted:
                    frames.pop()
                continue
            body = re.sub(r"^(?:then|do|else)\b\s*", "", statement)
            opener = _OPENERS.match(body)
            if opener:
                kw, condition = opener["kw"], opener["rest"]
                on_input = _reads_input(condition, state)
                if kw == "elif" and frames and frames[-1].kind == "if":
                    frames[-1] = _Frame("if", frames[-1].on_input or on_input)
                else:
                    kind = {"if": "if", "case": "case"}.get(kw, "loop")
                    frames.append(_Frame(kind, on_input))
                if kw in ("if", "elif", "while", "until"):
                    body = condition  # the condition itself may deny (`if ! check; then`) or record
                else:
                    continue
            _taint(body, state)
            guarded = any(f.on_input for f in frames if f.kind != "function")
            segments = re.split(r"&&|\|\|", body)
            for position, segment in enumerate(segments):
                inline_guard = any(_reads_input(s, state) for s in segments[:position])
                inner = frames[max((i for i, f in enumerate(frames) if f.kind == "function"), default=-1) + 1:]
                emit(number, segment.strip(), guarded or inline_guard, frames, bool(inner) or position > 0)


def shell_hook_actions(text: str) -> list[HookAction]:
    """Every deny, record and test action of a shell hook, with whether it depends on the input."""
    state = _State()

    def find_deny_functions(number, segment, on_input, frames, conditional):
        # A helper that always blocks (`refuse() { ...; exit 2; }`) acts where it is called; a
        # function that tests first is a gate of its own, judged in place.
        inside = [f for f in frames if f.kind == "function"]
        if inside and not conditional and _denies(segment, state):
            state.deny_functions.add(inside[-1].name)

    _scan(text, state, find_deny_functions)
    state.tainted.clear()
    actions: list[HookAction] = []
    verify = load_vocabulary().verify_commands

    def collect(number, segment, on_input, frames, conditional):
        helpers = [f.name for f in frames if f.kind == "function" and f.name in state.deny_functions]
        reason = _denies(segment, state)
        if reason and not helpers:  # an always-blocking helper acts where it is called
            actions.append(HookAction("deny", number, reason, on_input=on_input))
        soft = _EXIT_OTHER.search(segment)
        if soft and on_input and not helpers:
            actions.append(HookAction("soft-exit", number, f"exits {soft['code']}", on_input=True))
        append = _APPEND.search(segment)
        if append and not (append["target"] or append["tee"] or "").startswith(("/dev/", "&")):
            target = append["target"] or append["tee"]
            actions.append(HookAction("record", number, f"appends to {target}", on_input=on_input,
                                      decision=bool(_DECISION.search(segment)),
                                      structured=bool(_STRUCTURED.search(segment))))
        command = verify.search(segment)
        if command and not segment.lstrip().startswith(("echo", "printf")):
            actions.append(HookAction("test", number, f"runs `{command}`", on_input=on_input))

    _scan(text, state, collect)
    return sorted(set(actions))
