"""Typed events the harness yields to its caller (CLI, UI, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union


@dataclass
class RunStarted:
    session_id: str
    resumed: bool


@dataclass
class TextDelta:
    text: str


@dataclass
class ToolSelected:
    tool_use_id: str
    name: str
    input: dict[str, Any]


@dataclass
class ToolResult:
    tool_use_id: str
    name: str
    is_error: bool
    content: str


@dataclass
class UsageUpdate:
    input_tokens: int
    output_tokens: int
    total_tokens: int
    turns: int


@dataclass
class Compacted:
    dropped_messages: int
    archive: str


@dataclass
class VerificationResult:
    ok: bool
    command: str
    output: str


@dataclass
class RunCompleted:
    stop_reason: str
    text: str


@dataclass
class RunStopped:
    """A limit ended the run cleanly; the session can be resumed with a larger budget."""

    reason: str
    detail: str


@dataclass
class RunFailed:
    reason: str  # "api_error" | "internal_error"
    message: str


StreamEvent = Union[RunStarted, TextDelta, ToolSelected, ToolResult, UsageUpdate, Compacted,
                    VerificationResult, RunCompleted, RunStopped, RunFailed]
