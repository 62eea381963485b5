"""System event log: what the harness did, as JSONL, separate from the transcript."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any


class EventLog:
    def __init__(self, path: str | Path, session_id: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.session_id = session_id
        self.counts: dict[str, int] = {}

    def emit(self, category: str, action: str, **details: Any) -> None:
        key = f"{category}.{action}"
        self.counts[key] = self.counts.get(key, 0) + 1
        entry = {"ts": time.time(), "session_id": self.session_id, "category": category, "action": action,
                 "details": details}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, default=str) + "\n")
