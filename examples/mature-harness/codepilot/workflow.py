"""Where the run is, as opposed to what was said. Every transition is checkpointed by the loop."""

from __future__ import annotations

import enum


class Phase(str, enum.Enum):
    PLANNING = "planning"              # next step is a model call
    EXECUTING = "executing"            # running the tool calls of the last assistant message
    AWAITING_APPROVAL = "awaiting_approval"  # blocked on a human decision
    VERIFYING = "verifying"            # running the project's verify command
    DONE = "done"
    STOPPED = "stopped"                # a budget limit; resumable
    FAILED = "failed"                  # API or harness error; resumable


TRANSITIONS: dict[Phase, set[Phase]] = {
    Phase.PLANNING: {Phase.PLANNING, Phase.EXECUTING, Phase.VERIFYING, Phase.DONE, Phase.STOPPED, Phase.FAILED},
    Phase.EXECUTING: {Phase.EXECUTING, Phase.AWAITING_APPROVAL, Phase.PLANNING, Phase.FAILED},
    Phase.AWAITING_APPROVAL: {Phase.AWAITING_APPROVAL, Phase.EXECUTING, Phase.PLANNING, Phase.FAILED},
    Phase.VERIFYING: {Phase.PLANNING, Phase.DONE, Phase.FAILED},
    Phase.DONE: {Phase.PLANNING, Phase.EXECUTING},
    Phase.STOPPED: {Phase.PLANNING, Phase.EXECUTING, Phase.STOPPED, Phase.FAILED},
    Phase.FAILED: {Phase.PLANNING, Phase.EXECUTING, Phase.FAILED},
}


class IllegalTransition(RuntimeError):
    pass


def check_transition(current: Phase, new: Phase) -> None:
    if new not in TRANSITIONS[current]:
        raise IllegalTransition(f"{current.value} -> {new.value}")
