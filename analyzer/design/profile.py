"""Derive a harness profile from a description: shape, actions and risk, autonomy, session
length, scale, users, and the extra needs that bring later primitives forward.

Every value carries the reason it was chosen (the user's own words that led to it) or is
marked `assumed`, and every assumption is listed: nothing is decided silently. The rules are
the cue tables in `lexicon.py`; the same text always gives the same profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from analyzer.design import lexicon
from analyzer.design.implied import Implied, implied_needs, named_things, sensitive_data
from analyzer.design.limits import SpendCap, Threshold, approver, read_limits, unwrap
from analyzer.parse.prose import Match, Text, clause_at

AUTONOMY_VALUES = ("human-in-the-loop", "autonomous")
SHAPE_VALUES = lexicon.SHAPES + (lexicon.HYBRID,)
_CONVERSATIONAL = ("chat-assistant", "internal-copilot", "code-agent")
_MAX_QUOTES = 4


@dataclass(frozen=True)
class Trait:
    """One profile value and why it has it."""

    value: Any
    reason: str
    assumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "reason": self.reason, "assumed": self.assumed}


@dataclass(frozen=True)
class Action:
    """What the agent's tools can do at one risk level, in the user's words."""

    risk: str
    phrases: tuple[str, ...]
    reason: str
    assumed: bool = False
    tools: tuple[str, ...] = ()   # each phrase with what it acts on: "refund up to $50 automatically"

    def to_dict(self) -> dict[str, Any]:
        return {"risk": self.risk, "phrases": list(self.phrases), "reason": self.reason,
                "assumed": self.assumed, "tools": list(self.tools or self.phrases)}


@dataclass(frozen=True)
class Profile:
    description: str
    source: str
    shape: Trait
    shape_components: tuple[str, ...]
    actions: tuple[Action, ...]
    risk: Trait
    autonomy: Trait
    session_length: Trait
    scale: Trait
    users: Trait
    multi_agent: Trait
    signals: tuple[tuple[str, tuple[str, ...]], ...]
    over_ambition: tuple[str, ...]
    constraints: tuple[str, ...]
    ignored: tuple[str, ...]
    thresholds: tuple[Threshold, ...] = ()
    spend_caps: tuple[SpendCap, ...] = ()
    approvers: tuple[tuple[str, str], ...] = ()   # (who, channel) named anywhere
    implied: tuple[Implied, ...] = ()
    sensitive: tuple[str, ...] = ()
    names: tuple[str, ...] = ()                    # products, people, systems the user named
    volumes: tuple[str, ...] = ()                  # "about 300 small internal service repos"
    assumptions: tuple[str, ...] = field(default=())

    @property
    def risks(self) -> tuple[str, ...]:
        return tuple(a.risk for a in self.actions)

    def has(self, *risks: str) -> bool:
        return any(r in self.risks for r in risks)

    @property
    def side_effects(self) -> tuple[str, ...]:
        return tuple(r for r in self.risks if r != "read-only")

    def signal(self, name: str) -> tuple[str, ...]:
        return dict(self.signals).get(name, ())

    def implies(self, name: str) -> Implied | None:
        return next((i for i in self.implied if i.name == name), None)

    def action(self, risk: str) -> Action | None:
        return next((a for a in self.actions if a.risk == risk), None)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Profile fields the description left open (filled by assumption)."""
        fields = []
        if any(a.assumed for a in self.actions):
            fields.append("actions")
        for name in ("autonomy", "session_length", "scale", "users"):
            if getattr(self, name).assumed:
                fields.append(name)
        if self.has("money", "destructive", "external-send") and not (self.approvers or self.thresholds):
            fields.append("approvals")   # who decides, and where the line is, was never said
        return tuple(fields)

    def to_dict(self) -> dict[str, Any]:
        shape = self.shape.to_dict()
        shape["components"] = list(self.shape_components)
        return {
            "source": self.source,
            "description": self.description,
            "shape": shape,
            "actions": [a.to_dict() for a in self.actions],
            "risk": self.risk.to_dict(),
            "autonomy": self.autonomy.to_dict(),
            "session_length": self.session_length.to_dict(),
            "scale": self.scale.to_dict(),
            "users": self.users.to_dict(),
            "multi_agent": self.multi_agent.to_dict(),
            "signals": {name: list(phrases) for name, phrases in self.signals},
            "over_ambition": list(self.over_ambition),
            "constraints": list(self.constraints),
            "ignored": list(self.ignored),
            "thresholds": [t.to_dict() for t in self.thresholds],
            "spend_caps": [c.to_dict() for c in self.spend_caps],
            "approvers": [{"who": who, "channel": channel} for who, channel in self.approvers],
            "implied": [i.to_dict() for i in self.implied],
            "sensitive_data": list(self.sensitive),
            "names": list(self.names),
            "volumes": list(self.volumes),
        }


