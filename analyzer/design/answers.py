"""Design answers given as YAML (`harness-audit design --from answers.yaml`).

```yaml
does: Answers customer questions about orders and issues refunds up to $50.   # required
users: customers on our web shop
actions:                      # strings are read like the prompt; mappings say the risk outright
  - look up orders
  - {name: issue refunds, risk: money}
side_effects: [emails a receipt]
autonomy: human-in-the-loop   # or autonomous
session_length: short         # single-turn | short | long | multi-day
scale: public                 # personal | team | organisation | public
shape: chat-assistant         # optional: overrides the inferred shape
constraints: [refunds over $50 need a manager]
```

Errors name the file and line (`answers.yaml:4: autonomy must be one of ...`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from analyzer.design import lexicon
from analyzer.input_file import InputFileError, parse_bounded, read_input_text
from analyzer.design.profile import AUTONOMY_VALUES, SHAPE_VALUES, Action, Overrides, Trait

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes, faster
KEYS = ("does", "users", "actions", "side_effects", "autonomy", "session_length", "scale", "shape",
        "constraints")
CHOICES = {
    "autonomy": AUTONOMY_VALUES,
    "session_length": lexicon.SESSION_LENGTHS,
    "scale": lexicon.SCALES,
    "shape": SHAPE_VALUES,
}


class AnswersError(Exception):
    """A malformed answers file. `str()` reads `path:line: message`."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Answers:
    description: str          # the text the cue rules read
    overrides: Overrides


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node, path: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        raise AnswersError(path, _line(node), f"{what} must be text")
    value = " ".join(str(node.value).split())
    if not value:
        raise AnswersError(path, _line(node), f"{what} must not be empty")
    return value


def _texts(node: yaml.Node, path: str, what: str) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.ScalarNode):
        return [(_text(node, path, what), node)]
    if not isinstance(node, yaml.SequenceNode):
        raise AnswersError(path, _line(node), f"{what} must be text or a list of texts")
    return [(_text(item, path, f"{what} item"), item) for item in node.value]


def _choice(node: yaml.Node, path: str, key: str) -> str:
    value = _text(node, path, key).lower().replace("_", "-").replace(" ", "-")
    value = {"organization": "organisation", "human": "human-in-the-loop", "hitl": "human-in-the-loop"}.get(value, value)
    if value not in CHOICES[key]:
        raise AnswersError(path, _line(node), f"{key} must be one of {', '.join(CHOICES[key])}, not {node.value!r}")
    return value


def _actions(node: yaml.Node, path: str, key: str) -> tuple[list[str], list[Action]]:
    """Free-text actions (read by the cue rules) and actions whose risk is stated."""
    if isinstance(node, yaml.ScalarNode):
        return [_text(node, path, key)], []
    if not isinstance(node, yaml.SequenceNode):
        raise AnswersError(path, _line(node), f"{key} must be a list")
    texts, stated = [], []
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            fields = {}
            for k, v in item.value:
                if k.value not in ("name", "risk"):
                    raise AnswersError(path, _line(k), f"{key} item: unknown key {k.value!r} (allowed: name, risk)")
                fields[k.value] = v
            if "name" not in fields or "risk" not in fields:
                raise AnswersError(path, _line(item), f"{key} item needs both name and risk")
            name = _text(fields["name"], path, f"{key} name")
            risk = _text(fields["risk"], path, f"{key} risk").lower()
            if risk not in lexicon.ACTION_KINDS:
                raise AnswersError(path, _line(fields["risk"]),
                                   f"{key} risk must be one of {', '.join(lexicon.ACTION_KINDS)}, not {risk!r}")
            stated.append(Action(risk, (name,), f"stated in {path}:{_line(item)}"))
            texts.append(name)
        else:
            texts.append(_text(item, path, f"{key} item"))
    return texts, stated


def load_answers(path: str | Path) -> Answers:
    """Read and validate an answers file; raise AnswersError naming the line of any problem."""
    name = str(path)
    try:
        source = read_input_text(path, "answers file")
        root = parse_bounded(lambda: yaml.compose(source, Loader=_LOADER), "answers file")
    except InputFileError as error:
        raise AnswersError(name, error.line, error.message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        raise AnswersError(name, mark.line + 1 if mark else 1,
                           f"invalid YAML: {getattr(error, 'problem', None) or error}") from None
    if root is None:
        raise AnswersError(name, 1, "answers file is empty")
    if not isinstance(root, yaml.MappingNode):
        raise AnswersError(name, _line(root), "answers must be a mapping of question: answer")
    fields: dict[str, yaml.Node] = {}
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in KEYS:
            raise AnswersError(name, _line(key), f"unknown key {getattr(key, 'value', key)!r} (allowed: {', '.join(KEYS)})")
        if key.value in fields:
            raise AnswersError(name, _line(key), f"duplicate key {key.value!r}")
        fields[key.value] = value
    if "does" not in fields:
        raise AnswersError(name, 1, "missing key 'does' (what the agent does)")

    sentences = [_text(fields["does"], name, "does")]
    stated: list[Action] = []
    for key in ("actions", "side_effects"):
        if key in fields:
            texts, more = _actions(fields[key], name, key)
            sentences.extend(texts)
            stated.extend(more)
    users = None
    if "users" in fields:
        users_text = _text(fields["users"], name, "users")
        sentences.append(f"Used by {users_text}.")
        users = Trait(users_text, f"stated in {name}:{_line(fields['users'])}")
    constraints = [text for text, _ in _texts(fields["constraints"], name, "constraints")] if "constraints" in fields else []
    sentences.extend(constraints)

    def stated_choice(key: str) -> Trait | None:
        if key not in fields:
            return None
        return Trait(_choice(fields[key], name, key), f"stated in {name}:{_line(fields[key])}")

    overrides = Overrides(
        shape=stated_choice("shape"),
        actions=(),
        autonomy=stated_choice("autonomy"),
        session_length=stated_choice("session_length"),
        scale=stated_choice("scale"),
        users=users,
        constraints=tuple(constraints),
    )
    description = " ".join(s if s.endswith((".", "!", "?")) else s + "." for s in sentences)
    return Answers(description=description, overrides=_with_stated_actions(overrides, stated))


def _with_stated_actions(overrides: Overrides, stated: list[Action]) -> Overrides:
    """Stated risks are merged per risk level; free-text actions are still read by the cue rules."""
    if not stated:
        return overrides
    merged: dict[str, Action] = {}
    for action in stated:
        if action.risk in merged:
            previous = merged[action.risk]
            merged[action.risk] = Action(action.risk, previous.phrases + action.phrases, previous.reason)
        else:
            merged[action.risk] = action
    return replace(overrides, actions=tuple(merged.values()))
