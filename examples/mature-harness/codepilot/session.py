"""Whole-session checkpoints: transcript, usage, workflow, tool results and config, in one JSON file."""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SessionState:
    session_id: str
    created_at: float
    config: dict[str, Any]
    messages: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=lambda: {"turns": 0, "input_tokens": 0, "output_tokens": 0})
    workflow: dict[str, Any] = field(default_factory=lambda: {"phase": "planning", "files_changed": False,
                                                               "verify_attempts": 0})
    tool_results: dict[str, dict[str, Any]] = field(default_factory=dict)  # tool_use_id -> result (done-set)
    compactions: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str | None = None
    saved_at: float = 0.0

    @classmethod
    def new(cls, config: dict[str, Any]) -> "SessionState":
        return cls(session_id=uuid.uuid4().hex[:12], created_at=time.time(), config=config)


class SessionStore:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, session_id: str, suffix: str = ".json") -> Path:
        return self.directory / f"{session_id}{suffix}"

    def save(self, state: SessionState) -> None:
        state.saved_at = time.time()
        target = self._path(state.session_id)
        tmp = target.with_name(target.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(asdict(state), fh, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def load(self, session_id: str) -> SessionState:
        path = self._path(session_id)
        if not path.exists():
            raise FileNotFoundError(f"no session {session_id!r} in {self.directory}")
        return SessionState(**json.loads(path.read_text(encoding="utf-8")))

    def archive(self, session_id: str, messages: list[dict[str, Any]], summary: str) -> dict[str, Any]:
        """Append messages about to be compacted away; returns where they went."""
        path = self._path(session_id, ".archive.jsonl")
        with path.open("a", encoding="utf-8") as fh:
            offset = fh.tell()
            fh.write(json.dumps({"ts": time.time(), "summary": summary, "messages": messages}, default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return {"archive": path.name, "offset": offset, "dropped": len(messages)}

    def list_ids(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.json"))