@dataclass(frozen=True)
class Overrides:
    """Answers given outright (a YAML file, an interactive prompt) beat inference."""

    shape: Trait | None = None
    actions: tuple[Action, ...] = ()
    autonomy: Trait | None = None
    session_length: Trait | None = None
    scale: Trait | None = None
    users: Trait | None = None
    constraints: tuple[str, ...] = ()
    actions_complete: bool = False   # the stated actions are all there is (not merged with inferred)
    notes: tuple[str, ...] = ()      # answers in the user's words, read like the description


def _quote(matches: Iterable[Match]) -> str:
    seen: list[str] = []
    for match in matches:
        phrase = match.display
        if phrase.lower() not in (s.lower() for s in seen):
            seen.append(phrase)
    shown = ", ".join(f'"{p}"' for p in seen[:_MAX_QUOTES])
    return shown + (f" and {len(seen) - _MAX_QUOTES} more" if len(seen) > _MAX_QUOTES else "")


def _clauses(text: Text, matches: list[Match]) -> str:
    """The clauses that hold the matches, quoted once each: the request in the user's words."""
    clauses = list(dict.fromkeys(" ".join(clause_at(text.text, m.start).split()) for m in matches))
    return ", ".join(f'"{c}"' for c in clauses[:2])


def _unique_phrases(matches: Iterable[Match]) -> tuple[str, ...]:
    result: list[str] = []
    for match in matches:
        phrase = " ".join(match.phrase.split())
        if phrase.lower() not in (p.lower() for p in result):
            result.append(phrase)
    return tuple(result)


def _actions(text: Text) -> tuple[list[Action], list[str], list[str], list[str]]:
    """Actions by risk, mentions set aside (negated or topical), constraints, assumptions."""
    kind_of = {cue: kind for kind in lexicon.ACTION_KINDS for cue in lexicon.ACTION_CUES[kind]}
    by_kind: dict[str, list[Match]] = {kind: [] for kind in lexicon.ACTION_KINDS}
    ignored: list[str] = []
    constraints: list[str] = []
    said = text.any(lexicon.EXPLICIT_READ_ONLY)
    read_only_said = [m for m in said if _about_the_agent(text, m)]
    for scoped in (m for m in said if m not in read_only_said):
        constraints.append(f"{scoped.display} {' '.join(text.words_after(scoped, 2))}".strip())
    for match in text.find(tuple(kind_of)):
        kind = kind_of[match.cue]
        if any(r.start <= match.start < r.end for r in said):
            continue  # the "read" of "read-only" is a statement about the agent, not a tool
        if match.negated:
            ignored.append(f'"{match.phrase}" is negated ("{match.negation}"), so it is not counted as a {kind} action')
            constraints.append(" ".join(clause_at(text.text, match.start).split()))
        elif match.actor and kind != "read-only":
            ignored.append(f'"{match.actor} {match.phrase}": someone other than the agent does it')
        elif match.topic and kind != "read-only":
            ignored.append(f'"{match.phrase}" is something the agent talks about, not an action it takes')
        elif match.read and kind != "read-only":
            ignored.append(f'"{match.phrase}" is what the agent reads or looks things up by, not something it does')
        elif kind == "money" and match.cue in lexicon.MONEY_NOUNS and not _acted_on(text, match):
            ignored.append(f'"{match.phrase}" names money, but nothing in the description pays, refunds or charges it')
        else:
            by_kind[kind].append(match)
    if read_only_said:
        for kind in ("mutating", "destructive"):
            for match in by_kind[kind]:
                ignored.append(f'"{match.phrase}" is read as a noun or a topic: the description says {_quote(read_only_said)}')
            by_kind[kind] = []
        said = read_only_said[0].display
        if not any(said.lower() in c.lower() or c.lower() in said.lower() for c in constraints):
            constraints.append(said)
    notes = []
    if read_only_said and (by_kind["external-send"] or by_kind["money"]):
        notes.append(f"The description says {_quote(read_only_said)} but also names sends or payments; "
                     "those are planned as side effects.")
    actions = []
    for kind in lexicon.ACTION_KINDS:
        if by_kind[kind]:
            reason = f"named in the description: {_quote(by_kind[kind])}"
            if kind == "read-only" and read_only_said:
                reason = f"the description says {_quote(read_only_said)}; it also mentions {_quote(by_kind[kind])}"
            tools = _distinct(text.with_object(m) for m in by_kind[kind])
            actions.append(Action(kind, _unique_phrases(by_kind[kind]), reason, tools=tools))
    if read_only_said and not by_kind["read-only"]:
        actions.insert(0, Action("read-only", _unique_phrases(read_only_said),
                                 f"the description says {_quote(read_only_said)}"))
    return actions, ignored, constraints, notes


