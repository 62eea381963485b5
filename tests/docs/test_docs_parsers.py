"""The Markdown and config parsers: structure from tokens, lines as an editor shows them."""

from __future__ import annotations

import textwrap

import pytest

from analyzer.parse.config import ConfigParseError, parse_json, parse_toml
from analyzer.parse.markdown import line_at_byte, parse_markdown

DOC = textwrap.dedent("""\
    Intro line before any heading.

    # Harness

    Every tool call goes through `PermissionGate.check`
    before dispatch. Denials go back to the model.

    ## Tools

    - read_file: reads a file
    - run_shell: runs `bash -c`
      on the host
      1. nested item

    | tool | tier |
    |---|---|
    | run_shell | `destructive` |

    ```bash
    python3 -m pytest -q

    ruff check .
    ```

    <!-- hidden: every tool is approved -->

    > Quoted note about budgets.

    ### Deep

        indented code
    """)


def test_sections_follow_headings_with_their_trail_and_lines():
    doc = parse_markdown(DOC, "docs/DESIGN.md")
    assert [(s.heading, s.level, s.line) for s in doc.sections] == [
        ("", 0, 1), ("Harness", 1, 3), ("Tools", 2, 8), ("Deep", 3, 29)]
    assert doc.sections[0].end_line == 2
    assert doc.sections[3].trail == ("Harness", "Tools")
    assert doc.sections[3].headings == ("Harness", "Tools", "Deep")


def test_blocks_keep_kind_text_code_spans_and_lines():
    doc = parse_markdown(DOC, "docs/DESIGN.md")
    blocks = [(section.heading, block.kind, block.line) for section, block in doc.blocks()]
    assert blocks == [
        ("", "paragraph", 1),
        ("Harness", "paragraph", 5),
        ("Tools", "list_item", 10), ("Tools", "list_item", 11), ("Tools", "list_item", 13),
        ("Tools", "table_row", 15), ("Tools", "table_row", 17),
        ("Tools", "code", 20),
        ("Tools", "quote", 27),
        ("Deep", "code", 31),
    ]
    paragraph = doc.sections[1].blocks[0]
    assert paragraph.code_spans == ("PermissionGate.check",)
    assert "PermissionGate.check" in paragraph.text and "`" not in paragraph.text
    row = doc.sections[2].blocks[4]
    assert row.text == "run_shell | destructive" and row.code_spans == ("destructive",)


def test_html_comments_are_not_prose():
    doc = parse_markdown(DOC, "x.md")
    assert not any("hidden" in block.text for _, block in doc.blocks())


def test_sentences_carry_the_line_they_start_on_across_soft_breaks():
    doc = parse_markdown(DOC, "x.md")
    sentences = doc.sections[1].blocks[0].sentences()
    assert [(s.line, s.text) for s in sentences] == [
        (5, "Every tool call goes through PermissionGate.check before dispatch."),
        (6, "Denials go back to the model."),
    ]
    item = doc.sections[2].blocks[1]
    assert [(s.line, s.text) for s in item.sentences()] == [(11, "run_shell: runs bash -c on the host")]


def test_code_lines_are_numbered_from_the_first_code_line():
    doc = parse_markdown(DOC, "x.md")
    fence = doc.sections[2].blocks[5]
    assert fence.info == "bash"
    assert fence.code_lines() == [(20, "python3 -m pytest -q"), (22, "ruff check .")]
    assert doc.sections[3].blocks[0].code_lines() == [(31, "indented code")]


def test_dotted_names_do_not_split_sentences():
    doc = parse_markdown("Calls `gate.check()` first. Then e.g. the shell runs. Done.\n", "x.md")
    assert [s.text for s in doc.sections[0].blocks[0].sentences()] == [
        "Calls gate.check() first.", "Then e.g. the shell runs.", "Done."]


def test_size_and_byte_offsets():
    text = "# Å\n\nbody\n"
    doc = parse_markdown(text, "x.md")
    assert doc.size_bytes == len(text.encode()) and doc.line_count == 3
    assert line_at_byte(text, 0) == 1 and line_at_byte(text, 5) == 2 and line_at_byte(text, 7) == 3


def test_empty_document():
    doc = parse_markdown("", "x.md")
    assert doc.sections[0].blocks == [] and doc.line_count == 0


JSON = """\
{
  "permissions": {
    "allow": [
      "Bash(npm test:*)",
      "Read"
    ],
    "defaultMode": "acceptEdits"
  },
  "hooks": {
    "PreToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "guard \\"x\\""}]}
    ]
  },
  "escaped \\u00e9 key": {"nested": [1, 2.5e3, true, null]}
}
"""


def test_json_keys_and_items_have_their_lines():
    doc = parse_json(JSON, ".claude/settings.json")
    assert doc.data["permissions"]["allow"] == ["Bash(npm test:*)", "Read"]
    assert doc.line("permissions") == 2
    assert doc.line("permissions", "allow", 1) == 5
    assert doc.line("permissions", "defaultMode") == 7
    assert doc.line("hooks", "PreToolUse", 0, "hooks", 0, "command") == 11
    assert doc.line("escaped é key", "nested", 3) == 14
    assert doc.line("permissions", "no-such-key") == 2  # nearest known parent
    assert doc.line("missing") == 1


@pytest.mark.parametrize(("text", "line"), [
    ('{\n  "allow": [\n    "Read",\n  ]\n}\n', 4),  # trailing comma
    ('{\n  "a": 1\n  "b": 2\n}\n', 3),  # missing comma
    ("", 1),
])
def test_json_errors_name_the_line(text, line):
    with pytest.raises(ConfigParseError) as caught:
        parse_json(text, "x.json")
    assert caught.value.line == line
    assert f"line {line}" in str(caught.value) and "invalid JSON" in str(caught.value)


TOML = """\
# Codex
model = "gpt-5-codex"
approval_policy = "on-request"
notes = \"\"\"
sandbox_mode = "this is text, not a key"
\"\"\"

[profiles.ci]
sandbox_mode = "workspace-write"

[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "docs-mcp@1.2.0",
]
env = { DOCS_TOKEN = "${DOCS_TOKEN}" }
sandbox_workspace_write.network_access = false
"""


def test_toml_keys_and_tables_have_their_lines():
    doc = parse_toml(TOML, ".codex/config.toml")
    assert doc.data["profiles"]["ci"]["sandbox_mode"] == "workspace-write"
    assert doc.line("approval_policy") == 3
    assert ("sandbox_mode",) not in doc.lines  # inside a multi-line string
    assert doc.line("profiles", "ci") == 8
    assert doc.line("profiles", "ci", "sandbox_mode") == 9
    assert doc.line("mcp_servers", "docs", "args") == 13
    assert doc.line("mcp_servers", "docs", "env", "DOCS_TOKEN") == 17
    assert doc.line("mcp_servers", "docs", "sandbox_workspace_write", "network_access") == 18


@pytest.mark.parametrize(("text", "line"), [
    ('model = "x"\nsandbox_mode = workspace-write\n', 2),
    ('[profiles.ci]\n[profiles.ci]\n', 2),
])
def test_toml_errors_name_the_line(text, line):
    with pytest.raises(ConfigParseError) as caught:
        parse_toml(text, "x.toml")
    assert caught.value.line == line and "invalid TOML" in str(caught.value)
