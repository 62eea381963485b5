"""The framework table (`analyzer/frameworks/`): every entry's example is a real program in the framework's
idiom, and the detectors that read the table recognise in it each idiom the entry declares (its agent, run
call, tools, limits, gates, sessions, code executors, teams). Adding a framework is one module with its
`FRAMEWORK = Framework(...)` and example; this file then proves the entry without a line added here.
"""

from __future__ import annotations

import textwrap

import pytest

from analyzer import frameworks
from analyzer.facts.check import facts_written
from analyzer.facts.python import analyze_python
from analyzer.facts.python.agent_roles import roles
from analyzer.facts.python.runtime_apis import functions_running_agents, has_framework_turn_limit
from analyzer.facts.python.shape import model_calls
from analyzer.facts.python.tool_defs import tool_functions
from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework
from analyzer.parse.python import parse_python

ENTRIES = frameworks.all_frameworks()


def fact_keys(facts) -> set[str]:
    return {fact.key for fact in facts_written(facts)}


def _source(entry: Framework) -> str:
    return textwrap.dedent(entry.example).lstrip("\n")


def _keys(entry: Framework) -> set[str]:
    facts = analyze_python(_source(entry), f"{entry.id.replace('-', '_')}_example.py")
    assert facts.skipped is None, f"{entry.id}: the example does not parse: {facts.skipped}"
    return fact_keys(facts)


def _module(entry: Framework):
    return parse_python(_source(entry), f"{entry.id.replace('-', '_')}_example.py")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_example_imports_the_framework(entry):
    module = _module(entry)
    assert module.imports_any(*entry.all_packages), f"{entry.id}: the example imports none of {entry.all_packages}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.signal_names], ids=lambda e: e.id)
def test_example_is_agent_code_of_its_framework(entry):
    assert f"signal:framework:{entry.signal_id}" in _keys(entry)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.model_call_suffixes], ids=lambda e: e.id)
def test_example_model_call_is_seen(entry):
    providers = {call.provider for call in model_calls(_module(entry))}
    assert entry.id in providers, f"{entry.id}: model calls found for {providers}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.roles], ids=lambda e: e.id)
def test_example_agent_constructor_is_a_role(entry):
    kinds = {role.kind for role in roles(_module(entry))}
    assert kinds & {r.leaf for r in entry.roles}, f"{entry.id}: roles found {kinds}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.run_calls and e.kind == AGENT_FRAMEWORK],
                         ids=lambda e: e.id)
def test_example_run_call_runs_an_agent(entry):
    assert functions_running_agents(_module(entry)), f"{entry.id}: no function of the example runs an agent"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.turn_limits or e.recursion_limit], ids=lambda e: e.id)
def test_example_turn_limit_is_seen(entry):
    assert has_framework_turn_limit(_module(entry))
    assert "P5/turn-limit" in _keys(entry)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.token_limits], ids=lambda e: e.id)
def test_example_token_limit_is_seen(entry):
    assert "P5/token-limit" in _keys(entry)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.tool_decorators], ids=lambda e: e.id)
def test_example_tool_decorator_is_seen(entry):
    hows = {tool.how for tool in tool_functions(_module(entry))}
    assert hows & {f"@{d}" for d in entry.tool_decorators}, f"{entry.id}: tools found {hows}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.code_executors], ids=lambda e: e.id)
def test_example_code_executor_is_exposure(entry):
    kinds = {f"exposure:{kind}" for kind in entry.code_executors.values()}
    assert kinds & set(_keys(entry)), f"{entry.id}: no {kinds} in {sorted(_keys(entry))}"


# Probes: one tiny program per idiom of a list, so that every item of the table is proven, not only the one
# the example happens to use.

def _probe(package: str, name: str, body: str) -> set[str]:
    head, _, leaf = package.rpartition(".")
    source = f"from {package} import {name}\n\n{body}\n"
    facts = analyze_python(source, "probe.py")
    assert facts.skipped is None, facts.skipped
    return fact_keys(facts)


def _items(field: str):
    for entry in ENTRIES:
        for item in getattr(entry, field):
            yield pytest.param(entry, item, id=f"{entry.id}-{getattr(item, 'leaf', item)}")


@pytest.mark.parametrize(("entry", "leaf"), list(_items("tool_classes")))
def test_every_tool_class_makes_its_subclasses_tools(entry, leaf):
    package = next(p for p in entry.all_packages)
    body = (f"class LookupTool({leaf}):\n    name = 'lookup'\n    description = 'Look a record up.'\n\n"
            f"    def _run(self, key: str) -> str:\n        return key\n")
    assert "tool" in _probe(package, leaf, body), f"{entry.id}: a {leaf} subclass is not a tool"


