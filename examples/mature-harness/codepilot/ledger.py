"""Queryable store of every permission decision: who allowed what, when and why."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from codepilot.permissions import PermissionDecision

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL, tool TEXT NOT NULL, tool_use_id TEXT NOT NULL, input TEXT NOT NULL,
    risk TEXT NOT NULL, allowed INTEGER NOT NULL, decided_by TEXT NOT NULL, handler TEXT NOT NULL,
    reason TEXT NOT NULL, ts REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_session ON decisions(session_id, ts);
"""


class PermissionLedger:
    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path))
        self.conn.row_factory = sqlite3.Row
        self.conn.executescript(SCHEMA)

    def record(self, decision: PermissionDecision) -> None:
        rec = decision.to_record()
        cols = ", ".join(rec)
        self.conn.execute(f"INSERT INTO decisions ({cols}) VALUES ({', '.join('?' * len(rec))})", list(rec.values()))
        self.conn.commit()

    def query(self, *, session_id: str | None = None, tool: str | None = None, allowed: bool | None = None,
              decided_by: str | None = None, since: float | None = None, limit: int = 200) -> list[dict[str, Any]]:
        clauses, params = [], []
        for column, value in (("session_id", session_id), ("tool", tool), ("decided_by", decided_by)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if allowed is not None:
            clauses.append("allowed = ?")
            params.append(int(allowed))
        if since is not None:
            clauses.append("ts >= ?")
            params.append(since)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(f"SELECT * FROM decisions {where} ORDER BY ts DESC LIMIT ?", [*params, limit])
        return [dict(r) for r in rows]
