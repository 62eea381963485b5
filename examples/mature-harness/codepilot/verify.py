"""Level-1 verification: after the model says it is done, run the project's own checks."""

from __future__ import annotations

import subprocess


class Verifier:
    def __init__(self, command: str, workspace: str, timeout: int = 900) -> None:
        self.command, self.workspace, self.timeout = command, workspace, timeout

    def run(self) -> tuple[bool, str]:
        try:
            proc = subprocess.run(self.command, shell=True, cwd=self.workspace, capture_output=True, text=True,
                                  timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return False, f"`{self.command}` timed out after {self.timeout}s"
        return proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
