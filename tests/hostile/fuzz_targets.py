"""Fuzz targets shared by the short CI run (test_fuzz.py) and the long one (bench/fuzz_hostile.py).

Each target takes generated text, hands it to the real reader in-process, and returns the
outcome; anything but a result or the reader's own documented error is a crash. Python comes
from hypothesmith (grammar-valid programs), the rest from small Markdown / TOML / JSON / YAML
grammars below, with the hostile fragments of tests/hostile mixed in.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from analyzer.baseline import BaselineError, read_baseline
from analyzer.budget import FileBudget
from analyzer.config import ConfigError, load_config
from analyzer.design.answers import AnswersError, load_answers
from analyzer.discover import SourceFile
from analyzer.facts.extract import extract

BUDGET = FileBudget(seconds=10, megabytes=512)

_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_ident = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True)
_hostile_markdown = st.sampled_from([
    "<!-- harness-audit: ignore[HA201]", "<!-- harness-audit: ignore[HA201] because -->", "-->", "<!--",
    "```python\n", "```\n", "# ", "- [ ] ", "> ", "| a | b |\n|---|---|\n", "[x]: http://", "\\", "\r\n", "\x00",
    "NEVER run `rm -rf`", "Run `pytest` before committing.", "{% raw %}", "{{ x }}",
])
markdown_texts = st.lists(st.one_of(_words, _hostile_markdown), max_size=60).map("\n".join)

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _words,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_words | _ident, inner, max_size=5),
    max_leaves=40,
)
json_texts = st.one_of(_json_values.map(json.dumps),
                       st.builds(lambda v, cut: json.dumps(v)[:cut], _json_values, st.integers(0, 200)))

_toml_scalar = st.one_of(st.integers().map(str), _words.map(json.dumps), st.sampled_from(["true", "1.5", "[", "{", "'''"]))
_toml_line = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(["fail-on", "exclude", "docs", "select", "ignore",
                                                          "rubric", "severity", "file-time-budget"]) | _ident,
              _toml_scalar | st.lists(_toml_scalar, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")),
    st.builds(lambda k: f"[{k}]", st.sampled_from(["tool.harness-audit", "severity", "tool.harness-audit.severity"]) | _ident),
    _words,
)
toml_texts = st.lists(_toml_line, max_size=20).map("\n".join)

_yaml_scalar = st.one_of(_words.map(json.dumps), st.sampled_from(["~", "&a x", "*a", "!!python/object:os.system x",
                                                                 "[", "{", "|", ">", "- ", "human-in-the-loop"]))
_yaml_line = st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(["does", "users", "actions", "side_effects",
                                                                   "autonomy", "session_length", "scale", "shape",
                                                                   "constraints"]) | _ident,
                       _yaml_scalar | st.lists(_yaml_scalar, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"))
yaml_texts = st.lists(st.one_of(_yaml_line, _words), max_size=15).map("\n".join)


def python_texts():
    import hypothesmith

    return st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def audit_file(folder: Path, name: str, kind: str, text: str) -> str:
    """Extract one file: must return facts (scanned or skipped with a reason), never raise."""
    path = _write(folder, name, text)
    facts = extract(SourceFile(name, path, kind), BUDGET)
    assert facts.path == name
    if facts.skipped:
        assert facts.skipped.strip()
        return "skipped"
    return "read"


def read_config(folder: Path, text: str) -> str:
    try:
        load_config(_write(folder, ".harness-audit.toml", text))
    except ConfigError as error:
        assert str(error).startswith(str(folder / ".harness-audit.toml") + ":")
        return "refused"
    return "read"


def read_baseline_file(folder: Path, text: str) -> str:
    path = _write(folder, "baseline.json", text)
    try:
        read_baseline(path)
    except BaselineError as error:
        assert str(path) in str(error)
        return "refused"
    return "read"


def read_answers(folder: Path, text: str) -> str:
    from analyzer.design import derive_profile

    path = _write(folder, "answers.yaml", text)
    try:
        answers = load_answers(path)
    except AnswersError as error:
        assert str(error).startswith(str(path) + ":")
        return "refused"
    derive_profile(answers.description, source=str(path), overrides=answers.overrides)
    return "read"


TARGETS = {
    "python": (python_texts, lambda folder, text: audit_file(folder, "agent.py", "python", text)),
    "markdown": (lambda: markdown_texts, lambda folder, text: audit_file(folder, "CLAUDE.md", "markdown", text)),
    "json-config": (lambda: json_texts, lambda folder, text: audit_file(folder, ".claude/settings.json", "config", text)),
    "toml-config": (lambda: toml_texts, lambda folder, text: audit_file(folder, ".codex/config.toml", "config", text)),
    "settings-toml": (lambda: toml_texts, read_config),
    "baseline-json": (lambda: json_texts, read_baseline_file),
    "answers-yaml": (lambda: yaml_texts, read_answers),
}