def _distinct(phrases: Iterable[str]) -> tuple[str, ...]:
    """Phrases in order, without those another phrase contains ("writes" inside "writes a migration")."""
    unique = list(dict.fromkeys(phrases))
    return tuple(p for p in unique if not any(p != q and p.lower() in q.lower() for q in unique))


def _about_the_agent(text: Text, match: Match) -> bool:
    """ "a read-only FAQ bot", "it is read-only": the whole agent; "read-only diagnostics": one tool."""
    if match.cue not in ("read only", "readonly", "read-only"):
        return True
    after = text.words_after(match, 3)
    if any(word in lexicon.READ_ONLY_AGENT_NOUNS for word in after):
        return True
    before = text.words_before(match, 1)
    return not after and bool(before) and before[-1] in lexicon.READ_ONLY_AGENT_BEFORE


def _acted_on(text: Text, match: Match) -> bool:
    return any(word.startswith(lexicon.MONEY_VERBS) for word in text.words_before(match, 3))


def _shape(text: Text) -> tuple[Trait, tuple[str, ...]]:
    scores: dict[str, int] = {}
    evidence: dict[str, list[Match]] = {}
    for shape in lexicon.SHAPES:
        weights = dict(lexicon.SHAPE_CUES[shape])
        found = [m for m in text.find(tuple(weights)) if not m.negated]
        distinct = {m.cue: m for m in found}
        scores[shape] = sum(weights[cue] for cue in distinct)
        evidence[shape] = found
    ranked = sorted((s for s in lexicon.SHAPES if scores[s] >= 2), key=lambda s: (-scores[s], lexicon.SHAPES.index(s)))
    if not ranked:
        return Trait("chat-assistant", "no cue names a shape, so the most common one is assumed", True), ()
    if "internal-copilot" in ranked:
        if any(s not in ("internal-copilot", "chat-assistant") for s in ranked):
            ranked.remove("internal-copilot")   # staff are the users; the work decides the shape
        else:
            ranked = ["internal-copilot"]       # a chat assistant for staff
    top = ranked[0]
    runner_up = next((s for s in ranked if s != top), None)
    if runner_up and scores[runner_up] >= 4 and scores[runner_up] * 4 >= scores[top] * 3:
        pair = tuple(sorted((top, runner_up), key=lambda s: (-scores[s], lexicon.SHAPES.index(s))))
        reason = (f"two shapes are strong: {pair[0]} ({_quote(evidence[pair[0]])}) and "
                  f"{pair[1]} ({_quote(evidence[pair[1]])})")
        return Trait(lexicon.HYBRID, reason), pair
    reason = f"cues for {top}: {_quote(evidence[top])}"
    if runner_up:
        reason += f"; weaker cues for {runner_up}: {_quote(evidence[runner_up])}"
    return Trait(top, reason), ()


