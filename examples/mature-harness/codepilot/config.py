"""Configuration: defaults, overridden by codepilot.toml in the workspace, then by the environment."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


@dataclass
class Config:
    model: str = "claude-sonnet-4-5"
    workspace: str = "."
    home: str = ".codepilot"
    max_turns: int = 40
    max_total_tokens: int = 1_500_000
    max_output_tokens: int = 4096
    compact_threshold_tokens: int = 100_000
    keep_recent_messages: int = 8
    verify_command: str | None = None
    max_verify_attempts: int = 2
    auto_approve_writes: bool = False
    safe_shell_prefixes: list[str] = field(default_factory=lambda: [
        "ls", "cat", "head", "wc", "rg", "grep", "git status", "git diff", "git log", "pytest", "python -m pytest",
    ])

    @classmethod
    def load(cls, workspace: str = ".") -> "Config":
        cfg = cls(workspace=str(Path(workspace).resolve()))
        toml_path = Path(cfg.workspace) / "codepilot.toml"
        if toml_path.exists():
            data = tomllib.loads(toml_path.read_text())
            known = {f.name for f in fields(cls)}
            unknown = set(data) - known
            if unknown:
                raise ValueError(f"unknown keys in codepilot.toml: {sorted(unknown)}")
            for key, value in data.items():
                setattr(cfg, key, value)
        for f in fields(cls):
            env = os.environ.get(f"CODEPILOT_{f.name.upper()}")
            if env is not None and f.type in ("int", "str", "str | None"):
                setattr(cfg, f.name, int(env) if f.type == "int" else env)
        if not os.path.isabs(cfg.home):
            cfg.home = str(Path(cfg.workspace) / cfg.home)
        return cfg

    def to_dict(self) -> dict:
        return asdict(self)
