"""Transcript compaction: archive old turns, replace them with a model-written summary."""

from __future__ import annotations

from typing import Any

from codepilot.budget import Budget
from codepilot.config import Config
from codepilot.events import EventLog
from codepilot.session import SessionState, SessionStore

SUMMARY_PROMPT = """Summarise this part of a coding session for your own later use. Keep: files read and
changed (with paths), commands run and their outcome, decisions made, open problems. Be terse."""


def _render(messages: list[dict[str, Any]]) -> str:
    lines = []
    for m in messages:
        content = m["content"]
        if isinstance(content, str):
            lines.append(f"{m['role']}: {content}")
            continue
        for block in content:
            if block["type"] == "text":
                lines.append(f"{m['role']}: {block['text']}")
            elif block["type"] == "tool_use":
                lines.append(f"tool call {block['name']}: {block['input']}")
            elif block["type"] == "tool_result":
                lines.append(f"tool result: {str(block.get('content'))[:1500]}")
    return "\n".join(lines)


class Compactor:
    def __init__(self, config: Config, store: SessionStore, events: EventLog) -> None:
        self.config, self.store, self.events = config, store, events

    def should_compact(self, projected_input_tokens: int) -> bool:
        return projected_input_tokens >= self.config.compact_threshold_tokens

    def _cut_index(self, messages: list[dict[str, Any]]) -> int | None:
        """First kept message: an assistant turn, so no tool_result is separated from its tool_use."""
        cut = max(1, len(messages) - self.config.keep_recent_messages)
        while cut < len(messages) and messages[cut]["role"] != "assistant":
            cut += 1
        return cut if 1 < cut < len(messages) else None

    def compact(self, state: SessionState, client: Any, budget: Budget) -> dict[str, Any] | None:
        cut = self._cut_index(state.messages)
        if cut is None:
            return None
        task, dropped, recent = state.messages[0], state.messages[1:cut], state.messages[cut:]
        response = client.messages.create(
            model=self.config.model, max_tokens=1500, system=SUMMARY_PROMPT,
            messages=[{"role": "user", "content": _render(dropped)}],
        )
        budget.record(response.usage.input_tokens, response.usage.output_tokens, counts_as_turn=False)
        summary = "".join(b.text for b in response.content if b.type == "text")
        # Persist what is about to be dropped before touching the live transcript.
        where = self.store.archive(state.session_id, dropped, summary)
        task_text = task["content"] if isinstance(task["content"], str) else _render([task])
        state.messages = [{"role": "user", "content": f"{task_text}\n\n<earlier-work-summary>\n{summary}\n"
                                                      f"</earlier-work-summary>"}] + recent
        record = {**where, "at_turn": budget.turns, "kept": len(recent)}
        state.compactions.append(record)
        self.store.save(state)
        self.events.emit("context", "compacted", **record)
        return record
