"""Shell tool. Classification and approval happen in the permission gate, not here."""

from __future__ import annotations

import subprocess


def run_shell(root: str, command: str, timeout: int = 300) -> str:
    try:
        proc = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout}s"
    out = (proc.stdout + proc.stderr)[-12_000:]
    return f"exit {proc.returncode}\n{out}"
