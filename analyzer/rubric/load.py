"""Load and validate rubric YAML, naming the file and line of anything wrong.

Validation walks the composed YAML node tree (which keeps line marks) rather than the plain
data that `safe_load` returns, so that every error can point at the offending line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import yaml

from analyzer.input_file import InputFileError, parse_bounded, read_input_text
from analyzer.resources import data_dir
from analyzer.rubric.model import (
    SEVERITIES,
    EvidenceComponent,
    Primitive,
    Rubric,
    Rule,
    SuggestedTest,
)

# libyaml's loader when present: same nodes and line marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PRIMITIVES_SCHEMA = "harness-audit/rubric/v1"
RULES_SCHEMA = "harness-audit/rules/v1"
TIERS = ("foundation", "maturity")
_PRIMITIVE_ID = re.compile(r"^[A-Z][A-Z0-9]*\d+$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_RULE_ID = re.compile(r"^[A-Z]{2,}\d{3,}$")


class RubricError(Exception):
    """A rubric file is malformed. `str()` reads `path:line: message`."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


class _Node:
    """A YAML node with the file it came from, so errors can say where."""

    def __init__(self, node: yaml.Node, path: str):
        self.node, self.path = node, path

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, message: str) -> RubricError:
        return RubricError(self.path, self.line, message)

    def mapping(self, what: str) -> dict[str, "_Node"]:
        if not isinstance(self.node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping")
        result: dict[str, _Node] = {}
        for key, value in self.node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _Node(key, self.path).fail(f"{what}: keys must be plain strings")
            if key.value in result:
                raise _Node(key, self.path).fail(f"{what}: duplicate key {key.value!r}")
            result[key.value] = _Node(value, self.path)
        return result

    def sequence(self, what: str) -> list["_Node"]:
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.fail(f"{what} must be a list")
        return [_Node(item, self.path) for item in self.node.value]

    def text(self, what: str) -> str:
        if not isinstance(self.node, yaml.ScalarNode) or self.node.tag.endswith(":null"):
            raise self.fail(f"{what} must be text")
        value = str(self.node.value).strip()
        if not value:
            raise self.fail(f"{what} must not be empty")
        return value

    def flag(self, what: str) -> bool:
        if not isinstance(self.node, yaml.ScalarNode) or not self.node.tag.endswith(":bool"):
            raise self.fail(f"{what} must be true or false")
        return self.node.value.lower() in ("true", "yes", "on")

    def texts(self, what: str) -> tuple[str, ...]:
        return tuple(item.text(f"{what} item") for item in self.sequence(what))


class _Fields:
    """The keys of one mapping: required, optional, and nothing unknown."""

    def __init__(self, node: _Node, what: str, required: Iterable[str], optional: Iterable[str] = ()):
        self.node, self.what = node, what
        self.items = node.mapping(what)
        required, optional = tuple(required), tuple(optional)
        for key, value in self.items.items():
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required + optional))
                raise value.fail(f"{what}: unknown key {key!r} (allowed: {allowed})")
        for key in required:
            if key not in self.items:
                raise node.fail(f"{what}: missing key {key!r}")

    def __getitem__(self, key: str) -> _Node:
        return self.items[key]

    def get(self, key: str) -> _Node | None:
        return self.items.get(key)


