"""The rubric loads, says what the product promises, and rejects malformed files with file:line."""

from __future__ import annotations

import pytest

from analyzer.facts.python import load_checks
from analyzer.rubric import RubricError, load_rubric
from tests.conftest import run_cli

SLUGS = ["tool-registry", "permission-tiers", "session-persistence", "workflow-state", "token-budget",
         "streaming-events", "event-log", "verification", "dynamic-tool-pool", "compaction",
         "permission-audit", "agent-types"]


def test_builtin_rubric_has_the_twelve_primitives_in_order():
    rubric = load_rubric()
    assert [p.id for p in rubric.primitives] == [f"P{i}" for i in range(1, 13)]
    assert [p.slug for p in rubric.primitives] == SLUGS
    assert {p.tier for p in rubric.primitives[:8]} == {"foundation"}
    assert {p.tier for p in rubric.primitives[8:]} == {"maturity"}
    for primitive in rubric.primitives:
        assert primitive.upgrade and primitive.tests and primitive.rationale


def test_every_evidence_component_has_a_detector_and_every_detector_a_component():
    rubric = load_rubric()
    emitted = {key for check in load_checks() for key in check.emits if "/" in key}
    declared = {f"{p.id}/{c.id}" for p in rubric.primitives for c in p.evidence}
    assert emitted <= declared, f"checks emit components the rubric does not define: {sorted(emitted - declared)}"
    required = {f"{p.id}/{c.id}" for p in rubric.primitives for c in p.evidence if c.required}
    assert required <= emitted, f"required components no check detects: {sorted(required - emitted)}"


def test_every_rule_a_check_emits_is_in_the_rubric():
    rubric = load_rubric()
    known = {r.id for r in rubric.rules}
    emitted = {key for check in load_checks() for key in check.emits if key.startswith("HA")}
    assert emitted <= known


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("schema: harness-audit/rubric/v1\nprimitives:\n  - id: X1\n    slug: Bad Slug\n", 3, "missing key"),
        ("schema: harness-audit/rules/v1\nrules:\n  - id: HA996\n    slug: Bad Slug\n    primitive: P1\n"
         "    severity: low\n    title: t\n    message: m\n    remediation: r\n", 4, "slug"),
        ("schema: harness-audit/rubric/v2\nprimitives: []\n", 1, "unknown schema"),
        ("schema: harness-audit/rules/v1\nrules:\n  - id: HA999\n    slug: x\n    primitive: P99\n"
         "    severity: high\n    title: t\n    message: m\n    remediation: r\n", 3, "unknown primitive"),
        ("schema: harness-audit/rules/v1\nrules:\n  - id: HA998\n    slug: y\n    primitive: P1\n"
         "    severity: dire\n    title: t\n    message: m\n    remediation: r\n", 6, "severity"),
        ("schema: harness-audit/rules/v1\nrules:\n  - id: HA997\n    slug: z\n    primitive: P1\n"
         "    severity: low\n    title: t\n    message: m\n    remediation: r\n    colour: red\n", 10, "unknown key"),
        ("schema: harness-audit/rules/v1\nrules: [\n", 3, "invalid YAML"),
    ],
)
def test_malformed_rubric_names_file_and_line(tmp_path, text, line, fragment):
    path = tmp_path / "extra.yaml"
    path.write_text(text)
    with pytest.raises(RubricError) as error:
        load_rubric([path])
    assert error.value.path == str(path)
    assert error.value.line == line, str(error.value)
    assert fragment in error.value.message


def test_a_user_rubric_adds_a_primitive(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("""schema: harness-audit/rubric/v1
primitives:
  - id: ORG1
    slug: data-residency
    title: Data stays in region
    tier: maturity
    summary: Model calls go to in-region endpoints only.
    rationale: Regulators ask.
    severity: {absent: medium, partial: low}
    depends_on: [P1]
    evidence:
      - id: region-pinned
        description: The client is built with an in-region base URL.
    upgrade: [Pin the base URL.]
    tests:
      - name: client_uses_region_endpoint
        checks: The client's base URL is the EU endpoint.
""")
    rubric = load_rubric([path])
    assert rubric.primitive("ORG1").slug == "data-residency"
    assert rubric.primitive("data-residency").depends_on == ("P1",)


def test_dependency_cycle_is_rejected(tmp_path):
    path = tmp_path / "cycle.yaml"
    base = """  - id: {id}
    slug: s{id}
    title: t
    tier: maturity
    summary: s
    rationale: r
    severity: {{absent: low, partial: low}}
    depends_on: [{dep}]
    evidence: [{{id: e, description: d}}]
    upgrade: [u]
    tests: [{{name: n, checks: c}}]
"""
    path.write_text("schema: harness-audit/rubric/v1\nprimitives:\n" + base.format(id="Q1", dep="Q2")
                    + base.format(id="Q2", dep="Q1"))
    with pytest.raises(RubricError, match="cycle"):
        load_rubric([path])


def test_cli_rubric_and_explain():
    listing = run_cli("rubric")
    assert listing.exit_code == 0
    assert "P5   token-budget" in listing.output and "HA101" in listing.output
    page = run_cli("explain", "p5")
    assert page.exit_code == 0 and page.output.startswith("P5 token-budget")
    assert "How to add it" in page.output
    assert run_cli("explain", "token-budget").output == page.output
    rule = run_cli("explain", "HA101")
    assert rule.exit_code == 0 and "unbounded-model-loop" in rule.output
    unknown = run_cli("explain", "P99")
    assert unknown.exit_code == 2 and "unknown primitive or rule" in unknown.output


def test_cli_bad_rubric_exits_2_with_location(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("schema: harness-audit/rules/v1\nrules:\n  - id: nope\n")
    result = run_cli("rubric", "--rubric", str(path))
    assert result.exit_code == 2
    assert f"{path}:3:" in result.output

