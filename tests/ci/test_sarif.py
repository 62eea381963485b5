"""`--format sarif`: valid SARIF 2.1.0, shaped the way GitHub code scanning reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.report.rule_docs import DOCS_FOLDER, pages, rule_url
from analyzer.rubric import load_rubric
from tests.ci.helpers import audit, line_of
from tests.conftest import ROOT, SHARED

SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def sarif(path: Path, *args: str, cwd: Path | None = None) -> dict:
    result = audit(path, "--format", "sarif", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"SARIF schema not reachable at {SCHEMA_PATH}")
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_2_1_0_schema(agent_project, sarif_schema):
    jsonschema = pytest.importorskip("jsonschema")
    document = sarif(agent_project)
    jsonschema.validate(document, sarif_schema)
    assert document["version"] == "2.1.0"
    assert document["runs"][0]["results"], "the naive agent must produce results"


def test_sarif_with_suppression_and_baseline_still_validates(agent_project, sarif_schema, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    agent = agent_project / "opsbot" / "agent.py"
    text = agent.read_text()
    agent.write_text(text.replace("    while True:\n",
                                  "    while True:  # harness-audit: ignore[HA101] a watchdog kills the job\n", 1))
    baseline = tmp_path / "baseline.json"
    audit(agent_project, "--write-baseline", str(baseline), "--select", "P5")
    document = sarif(agent_project, "--baseline", str(baseline))
    jsonschema.validate(document, sarif_schema)
    results = document["runs"][0]["results"]
    assert results and all(r["baselineState"] == "new" for r in results)
    assert not any(r["ruleId"] in ("P5", "HA101") for r in results)


def test_driver_lists_every_primitive_and_rule_with_help(agent_project):
    driver = sarif(agent_project)["runs"][0]["tool"]["driver"]
    rubric = load_rubric()
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [p.id for p in rubric.primitives] + [r.id for r in rubric.rules]
    assert driver["name"] == "harness-audit" and driver["version"] and driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"# {rule['id']} ")
        assert rule["helpUri"] == rule_url(rule["id"])
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    # Rubric text, not code, is what the user reads.
    assert by_id["HA101"]["shortDescription"]["text"] == rubric.rule("HA101").title
    assert by_id["P5"]["shortDescription"]["text"] == rubric.primitive("P5").title


def test_permission_rules_carry_security_severity(agent_project):
    rules = {r["id"]: r for r in sarif(agent_project)["runs"][0]["tool"]["driver"]["rules"]}
    rubric = load_rubric()
    for rule in rubric.rules:
        has = "security-severity" in rules[rule.id]["properties"]
        assert has == (rule.primitive in ("P2", "P11")), rule.id
    assert float(rules["HA103"]["properties"]["security-severity"]) >= 9.0  # critical
    assert "security" in rules["HA103"]["properties"]["tags"]
    assert "security-severity" in rules["P2"]["properties"] and "security-severity" not in rules["P5"]["properties"]


def test_results_have_level_location_index_and_fingerprints(agent_project):
    run = sarif(agent_project, "--format", "sarif")["runs"][0]
    report = json.loads(audit(agent_project, "--format", "json").stdout)
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
    assert len(run["results"]) == len(report["findings"])
    for result, finding in zip(run["results"], report["findings"]):
        assert result["ruleId"] == finding["rule"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == levels[finding["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["path"] == "opsbot/agent.py"
        assert location["region"]["startLine"] == finding["line"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"] == finding["id"]
    loop = next(r for r in run["results"] if r["ruleId"] == "HA101")
    assert loop["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(
        (agent_project / "opsbot" / "agent.py").read_text(), "while True:")
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True and invocation["exitCode"] == report["verdict"]["exit_code"]


def test_results_carry_confidence_and_a_rank_weighing_severity_by_it(agent_project):
    run = sarif(agent_project, "--format", "sarif")["runs"][0]
    report = json.loads(audit(agent_project, "--format", "json").stdout)
    for result, finding in zip(run["results"], report["findings"]):
        assert result["properties"]["confidence"] == finding["confidence"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    # The shell tool is declared (TOOLS), so the ungated-tool finding is medium: critical 100 x 0.75.
    assert (by_rule["HA103"]["properties"]["confidence"], by_rule["HA103"]["rank"]) == ("medium", 75.0)
    # The unbounded loop is matched on its line: high 80 x 1.0.
    assert (by_rule["HA101"]["properties"]["confidence"], by_rule["HA101"]["rank"]) == ("high", 80.0)


def test_uris_are_relative_to_the_git_root_when_auditing_a_subfolder(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    service = repo / "services" / "ops"
    (service / "opsbot").mkdir(parents=True)
    from tests.ci.helpers import AGENT

    (service / "opsbot" / "agent.py").write_text(AGENT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = sarif(service, cwd=elsewhere)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"services/ops/opsbot/agent.py"}
    github = audit(service, "--format", "github", cwd=elsewhere).stdout
    assert "file=services/ops/opsbot/agent.py," in github


def test_without_git_uris_are_relative_to_the_current_folder(agent_project):
    run = sarif(Path("project"), cwd=agent_project.parent)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"project/opsbot/agent.py"}


def test_suppressed_results_carry_an_in_source_suppression(agent_project):
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(agent.read_text().replace(
        "    while True:\n", "    # harness-audit: ignore[HA101] the job runner kills us after 10 minutes\n    while True:\n", 1))
    results = sarif(agent_project)["runs"][0]["results"]
    loop = next(r for r in results if r["ruleId"] == "HA101")
    assert loop["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                     "justification": "the job runner kills us after 10 minutes"}]
    assert all("suppressions" not in r for r in results if r["ruleId"] != "HA101")


def test_rule_docs_pages_match_the_rubric():
    """docs/rules/ is generated from the rubric; regenerate with `python3 -m analyzer.report.rule_docs`."""
    folder = ROOT / DOCS_FOLDER
    expected = pages(load_rubric())
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    stale = sorted(name for name in expected.keys() | on_disk.keys() if expected.get(name) != on_disk.get(name))
    assert not stale, f"docs/rules is out of date ({', '.join(stale)}): run python3 -m analyzer.report.rule_docs"
