"""Tools as data: every capability has a name, description, schema, risk and source."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable


class Risk(str, enum.Enum):
    READ = "read"
    WRITE = "write"
    DESTRUCTIVE = "destructive"


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    input_schema: dict[str, Any]
    risk: Risk
    handler: Callable[..., str] = field(compare=False, repr=False)
    source: str = "builtin"

    def to_api(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "input_schema": self.input_schema}


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, ToolSpec] = {}

    def register(self, spec: ToolSpec) -> None:
        if spec.name in self._tools:
            raise ValueError(f"duplicate tool {spec.name!r}")
        self._tools[spec.name] = spec

    def get(self, name: str) -> ToolSpec | None:
        return self._tools.get(name)

    def list(self) -> list[ToolSpec]:
        return sorted(self._tools.values(), key=lambda s: s.name)

    def filter(self, *, risk: Iterable[Risk] | None = None, source: str | None = None) -> list[ToolSpec]:
        risks = set(risk) if risk is not None else None
        return [s for s in self.list()
                if (risks is None or s.risk in risks) and (source is None or s.source == source)]

    def api_schemas(self) -> list[dict[str, Any]]:
        return [s.to_api() for s in self.list()]