def _autonomy(text: Text, shape: str, components: tuple[str, ...]) -> Trait:
    human = [m for m in text.find(lexicon.AUTONOMY_CUES["human-in-the-loop"])]
    auto = [m for m in text.find(lexicon.AUTONOMY_CUES["autonomous"])]
    human_yes = [m for m in human if not m.negated] + [m for m in auto if m.negated]
    auto_yes = [m for m in auto if not m.negated] + [m for m in human if m.negated]
    if human_yes and auto_yes:
        return Trait("human-in-the-loop",
                     f"it runs on its own ({_quote(auto_yes)}) but a person stays in the loop ({_quote(human_yes)})")
    if human_yes:
        return Trait("human-in-the-loop", f"a person is in the loop: {_quote(human_yes)}")
    if auto_yes:
        return Trait("autonomous", f"it acts without a person watching: {_quote(auto_yes)}")
    if shape in _CONVERSATIONAL or any(c in _CONVERSATIONAL for c in components):
        return Trait("human-in-the-loop", "a person converses with it, so approvals can be asked in the conversation", True)
    return Trait("autonomous", "it runs from a trigger rather than a conversation, so nobody may be there to approve", True)


def _session_length(text: Text, shape: str, components: tuple[str, ...], autonomy: Trait) -> Trait:
    for length in reversed(lexicon.SESSION_LENGTHS):
        found = [m for m in text.find(lexicon.SESSION_CUES[length]) if not m.negated and not m.topic]
        if found:
            return Trait(length, f"cues for {length} sessions: {_quote(found)}")
    shapes = components or (shape,)
    if "workflow-orchestrator" in shapes and autonomy.value == "human-in-the-loop" and not autonomy.assumed:
        return Trait("multi-day", "a workflow that waits on people can wait for hours or days", True)
    for candidate, length, why in (
        ("workflow-orchestrator", "long", "a workflow runs several steps"),
        ("code-agent", "long", "coding tasks take many tool calls"),
        ("ops-agent", "long", "incident work takes many tool calls"),
        ("embedded-feature", "single-turn", "a product feature answers one request at a time"),
    ):
        if candidate in shapes:
            return Trait(length, why, True)
    return Trait("short", "a conversation of a few turns is the usual case", True)


def _scale(text: Text) -> Trait:
    found = {scale: [m for m in text.find(lexicon.SCALE_CUES[scale]) if not m.negated]
             for scale in lexicon.SCALES}
    internal = found["team"] or found["organisation"] or found["personal"]
    for scale in reversed(lexicon.SCALES):
        if scale == "public" and internal:
            continue
        if found[scale]:
            return Trait(scale, f"cues for {scale} scale: {_quote(found[scale])}")
    return Trait("team", "no cue says how many people use it, so a single team is assumed", True)


def _users(text: Text, shape: str) -> Trait:
    for users, cues in lexicon.USER_CUES:
        found = [m for m in text.find(cues) if not m.negated]
        if found:
            return Trait(users, f"named in the description: {_quote(found)}")
    defaults = {"code-agent": "engineers", "ops-agent": "engineers", "internal-copilot": "internal staff"}
    if shape in defaults:
        return Trait(defaults[shape], f"the usual users of a {shape}", True)
    return Trait("unspecified", "the description does not say who uses it", True)


def _signals(text: Text) -> tuple[tuple[str, tuple[str, ...]], ...]:
    result = []
    for name in sorted(lexicon.SIGNAL_CUES):
        found = [m for m in text.find(lexicon.SIGNAL_CUES[name]) if not m.negated]
        if found:
            result.append((name, _unique_phrases(found)))
    return tuple(result)


def _risk(actions: list[Action]) -> Trait:
    top = max(actions, key=lambda a: lexicon.ACTION_KINDS.index(a.risk))
    if top.risk == "read-only":
        return Trait("read-only", "every action named only reads", top.assumed)
    return Trait(top.risk, f"the riskiest action is {top.risk}: {', '.join(repr(p) for p in top.phrases[:3])}".replace("'", '"'))


