"""Plan -> a small, runnable single-agent Python harness implementing the plan's phase 1.

Every file comes from a Jinja template under `templates/scaffold/`; which files and which code
paths are written depends on the primitives phase 1 selects. P1 (a tool table) and P5 (a bound
on the loop) are always included, because a loop without them is neither runnable nor safe.
The user's description reaches generated code only as a Python string literal (`py_str`) and
generated Markdown only through the `md` filters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import UndefinedError

from analyzer import __version__
from analyzer.design.policy import TEST_ALSO_NEEDS
from analyzer.design.render import environment, py_str, render_json, render_markdown
from analyzer.design.select import SCHEMA_VERSION
from analyzer.input_file import InputFileError, parse_bounded, read_input_text
from analyzer.rubric import Rubric
from analyzer.safe_write import WriteError, write_into_folder

MANIFEST = "scaffold.json"
MANIFEST_SCHEMA = "harness-audit/scaffold/v1"
ALWAYS = ("P1", "P5")
# primitive -> (module that implements it, its guardrail test file)
SUPPORTED = {
    "P1": ("harness/registry.py", "tests/test_tool_registry.py"),
    "P2": ("harness/permissions.py", "tests/test_permission_tiers.py"),
    "P3": ("harness/session.py", "tests/test_session_persistence.py"),
    "P5": ("harness/budget.py", "tests/test_token_budget.py"),
    "P7": ("harness/events.py", "tests/test_event_log.py"),
    "P8": ("harness/verify.py", "tests/test_verification.py"),
}
CORE_FILES = (
    "README.md", "pyproject.toml", "harness/__init__.py", "harness/__main__.py", "harness/cli.py",
    "harness/config.py", "harness/state.py", "harness/tools.py", "harness/agent.py", "tests/conftest.py",
)
_WHERE_EXTRA = {
    "P2": "called from Agent._run_tool before every handler",
    "P3": "saved by Agent.run after every turn; Agent.resume, --resume",
    "P5": "checked in Agent.run before every model call",
    "P7": "written by Agent.run and Agent._run_tool",
    "P8": "Agent.run checks each answer; tests/ guard the guardrails",
    "P1": "tools declared in harness/tools.py; Agent._run_tool resolves every call",
}


# Tests the scaffold writes from the plan itself (beyond the rubric's), per primitive.
PLAN_TESTS = {
    "P2": (("test_money_limit_keeps_its_direction",
            "Each money threshold in the plan keeps its direction: at the limit and one cent above it the gate "
            "allows, asks or refuses exactly as the description says."),),
}


class ScaffoldError(Exception):
    """The plan cannot be scaffolded, or the folder cannot be written."""


@dataclass(frozen=True)
class ScaffoldResult:
    directory: Path
    files: tuple[str, ...]
    manifest: dict[str, Any]


def load_plan(path: str | Path) -> dict[str, Any]:
    try:
        text = read_input_text(path, "plan")
        plan = parse_bounded(lambda: json.loads(text), "plan")
    except InputFileError as error:
        raise ScaffoldError(f"{path}:{error.line}: {error.message}") from None
    except json.JSONDecodeError as error:
        raise ScaffoldError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    return plan


_TOP_LEVEL = {"shape": str, "profile": dict, "primitives": list, "deferred": list, "phases": list,
              "pushback": list, "assumptions": list}
_KIND_NAMES = {str: "text", dict: "an object", list: "a list"}


def check_plan(plan: Any, rubric: Rubric, source: str = "plan") -> None:
    """A design JSON from `harness-audit design --format json`, or close enough to render."""
    if not isinstance(plan, dict):
        raise ScaffoldError(f"{source}: a design plan is a JSON object")
    if plan.get("schema_version") != SCHEMA_VERSION:
        raise ScaffoldError(f"{source}: schema_version must be {SCHEMA_VERSION!r} "
                            "(write it with `harness-audit design --format json`)")
    missing = [k for k in ("shape", "profile", "primitives", "deferred", "phases", "pushback", "assumptions")
               if k not in plan]
    if missing:
        raise ScaffoldError(f"{source}: missing {', '.join(missing)}")
    for key, kind in _TOP_LEVEL.items():
        if not isinstance(plan[key], kind):
            raise ScaffoldError(f"{source}: {key} must be {_KIND_NAMES[kind]}, not {type(plan[key]).__name__}")
    for item in plan["primitives"]:
        if not isinstance(item, dict) or item.get("id") not in rubric.ids:
            raise ScaffoldError(f"{source}: primitives: unknown primitive {item!r}")
        if not isinstance(item.get("phase"), int) or isinstance(item.get("phase"), bool) or item["phase"] < 1:
            raise ScaffoldError(f"{source}: primitives: {item['id']} needs an integer phase >= 1")
    actions = plan["profile"].get("actions") if isinstance(plan["profile"], dict) else None
    if not isinstance(actions, list) or not all(isinstance(a, dict) and "risk" in a for a in actions):
        raise ScaffoldError(f"{source}: profile.actions must be a list of {{risk, ...}}")


def _tool_family(plan: dict[str, Any]) -> str:
    shapes = plan["profile"]["shape"].get("components") or [plan["shape"]]
    if "code-agent" in shapes:
        return "code"
    if "ops-agent" in shapes:
        return "ops"
    return "records"


_GATE_VERDICT = {"auto": "allow", "human": "ask", "deny": "deny"}
_STRICTNESS = ("allow", "ask", "deny")


def money_rule(limits: list[tuple[int, str, str]], amount_cents: int) -> str:
    """The gate's verdict for an amount under every limit at once: the strictest side that applies
    ("payments over $100 need approval" and "never over $500": $300 asks, $600 is refused)."""
    verdicts = [below if amount_cents <= limit else above for limit, below, above in limits]
    return max(verdicts, key=_STRICTNESS.index) if verdicts else "ask"


def _money(plan: dict[str, Any]) -> dict[str, Any]:
    """The money tool, and the plan's currency thresholds with their direction kept."""
    phrases = [p.lower() for a in plan["profile"]["actions"] if a["risk"] == "money" for p in a.get("phrases", [])]
    if any("refund" in p for p in phrases):
        money: dict[str, Any] = {"tool": "issue_refund", "target": "order_id", "label": "refund",
                                 "description": "Refund an order; the amount is in cents."}
    else:
        money = {"tool": "make_payment", "target": "payee", "label": "payment",
                 "description": "Pay a payee; the amount is in cents."}
    thresholds = sorted((t for t in plan["profile"].get("thresholds", []) if not str(t.get("amount", "")).endswith("%")),
                        key=lambda t: float(t["value"]))
    limits = [(round(float(t["value"]) * 100), _GATE_VERDICT[t["below"]], _GATE_VERDICT[t["above"]]) for t in thresholds]
    money["limits"] = limits
    money["phrases"] = [t["phrase"] for t in thresholds]
    money["approvers"] = ", ".join(dict.fromkeys(t["approver"] for t in thresholds if t.get("approver"))) or "a person"
    # (amount, verdict) at and just above each limit, computed here from the plan, not by the code under test
    money["checks"] = [(amount, money_rule(limits, amount)) for limit, _, _ in limits for amount in (limit, limit + 1)]
    return money


