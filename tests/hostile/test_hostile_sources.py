"""Hostile files in the audited tree: each is skipped with its reason (or read), the run goes on."""

from __future__ import annotations

import os

import pytest

from tests.hostile.conftest import AGENT, harness_audit


def audit(folder, *extra):
    run = harness_audit("audit", folder, "--format", "json", "--fail-on", "none", *extra)
    assert run.code == 0, run.stderr
    report = run.json()
    assert "agent.py" in report["files"]["scanned"]  # the rest of the run is intact
    return run


def test_elif_chain_of_5000_is_skipped_as_too_deeply_nested(project):
    source = "if x == 0:\n    pass\n" + "".join(f"elif x == {i}:\n    pass\n" for i in range(1, 5000))
    run = audit(project({"chain.py": source}))
    assert run.skipped()["chain.py"]["reason"].startswith("too deeply nested to analyse")


def test_ten_thousand_term_sum_is_skipped_quickly(project):
    run = audit(project({"sum.py": "x = " + " + ".join(["1"] * 10_000) + "\n"}))
    assert run.skipped()["sum.py"]["reason"].startswith("too deeply nested to analyse")
    assert run.seconds < 60


def test_thousand_nested_calls_are_skipped_before_parsing(project):
    run = audit(project({"calls.py": "x = " + "f(" * 1000 + ")" * 1000 + "\n"}))
    assert run.skipped()["calls.py"]["reason"] == (
        "too deeply nested to analyse (line 1: too many nested parentheses)")
    assert run.seconds < 60


def test_list_of_600000_elements_is_over_the_time_budget(project):
    run = audit(project({"table.py": "x = [" + ",".join(["1"] * 600_000) + "]\n"}))
    reason = run.skipped()["table.py"]["reason"]
    assert reason.startswith("over the per-file time budget (30 s; --file-time-budget): about 1200003 tokens")


def test_realistic_file_near_the_size_limit_is_bounded_by_the_budget(project):
    body = AGENT + "".join(f"\n\ndef tool_{i}(query: str) -> str:\n    return lookup(query, limit={i})\n"
                           for i in range(40_000))
    source = body[:1_950_000]
    source = source[:source.rfind("\n\n")] + "\n"
    run = audit(project({"big.py": source}))
    assert run.skipped()["big.py"]["reason"].startswith("over the per-file time budget")


def test_time_budget_is_configurable(project):
    source = AGENT + "".join(f"\n\ndef tool_{i}(q):\n    return run([q, {i}])\n" for i in range(6000))
    run = audit(project({"many.py": source}), "--file-time-budget", "1")
    assert run.skipped()["many.py"]["reason"].startswith("over the per-file time budget (1 s; --file-time-budget)")


def test_memory_budget_is_configurable(project):
    source = AGENT + "".join(f"\n\ndef tool_{i}(q):\n    return run([q, {i}])\n" for i in range(3000))
    folder = project({"many.py": source, ".harness-audit.toml": "file-memory-budget = 16\n"})
    run = audit(folder)
    assert run.skipped()["many.py"]["reason"] == "over the per-file memory budget (16 MB; --file-memory-budget)"


def test_fifty_thousand_concatenated_strings_are_valid_python_the_parser_cannot_read(project):
    run = audit(project({"words.py": "x = (" + " ".join(["'a'"] * 50_000) + ")\n"}))
    assert run.skipped()["words.py"]["reason"].startswith("valid Python that libcst cannot parse")


def test_python2_syntax_error_is_reported_at_its_line(project):
    run = audit(project({"legacy.py": "import os\n\n\n\n\n\nprint 'hello'\n"}))
    skipped = run.skipped()["legacy.py"]
    assert skipped["line"] == 7 and skipped["reason"].startswith("syntax error at line 7")


def test_latin1_file_with_a_coding_cookie_is_read(project):
    source = "# -*- coding: latin-1 -*-\nimport anthropic\nGREETING = 'caf\xe9'\n".encode("latin-1")
    run = audit(project({"latin.py": source}))
    assert "latin.py" in run.json()["files"]["scanned"]


def test_latin1_bytes_without_a_cookie_name_the_line(project):
    run = audit(project({"bad.py": b"x = 1\ny = '\xe9'\n"}))
    assert run.skipped()["bad.py"]["reason"] == "not UTF-8 (line 2, byte 11)"


def test_nul_bytes_are_a_binary_file(project):
    run = audit(project({"blob.py": b"x = 1\x00\x00\n"}))
    assert run.skipped()["blob.py"]["reason"] == "binary file"


def test_forty_thousand_unclosed_suppression_comments_do_not_hang(project):
    run = audit(project({"CLAUDE.md": "# Rules\n" + "<!-- harness-audit: ignore[HA201]\n" * 40_000}))
    assert "CLAUDE.md" in run.json()["files"]["scanned"]
    assert run.seconds < 60


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_non_utf8_file_name_is_printed_escaped_and_the_old_report_survives_nothing(project, tmp_path):
    folder = project()
    with open(os.fsencode(folder) + b"/caf\xe9.py", "wb") as handle:
        handle.write(AGENT.encode())
    output = tmp_path / "out.json"
    output.write_text("previous report", encoding="utf-8")
    run = harness_audit("audit", folder, "--format", "json", "--fail-on", "none", "-o", output)
    assert run.code == 0, run.stderr
    assert "caf\\\\xe9.py" in output.read_text(encoding="utf-8")  # JSON-escaped backslash


def test_folder_tree_1200_levels_deep_is_walked(project):
    folder = project()
    levels = [str(folder)]
    for _ in range(1200):  # os.makedirs and shutil.rmtree recurse once per level: loop instead
        levels.append(levels[-1] + "/d")
        os.mkdir(levels[-1])
    with open(levels[-1] + "/deep.py", "w", encoding="utf-8") as handle:
        handle.write(AGENT)
    try:
        run = audit(folder)
        assert "/".join(["d"] * 1200) + "/deep.py" in run.json()["files"]["scanned"]
    finally:
        os.remove(levels[-1] + "/deep.py")
        for level in reversed(levels[1:]):
            os.rmdir(level)


def test_gitignore_line_ending_in_a_backslash_matches_nothing(project):
    run = audit(project({".gitignore": "foo\\\n*.log\n", "tool.py": "x = 1\n"}))
    assert "tool.py" in run.json()["files"]["scanned"]


def test_gitignore_line_of_sixty_stars_is_one_star(project):
    run = audit(project({".gitignore": "*" * 60 + "a\n", "data/schema.py": "x = 1\n", "tools.py": "x = 1\n"}))
    assert run.seconds < 60
    scanned = run.json()["files"]["scanned"]
    assert "data/schema.py" not in scanned  # `*a` ignores the folder data/, as git does
    assert "tools.py" in scanned


def test_gitignore_with_many_separated_wildcards_is_dropped_not_backtracked(project):
    run = audit(project({".gitignore": "*a" * 12 + "b\n", "a" * 60 + "c.py": "x = 1\n"}))
    assert run.seconds < 60
    assert "a" * 60 + "c.py" in run.json()["files"]["scanned"]