def _assumptions(profile: Profile, notes: list[str]) -> tuple[str, ...]:
    lines = []
    for label, trait in (("Shape", profile.shape), ("Autonomy", profile.autonomy),
                         ("Session length", profile.session_length), ("Scale", profile.scale),
                         ("Users", profile.users)):
        if trait.assumed:
            lines.append(f"{label}: assumed {trait.value} ({trait.reason}).")
    for action in profile.actions:
        if action.assumed:
            lines.append(f"Actions: assumed {action.risk} ({action.reason}).")
    lines.extend(notes)
    lines.append("One agent process with its own tools; nothing here needs a particular framework.")
    return tuple(lines)


def _approvers(description: str, thresholds: tuple[Threshold, ...]) -> tuple[tuple[str, str], ...]:
    """Everyone named as approving something, with how they are asked, threshold approvers first."""
    found = [(t.approver, t.channel) for t in thresholds if t.approver]
    for sentence in re.split(r"(?<=[.!?;])\s+", unwrap(description)):
        who, channel = approver(sentence)
        if who and who not in (w for w, _ in found):
            found.append((who, channel))
    return tuple(dict.fromkeys(found))


def _volumes(description: str) -> tuple[str, ...]:
    """ "about 300 small internal service repos": amounts of work, not durations."""
    found = (" ".join(m.group(0).split()) for m in re.finditer(lexicon.VOLUME, unwrap(description), re.I))
    return tuple(dict.fromkeys(v for v in found if not re.match(lexicon.DURATION, v)))


def derive_profile(description: str, *, source: str = "prompt", overrides: Overrides | None = None) -> Profile:
    """Read a description (and any answers given outright) into a Profile."""
    overrides = overrides or Overrides()
    description_read = " ".join((description, *overrides.notes)) if overrides.notes else description
    text = Text(unwrap(description_read))
    actions, ignored, constraints, notes = _actions(text)
    if overrides.actions:
        stated = {a.risk: a for a in overrides.actions}
        inferred = {} if overrides.actions_complete else {a.risk: a for a in actions}
        actions = [stated.get(kind) or inferred[kind] for kind in lexicon.ACTION_KINDS
                   if kind in stated or kind in inferred]
    if not actions:
        actions = [Action("read-only", (), "no action is named, so it is assumed to look things up and answer", True)]
    shape, components = _shape(text)
    if overrides.shape:
        shape, components = overrides.shape, ()
    autonomy = overrides.autonomy or _autonomy(text, shape.value, components)
    session = overrides.session_length or _session_length(text, shape.value, components, autonomy)
    multi = [m for m in text.find(lexicon.MULTI_AGENT_CUES) if not m.negated]
    thresholds, caps = read_limits(description_read)
    approvers = _approvers(description_read, thresholds)
    side_effects = tuple(a.risk for a in actions if a.risk != "read-only")
    implied = implied_needs(text, side_effects=side_effects,
                            waits_on_person=any(who and who != "you" for who, _ in approvers))
    profile = Profile(
        description=description,
        source=source,
        shape=shape,
        shape_components=components,
        actions=tuple(actions),
        risk=_risk(actions),
        autonomy=autonomy,
        session_length=session,
        scale=overrides.scale or _scale(text),
        users=overrides.users or _users(text, shape.value),
        multi_agent=Trait(bool(multi), f"asks for several agents: {_clauses(text, multi)}" if multi
                          else "one agent is enough for what is described"),
        signals=_signals(text),
        over_ambition=_unique_phrases(m for m in text.find(lexicon.OVER_AMBITION_CUES) if not m.negated),
        constraints=tuple(dict.fromkeys(list(overrides.constraints) + constraints)),
        ignored=tuple(dict.fromkeys(ignored)),
        thresholds=thresholds,
        spend_caps=caps,
        approvers=approvers,
        implied=implied,
        sensitive=sensitive_data(text),
        names=named_things(description_read),
        volumes=_volumes(description_read),
    )
    return replace(profile, assumptions=_assumptions(profile, notes))