@pytest.mark.parametrize(("entry", "wrapper"), list(_items("tool_wrappers")))
def test_every_tool_wrapper_makes_its_function_a_tool(entry, wrapper):
    head, leaf = wrapper.split(".")[0], wrapper.rsplit(".", 1)[-1]
    source = (f"from {entry.packages[0]} import {head}\n\n\ndef lookup(key: str) -> str:\n"
              f"    \"\"\"Look a record up.\"\"\"\n    return key\n\n\nlookup_tool = {wrapper}(lookup)\n")
    hows = {tool.how for tool in tool_functions(parse_python(source, "probe.py"))}
    assert f"wrapped by {leaf}()" in hows, f"{entry.id}: {wrapper}(fn) does not make fn a tool ({hows})"


@pytest.mark.parametrize(("entry", "leaf"), list(_items("code_executors")))
def test_every_code_executor_is_exposure(entry, leaf):
    keys = _probe(entry.all_packages[-1] if leaf == "CodeInterpreterTool" else entry.packages[0], leaf,
                  f"runner = {leaf}()\n")
    assert f"exposure:{entry.code_executors[leaf]}" in keys, f"{entry.id}: {leaf}() is not {entry.code_executors[leaf]}"


@pytest.mark.parametrize(("entry", "team"), list(_items("teams")))
def test_every_team_construct_splits_work(entry, team):
    members = f"{team.members}=[planner, coder]" if team.members else "[planner, coder]"
    keys = _probe(team.package, team.leaf, f"team = {team.leaf}({members})\n")
    assert "signal:multi-agent" in keys, f"{entry.id}: {team.leaf}(...) is not multi-agent"


@pytest.mark.parametrize(("entry", "team"), [p for p in _items("teams") if p.values[1].min_members])
def test_a_counted_team_with_one_member_is_not_multi_agent(entry, team):
    keys = _probe(team.package, team.leaf, f"team = {team.leaf}({team.members}=[analyst])\n")
    assert "signal:multi-agent" not in keys


@pytest.mark.parametrize(("entry", "option"), list(_items("turn_limits")))
def test_every_turn_limit_option_is_a_framework_limit(entry, option):
    package = (option.packages or entry.packages)[0]
    tail = option.tails[0]
    keyword = option.keywords[0]
    if tail.startswith("."):
        body = f"def run(agent, task):\n    return agent{tail}(task, {keyword}=6)\n"
        name = entry.signal_names[0] if entry.signal_names else "Agent"
    else:
        name = tail.split(".")[0]
        body = f"def run(agent, task):\n    return {tail}({keyword}=6)\n"
    module = parse_python(f"from {package} import {name}\n\n{body}", "probe.py")
    assert has_framework_turn_limit(module), f"{entry.id}: {tail}({keyword}=...) is no turn limit"
    unbounded = parse_python(f"from {package} import {name}\n\n{body.replace(f'{keyword}=6', 'verbose=True')}",
                             "probe.py")
    assert not has_framework_turn_limit(unbounded), f"{entry.id}: {tail}() without {keyword} counted as a limit"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.permission_hooks], ids=lambda e: e.id)
def test_example_permission_hook_is_p2_evidence(entry):
    assert [key for key in _keys(entry) if key.startswith("P2/")], f"{entry.id}: no P2 evidence"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.sessions or e.memory_sessions or e.resume_options],
                         ids=lambda e: e.id)
def test_example_session_is_p3_evidence(entry):
    assert "P3/save" in _keys(entry), f"{entry.id}: no P3 save in {sorted(_keys(entry))}"


def test_ids_and_kinds_are_sound():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for entry in ENTRIES:
        assert entry.kind in (frameworks.AGENT_FRAMEWORK, frameworks.MODEL_CLIENT, frameworks.TOOL_LIBRARY), entry.id
        assert entry.packages and entry.example.strip() and entry.title, entry.id
        assert not (entry.model_call_suffixes and entry.kind != frameworks.MODEL_CLIENT), entry.id


def test_rubric_framework_keys_are_table_ids():
    """The rubric's `frameworks:` text is keyed by framework ids; each key names an entry (or its report id)."""
    from analyzer.rubric import load_rubric

    known = {e.id for e in ENTRIES} | {e.signal_id for e in ENTRIES}
    for primitive in load_rubric().primitives:
        unknown = {key for key, _ in primitive.frameworks} - known
        assert not unknown, f"{primitive.id}: frameworks keys not in analyzer/frameworks/: {sorted(unknown)}"


def test_a_local_agents_package_is_not_the_agents_sdk():
    """Decoy: the table's import root `agents` alone is not evidence; the SDK's names must be used."""
    facts = analyze_python("from agents import travel_agent_rates\nprint(travel_agent_rates())\n", "rates.py")
    assert "signal:framework:openai-agents" not in fact_keys(facts)


def test_every_permission_hook_is_judged_by_a_p2_check():
    """`permission_hooks` names what the P2 checks judge; a hook listed here that no P2 check reads is stale."""
    from pathlib import Path

    import analyzer.facts.python as checks

    sources = "".join(p.read_text(encoding="utf-8") for p in Path(checks.__file__).parent.glob("p02_*.py"))
    for entry in ENTRIES:
        stale = [hook for hook in entry.permission_hooks if hook not in sources]
        assert not stale, f"{entry.id}: no P2 check reads {stale}"
