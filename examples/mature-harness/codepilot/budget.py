"""Hard limits on turns and tokens, checked before every model call."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Budget:
    max_turns: int
    max_total_tokens: int
    max_output_tokens: int
    turns: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def used(self) -> int:
        return self.input_tokens + self.output_tokens

    def check(self, projected_input_tokens: int) -> str | None:
        """Stop reason if the next call would break a limit, else None."""
        if self.turns >= self.max_turns:
            return "max_turns"
        if self.used + projected_input_tokens + self.max_output_tokens > self.max_total_tokens:
            return "token_budget"
        return None

    def record(self, input_tokens: int, output_tokens: int, *, counts_as_turn: bool = True) -> None:
        self.turns += int(counts_as_turn)
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens

    def snapshot(self) -> dict[str, int]:
        return {"turns": self.turns, "input_tokens": self.input_tokens, "output_tokens": self.output_tokens}
