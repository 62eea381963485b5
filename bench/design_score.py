"""Score design mode on prompts written by someone who never read analyzer/design/.

    PYTHONPATH=. python bench/design_score.py [--prompts bench/design_prompts] [--verbose]

Each prompt file (YAML) holds `prompt`, the expected `shape` (`single-agent`, `workflow` or
`multi-agent-justified`), `required_primitives` (`[{id, why}]`), `forbidden_first_phase` (free
text; items that name primitive ids), `required_mentions` (free text) and notes for humans
(`risks`, `traps`). Checks per prompt, each worth one point:

- required: every required primitive is in the plan (any phase);
- forbidden: every primitive id named in a forbidden-first-phase item is not in phase 1;
- shape: `single-agent` defers P12; `workflow` selects P4 and defers P12;
  `multi-agent-justified` selects P12 in a later phase than P2 (foundations first);
- mentions: each required mention is found in the Markdown plan from its pushback and phases
  on (the quoted prompt and the profile table do not count). A mention's key words are its
  numbers and amounts and its capitalised names (not the first word): all must appear; a mention
  with none of those needs two thirds of its content words (prefix-matched) in the plan. This is
  a heuristic a human should spot-check with --verbose, not proof of a good plan.

A bench script, not a test: the prompts are data from outside the design code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from analyzer.design import design
from analyzer.design.render import render_markdown
from analyzer.rubric import load_rubric

DEFAULT_PROMPTS = Path(__file__).parent / "design_prompts"
_ID = re.compile(r"\bP(\d{1,2})\b")
_LEADING_IDS = re.compile(r"^\s*P\d{1,2}(?:\s*(?:,|and)\s*P\d{1,2})*\b")
_NUMBER = re.compile(r"\$?\d[\d,.]*%?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset("""a an and are as at be by for from in into is it its not of on or the to with
 without as that this than then when who what which any each every only also all their them they
 via per one two""".split())


def _ids(text: str) -> set[str]:
    """The primitives an item forbids: the ids it starts with ("P9, P10, P11, P12", "P12 before
    the gate ..."), not ids named in its explanation ("roles come after P1-P5 stand")."""
    leading = _LEADING_IDS.match(text)
    return {f"P{n}" for n in _ID.findall(leading.group(0))} if leading else set()


def _key_words(mention: str) -> tuple[list[str], list[str]]:
    """(must-appear keys: numbers and capitalised names; content words)."""
    keys = [n.rstrip(".,") for n in _NUMBER.findall(mention) if any(c.isdigit() for c in n)]
    words = _WORD.findall(mention)
    keys += [w for index, w in enumerate(words) if index and w[0].isupper() and w.lower() not in _STOP]
    content = [w.lower() for w in words if len(w) > 3 and w.lower() not in _STOP]
    return keys, content


def _mentioned(mention: str, plan_text: str) -> bool:
    text = plan_text.lower()
    keys, content = _key_words(mention)
    if keys:
        return all(k.lower().replace(",", "") in text.replace(",", "") for k in keys)
    if not content:
        return True
    hits = sum(1 for w in content if w[:5] in text)
    return hits * 3 >= len(content) * 2


def score_prompt(rubric, case: dict) -> list[tuple[str, bool, str]]:
    plan = design(rubric, case["prompt"])
    # Mentions count in what the plan says (pushback, phases, deferred), not in the quoted
    # prompt or the profile table, which repeat the user's words whatever the plan does.
    markdown = render_markdown(plan)
    text = markdown[min((i for i in (markdown.find("\n## Pushback"), markdown.find("\n## Phase")) if i >= 0),
                        default=0):]
    phase = {p["id"]: p["phase"] for p in plan["primitives"]}
    checks: list[tuple[str, bool, str]] = []
    for item in case.get("required_primitives", []):
        pid = item["id"]
        checks.append(("required", pid in phase, f"{pid} selected"))
    for item in case.get("forbidden_first_phase", []):
        for pid in sorted(_ids(str(item)), key=lambda p: int(p[1:])):
            checks.append(("forbidden", phase.get(pid) != 1, f"{pid} not in phase 1 ({item})"))
    shape = case.get("shape")
    if shape == "single-agent":
        checks.append(("shape", "P12" not in phase, "single agent: P12 deferred"))
    elif shape == "workflow":
        checks.append(("shape", "P4" in phase and "P12" not in phase, "workflow: P4 selected, P12 deferred"))
    elif shape == "multi-agent-justified":
        ok = "P12" in phase and phase["P12"] > phase.get("P2", 99)
        checks.append(("shape", ok, "justified split: P12 after the gate"))
    for mention in case.get("required_mentions", []):
        checks.append(("mentions", _mentioned(str(mention), text), str(mention)))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=Path, default=DEFAULT_PROMPTS)
    parser.add_argument("--verbose", action="store_true", help="list every failed check")
    args = parser.parse_args(argv)
    files = sorted(args.prompts.glob("*.yaml"))
    if not files:
        print(f"no prompts in {args.prompts}", file=sys.stderr)
        return 2
    rubric = load_rubric()
    totals: dict[str, list[int]] = {}
    for path in files:
        checks = score_prompt(rubric, yaml.safe_load(path.read_text(encoding="utf-8")))
        passed = sum(ok for _, ok, _ in checks)
        print(f"{path.stem:40} {passed:3}/{len(checks):<3}")
        for kind, ok, what in checks:
            totals.setdefault(kind, [0, 0])
            totals[kind][0] += ok
            totals[kind][1] += 1
            if args.verbose and not ok:
                print(f"    miss {kind}: {what}")
    print()
    for kind in ("required", "forbidden", "shape", "mentions"):
        if kind in totals:
            got, of = totals[kind]
            print(f"{kind:10} {got:4}/{of:<4} {100 * got / of:5.1f}%")
    got = sum(t[0] for t in totals.values())
    of = sum(t[1] for t in totals.values())
    print(f"{'all':10} {got:4}/{of:<4} {100 * got / of:5.1f}%  ({len(files)} prompts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