def _severity(node: _Node, what: str) -> str:
    value = node.text(what)
    if value not in SEVERITIES:
        raise node.fail(f"{what} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value


def _compose(path: Path) -> _Node:
    try:
        text = read_input_text(path, "rubric file")
        node = parse_bounded(lambda: yaml.compose(text, Loader=_LOADER), "rubric file")
    except InputFileError as error:
        raise RubricError(str(path), error.line, error.message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise RubricError(str(path), line, f"invalid YAML: {problem}") from None
    if node is None:
        raise RubricError(str(path), 1, "rubric file is empty")
    return _Node(node, str(path))


def _primitive(node: _Node) -> Primitive:
    fields = _Fields(
        node,
        "primitive",
        required=("id", "slug", "title", "tier", "summary", "rationale", "severity",
                  "depends_on", "evidence", "upgrade", "tests"),
        optional=("exposure_sensitive", "not_evidence", "frameworks", "references"),
    )
    primitive_id = fields["id"].text("id")
    if not _PRIMITIVE_ID.match(primitive_id):
        raise fields["id"].fail(f"primitive id {primitive_id!r} must look like P5 (capitals then a number)")
    where = f"primitive {primitive_id}"
    slug = fields["slug"].text(f"{where}: slug")
    if not _SLUG.match(slug):
        raise fields["slug"].fail(f"{where}: slug {slug!r} must be lowercase words joined by '-'")
    tier = fields["tier"].text(f"{where}: tier")
    if tier not in TIERS:
        raise fields["tier"].fail(f"{where}: tier must be one of {', '.join(TIERS)}, not {tier!r}")
    severity = _Fields(fields["severity"], f"{where}: severity", required=("absent", "partial"))
    components = []
    for item in fields["evidence"].sequence(f"{where}: evidence"):
        component = _Fields(item, f"{where}: evidence item", required=("id", "description"), optional=("required",))
        component_id = component["id"].text(f"{where}: evidence id")
        if any(c.id == component_id for c in components):
            raise component["id"].fail(f"{where}: duplicate evidence id {component_id!r}")
        required_node = component.get("required")
        components.append(EvidenceComponent(
            id=component_id,
            required=required_node.flag(f"{where}: evidence required") if required_node else True,
            description=component["description"].text(f"{where}: evidence description"),
        ))
    if not components:
        raise fields["evidence"].fail(f"{where}: evidence must list at least one component")
    if not any(c.required for c in components):
        raise fields["evidence"].fail(f"{where}: at least one evidence component must be required")
    tests = []
    for item in fields["tests"].sequence(f"{where}: tests"):
        test = _Fields(item, f"{where}: test", required=("name", "checks"))
        name = test["name"].text(f"{where}: test name")
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            raise test["name"].fail(f"{where}: test name {name!r} must be snake_case")
        tests.append(SuggestedTest(name=name, checks=test["checks"].text(f"{where}: test checks")))
    frameworks_node = fields.get("frameworks")
    frameworks = tuple(
        (key, value.text(f"{where}: frameworks.{key}"))
        for key, value in (frameworks_node.mapping(f"{where}: frameworks").items() if frameworks_node else ())
    )
    exposure_node = fields.get("exposure_sensitive")

    def optional_texts(key: str) -> tuple[str, ...]:
        value = fields.get(key)
        return value.texts(f"{where}: {key}") if value else ()

    return Primitive(
        id=primitive_id,
        slug=slug,
        title=fields["title"].text(f"{where}: title"),
        tier=tier,
        summary=fields["summary"].text(f"{where}: summary"),
        rationale=fields["rationale"].text(f"{where}: rationale"),
        severity_absent=_severity(severity["absent"], f"{where}: severity.absent"),
        severity_partial=_severity(severity["partial"], f"{where}: severity.partial"),
        exposure_sensitive=exposure_node.flag(f"{where}: exposure_sensitive") if exposure_node else False,
        depends_on=fields["depends_on"].texts(f"{where}: depends_on") if fields["depends_on"].node.value else (),
        evidence=tuple(components),
        not_evidence=optional_texts("not_evidence"),
        frameworks=frameworks,
        upgrade=fields["upgrade"].texts(f"{where}: upgrade"),
        tests=tuple(tests),
        references=optional_texts("references"),
        source=f"{node.path}:{node.line}",
    )


def _rule(node: _Node) -> Rule:
    fields = _Fields(
        node,
        "rule",
        required=("id", "slug", "primitive", "severity", "title", "message", "remediation"),
        optional=("help",),
    )
    rule_id = fields["id"].text("rule id")
    if not _RULE_ID.match(rule_id):
        raise fields["id"].fail(f"rule id {rule_id!r} must look like HA101")
    where = f"rule {rule_id}"
    slug = fields["slug"].text(f"{where}: slug")
    if not _SLUG.match(slug):
        raise fields["slug"].fail(f"{where}: slug {slug!r} must be lowercase words joined by '-'")
    help_node = fields.get("help")
    return Rule(
        id=rule_id,
        slug=slug,
        primitive=fields["primitive"].text(f"{where}: primitive"),
        severity=_severity(fields["severity"], f"{where}: severity"),
        title=fields["title"].text(f"{where}: title"),
        message=fields["message"].text(f"{where}: message"),
        remediation=fields["remediation"].text(f"{where}: remediation"),
        help=help_node.text(f"{where}: help") if help_node else "",
        source=f"{node.path}:{node.line}",
    )


def _load_file(path: Path) -> tuple[list[tuple[Primitive, _Node]], list[tuple[Rule, _Node]]]:
    root = _compose(path)
    top = _Fields(root, "rubric file", required=("schema",), optional=("primitives", "rules"))
    schema = top["schema"].text("schema")
    if schema == PRIMITIVES_SCHEMA:
        if top.get("rules") or not top.get("primitives"):
            raise top["schema"].fail(f"a {PRIMITIVES_SCHEMA} file holds a 'primitives' list only")
        return [(_primitive(item), item) for item in top["primitives"].sequence("primitives")], []
    if schema == RULES_SCHEMA:
        if top.get("primitives") or not top.get("rules"):
            raise top["schema"].fail(f"a {RULES_SCHEMA} file holds a 'rules' list only")
        return [], [(_rule(item), item) for item in top["rules"].sequence("rules")]
    raise top["schema"].fail(f"unknown schema {schema!r} (expected {PRIMITIVES_SCHEMA} or {RULES_SCHEMA})")


def _check_graph(primitives: list[tuple[Primitive, _Node]], rules: list[tuple[Rule, _Node]]) -> None:
    known = {p.id for p, _ in primitives}
    for primitive, node in primitives:
        for dependency in primitive.depends_on:
            if dependency not in known:
                raise node.fail(f"primitive {primitive.id}: depends_on names unknown primitive {dependency!r}")
            if dependency == primitive.id:
                raise node.fail(f"primitive {primitive.id}: depends on itself")
    for rule, node in rules:
        if rule.primitive not in known:
            raise node.fail(f"rule {rule.id}: unknown primitive {rule.primitive!r}")
    graph = {p.id: p.depends_on for p, _ in primitives}
    nodes = {p.id: n for p, n in primitives}
    state: dict[str, int] = {}

    def visit(current: str, trail: tuple[str, ...]) -> None:
        if state.get(current) == 2:
            return
        if state.get(current) == 1:
            cycle = " -> ".join(trail[trail.index(current):] + (current,))
            raise nodes[current].fail(f"dependency cycle: {cycle}")
        state[current] = 1
        for dependency in graph[current]:
            visit(dependency, trail + (current,))
        state[current] = 2

    for primitive_id in sorted(graph):
        visit(primitive_id, ())


def rubric_files(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in rubric files, then the user's (a file, or a folder of *.yaml)."""
    files = sorted(data_dir("rubrics").glob("*.yaml"))
    for item in extra:
        path = Path(item)
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise RubricError(str(path), 1, "rubric folder holds no *.yaml or *.yml file")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise RubricError(str(path), 1, "rubric path does not exist")
    return files


def load_rubric(extra: Iterable[str | Path] = ()) -> Rubric:
    """Load the built-in rubric plus any extra files; raise RubricError on the first problem."""
    primitives: list[tuple[Primitive, _Node]] = []
    rules: list[tuple[Rule, _Node]] = []
    for path in rubric_files(extra):
        more_primitives, more_rules = _load_file(path)
        for primitive, node in more_primitives:
            clash = next((p for p, _ in primitives if p.id == primitive.id or p.slug == primitive.slug), None)
            if clash:
                raise node.fail(f"primitive {primitive.id} ({primitive.slug}) is already defined at {clash.source}")
            primitives.append((primitive, node))
        for rule, node in more_rules:
            clash = next((r for r, _ in rules if r.id == rule.id or r.slug == rule.slug), None)
            if clash:
                raise node.fail(f"rule {rule.id} ({rule.slug}) is already defined at {clash.source}")
            rules.append((rule, node))
    _check_graph(primitives, rules)
    ordered = sorted((p for p, _ in primitives), key=lambda p: (p.number, p.id))
    return Rubric(primitives=tuple(ordered), rules=tuple(sorted((r for r, _ in rules), key=lambda r: r.id)))