def _later(plan: dict[str, Any], claimed: list[str]) -> list[dict[str, Any]]:
    """Primitives the plan builds after phase 1 or defers, with when: the scaffold's own audit
    leaves them out (pyproject `[tool.harness-audit] ignore`) until they are built, so it judges
    the scaffold on what phase 1 claims."""
    later = [{"id": p["id"], "when": f"phase {p['phase']}"} for p in plan["primitives"]
             if p["phase"] > 1 and p["id"] not in claimed]
    later += [{"id": d["id"], "when": "deferred"} for d in plan["deferred"] if d["id"] not in claimed]
    return sorted(later, key=lambda item: int(item["id"][1:]))


def _context(plan: dict[str, Any], rubric: Rubric, claimed: list[str], not_scaffolded: list[dict]) -> dict[str, Any]:
    risks = [a["risk"] for a in plan["profile"]["actions"]]
    family = _tool_family(plan)
    tiers = ["READ_ONLY"]
    if "mutating" in risks or "external-send" in risks:
        tiers.append("MUTATING")
    if "destructive" in risks or "money" in risks:
        tiers.append("DESTRUCTIVE")
    checks = {test.name: test.checks for p in rubric.primitives for test in p.tests}
    titles = {p.id: p.title for p in rubric.primitives}
    autonomous = plan["profile"].get("autonomy", {}).get("value") == "autonomous"
    return {
        "plan": plan,
        "description": plan["profile"].get("description", ""),
        "shape": plan["shape"] if family != "code" else "code-agent",
        "title": f"Harness: {plan['shape']}",
        "has": {pid: pid in claimed for pid in rubric.ids},
        "risks": risks,
        "tool_family": family,
        "tier_imports": [t for t in ("DESTRUCTIVE", "MUTATING", "READ_ONLY") if t in tiers],
        "money": _money(plan),
        "later": _later(plan, claimed),
        "titles": titles,
        "test_doc": lambda name: py_str(checks.get(name, name.replace("_", " "))),
        "claimed": [{"id": pid, "title": titles[pid], "where": f"{SUPPORTED[pid][0]} ({_WHERE_EXTRA[pid]})"}
                    for pid in claimed],
        "not_scaffolded": not_scaffolded,
        "tool_version": __version__,
        "first_read_tool": "list_files" if family == "code" else "search_records",
        "first_read_args": "{}" if family == "code" else '{"query": "record"}',
        "default_approver": "deny" if autonomous else "console",
        "tests": [],
        "skipped_tests": [],
    }


