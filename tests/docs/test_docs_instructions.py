"""Agent instruction files: verification commands, prohibitions, imports, unsafe lines, secrets."""

from __future__ import annotations

import textwrap

from analyzer.facts.docs import analyze_markdown

CAREFUL = textwrap.dedent("""\
    # Notes for agents

    @docs/testing.md and @~/.claude/personal.md; write to ops@example.com for access.

    ## Verify

    Run `python3 -m pytest -q` after each change.

    ```bash
    ruff check .
    mypy src
    ```

    ## Never

    - Run `rm -rf` or `git reset --hard`.
    - Push to `main`.

    Do not print or commit tokens from `.env`.
    """)


def test_verification_commands_come_from_code_spans_and_blocks():
    facts = analyze_markdown(CAREFUL, "CLAUDE.md")
    assert [(v.line, v.term) for v in facts.doc.verify] == [(7, "python3 -m pytest"), (10, "ruff"), (11, "mypy")]


def test_prohibitions_by_topic_from_never_sections_and_cues():
    facts = analyze_markdown(CAREFUL, "CLAUDE.md")
    assert {topic: line.line for topic, line in facts.doc.prohibitions.items()} == {
        "destructive": 16, "push": 17, "secrets": 19}


def test_imports_are_resolved_from_the_file_folder_and_skip_home_and_email():
    facts = analyze_markdown(CAREFUL, "services/api/CLAUDE.md")
    assert facts.doc.imports == ["services/api/docs/testing.md"]
    assert facts.doc.role == "instructions" and facts.doc.family == "claude"
    assert analyze_markdown("# x\n", "AGENTS.md").doc.family == "codex"
    assert analyze_markdown("# x\n", "docs/AGENTS-GUIDE.md").doc.role == "design"


def test_unsafe_instructions_are_hits_unless_forbidden():
    facts = analyze_markdown(textwrap.dedent("""\
        # Workflow

        If the hook is slow, commit with `git commit --no-verify`.
        Never use `--no-verify`.
        Use `git push --force-with-lease` after a rebase.

        ```bash
        claude --dangerously-skip-permissions -p "fix the build"
        ```

        ## Never

        - `git push --force`
        """), "AGENTS.md")
    assert [(h.rule, h.line, h.detail) for h in facts.hits] == [
        ("HA204", 3, "`--no-verify`"), ("HA204", 8, "`--dangerously-skip-permissions`")]


def test_credentials_are_found_in_any_markdown_and_masked():
    key = "sk-ant-api03-Q2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9E"
    facts = analyze_markdown(f"# Setup\n\nPlaceholder: `sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx`.\n\n"
                             f"```bash\nexport ANTHROPIC_API_KEY={key}\n```\n", "docs/setup.md")
    assert [(h.rule, h.line) for h in facts.hits] == [("HA205", 6)]
    assert key not in facts.hits[0].detail and key not in facts.hits[0].snippet
    assert facts.hits[0].detail.startswith("sk-a…")
