"""A scripted stand-in for anthropic.Anthropic so the harness runs offline."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from codepilot.config import Config
from codepilot.events import EventLog
from codepilot.ledger import PermissionLedger
from codepilot.loop import Harness
from codepilot.permissions import HeadlessHandler, PermissionGate
from codepilot.session import SessionState, SessionStore
from codepilot.tools import builtin_registry


class Block(SimpleNamespace):
    def model_dump(self, exclude_none: bool = False) -> dict:
        return dict(self.__dict__)


def text_reply(text: str = "All done."):
    return SimpleNamespace(content=[Block(type="text", text=text)], stop_reason="end_turn",
                           usage=SimpleNamespace(input_tokens=500, output_tokens=20))


def tool_reply(name: str, tool_input: dict, tool_use_id: str = "tu_1"):
    return SimpleNamespace(content=[Block(type="tool_use", id=tool_use_id, name=name, input=tool_input)],
                           stop_reason="tool_use", usage=SimpleNamespace(input_tokens=500, output_tokens=20))


class _Stream:
    def __init__(self, message):
        self.message = message

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        for block in self.message.content:
            if block.type == "text":
                yield SimpleNamespace(type="text", text=block.text)

    def get_final_message(self):
        return self.message


class FakeMessages:
    def __init__(self, replies, input_tokens=1_000):
        self.replies, self.input_tokens, self.calls = list(replies), input_tokens, 0

    def count_tokens(self, **kwargs):
        return SimpleNamespace(input_tokens=self.input_tokens)

    def stream(self, **kwargs):
        self.calls += 1
        return _Stream(self.replies.pop(0) if len(self.replies) > 1 else self.replies[0])

    def create(self, **kwargs):  # used for compaction summaries
        return SimpleNamespace(content=[Block(type="text", text="summary of earlier work")],
                               usage=SimpleNamespace(input_tokens=100, output_tokens=10))


@pytest.fixture
def config(tmp_path) -> Config:
    ws = tmp_path / "ws"
    ws.mkdir()
    return Config(workspace=str(ws), home=str(tmp_path / "home"), max_turns=4)


@pytest.fixture
def make_harness(config):
    def _make(replies, *, handler=None, input_tokens=1_000, state=None):
        state = state or SessionState.new(config.to_dict())
        home = Path(config.home)
        events = EventLog(home / "events.jsonl", state.session_id)
        gate = PermissionGate(config, handler or HeadlessHandler(), PermissionLedger(home / "permissions.db"), events)
        client = SimpleNamespace(messages=FakeMessages(replies, input_tokens))
        return Harness(client, config, builtin_registry(config.workspace), gate, SessionStore(home / "sessions"),
                       events, state)

    return _make