def plan_claims(plan: dict[str, Any], rubric: Rubric) -> tuple[list[str], list[dict[str, str]]]:
    """(primitives the scaffold implements, phase-1 primitives it leaves to be built by hand)."""
    titles = {p.id: p.title for p in rubric.primitives}
    phase_one = [p["id"] for p in plan["primitives"] if p["phase"] == 1]
    wanted = set(phase_one) | set(ALWAYS)
    claimed = [pid for pid in rubric.ids if pid in wanted and pid in SUPPORTED]
    left = [{"id": pid, "title": titles[pid], "reason": "the scaffold has no template for it yet"}
            for pid in rubric.ids if pid in phase_one and pid not in SUPPORTED]
    return claimed, left


def _test_manifest(rubric: Rubric, claimed: list[str], rendered: dict[str, str]) -> tuple[list[dict], list[dict]]:
    generated, skipped = [], []
    for primitive in rubric.primitives:
        if primitive.id not in claimed:
            continue
        text = rendered.get(SUPPORTED[primitive.id][1], "")
        for test in primitive.tests:
            item = {"primitive": primitive.id, "test": f"test_{test.name}", "checks": test.checks}
            if f"def test_{test.name}(" in text:
                generated.append(item)
            else:
                needs = [p for p in TEST_ALSO_NEEDS.get(test.name, ()) if p not in claimed]
                skipped.append({**item, "needs": needs or ["a template for this test"]})
        for name, checks in PLAN_TESTS.get(primitive.id, ()):
            if f"def {name}(" in text:
                generated.append({"primitive": primitive.id, "test": name, "checks": checks})
    return generated, skipped


def scaffold(plan: dict[str, Any], directory: str | Path, rubric: Rubric, *, force: bool = False,
             source: str = "plan") -> ScaffoldResult:
    """Write the harness for `plan` into `directory` (refusing a non-empty one unless `force`).

    A plan edited by hand can pass `check_plan` and still lack what a template reads; that is a
    ScaffoldError naming `source`, raised before anything is written.
    """
    check_plan(plan, rubric, source)
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ScaffoldError(f"{target} is not empty; use --force to write into it anyway")
    try:
        rendered, claimed, left, tests = _render(plan, rubric)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, UndefinedError) as error:
        raise ScaffoldError(f"{source}: not the plan `harness-audit design --format json` writes "
                            f"({type(error).__name__}: {str(error)[:160]}); write it again with that command") from None
    manifest = {
        "schema_version": MANIFEST_SCHEMA,
        "tool_version": __version__,
        "shape": plan["shape"],
        "primitives": claimed,
        "not_scaffolded": left,
        "tests": tests[0],
        "tests_not_generated": tests[1],
        "files": sorted(rendered) + [MANIFEST],
    }
    rendered[MANIFEST] = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    try:
        write_into_folder(target, rendered, force=True)  # a non-empty folder needed --force above
    except WriteError as error:
        raise ScaffoldError(str(error)) from None
    return ScaffoldResult(target, tuple(sorted(rendered)), manifest)


def _render(plan: dict[str, Any], rubric: Rubric) -> tuple[dict[str, str], list[str], list[dict], tuple]:
    claimed, left = plan_claims(plan, rubric)
    context = _context(plan, rubric, claimed, left)
    env = environment()
    sources = list(CORE_FILES) + [name for pid in claimed for name in SUPPORTED[pid]]
    rendered = {name: env.get_template(f"scaffold/{name}.j2").render(**context)
                for name in sources if name != "README.md"}
    context["tests"], context["skipped_tests"] = _test_manifest(rubric, claimed, rendered)
    rendered["README.md"] = env.get_template("scaffold/README.md.j2").render(**context)
    rendered["PLAN.md"] = render_markdown(plan)
    rendered["plan.json"] = render_json(plan)
    return rendered, claimed, left, (context["tests"], context["skipped_tests"])
