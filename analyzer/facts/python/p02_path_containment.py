"""P2 gate, the file half: a path restriction that refuses a path outside the workspace before a file is
touched. It decides about the call's own argument and can stop it, but only for the file operations that
ask it: weak evidence of a gate (the rubric's "a gate that wraps some tools" is partial). Counted only when
the function is reachable from an entry point (the project model)."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.discover import is_test_path
from analyzer.parse.python import PythonModule, call_tail, find_all

# Calls that turn a path into its real, absolute form (symlinks and `..` resolved).
_RESOLVE = {"realpath", "abspath", "resolve", "normpath", "absolute"}
# Tests that the resolved path lies under a base directory.
_CONTAINMENT = {"startswith", "is_relative_to", "commonpath", "relative_to"}


@python_check
class PathContainment(PythonCheck):
    """A function that resolves a path argument (`realpath`, `Path.resolve()`) and refuses it, by raising,
    when it falls outside a base directory (`startswith(BASE)`, `is_relative_to(root)`, `commonpath`).
    A `startswith` on the raw, unresolved path is not one: `../` walks out of it."""

    id = "p2.path-containment"
    emits = ("P2/gate",)
    POSITIVE = (
        Example("""
import os
BASE_DIR = os.path.realpath(os.getcwd())

def safe_path(path: str) -> str:
    full_path = os.path.realpath(os.path.join(BASE_DIR, path))
    if not full_path.startswith(BASE_DIR):
        raise ValueError(f"Access denied: {full_path} is outside {BASE_DIR}")
    return full_path
""", strength="weak", line=7, message="safe_path() refuses a path outside the base directory before the file is "
                                      "touched; only file operations that call it are checked"),
        Example("""
from pathlib import Path

class Vault:
    def __init__(self, root: Path):
        self.root = root.resolve()

    def validate_path(self, path: str) -> Path:
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root):
            raise PermissionError(path)
        return full
""", strength="weak"),
    )
    NEGATIVE = (
        # The raw path is compared: `notes/../../etc/passwd` starts with `notes/`.
        """
def check(path: str) -> str:
    if not path.startswith("notes/"):
        raise ValueError(path)
    return path
""",
        # Resolved and compared, but nothing refuses: the result is only logged.
        """
import logging
import os

def where(path: str, base: str) -> str:
    full = os.path.realpath(path)
    if not full.startswith(base):
        logging.warning("outside the workspace: %s", full)
    return full
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for function in module.functions:
            params = {p.name.value for p in function.params.params} - {"self", "cls"}
            resolved = self._resolved_names(function, params)
            if not resolved:
                continue
            for guard in find_all(function, cst.If):
                tests = [c for c in find_all(guard.test, cst.Call) if call_tail(c) in _CONTAINMENT]
                if not any({n.value for n in find_all(c, cst.Name)} & resolved for c in tests):
                    continue
                if find_all(guard.body, cst.Raise):
                    out.evidence("P2", "gate", guard, f"{function.name.value}() refuses a path outside the base "
                                 "directory before the file is touched; only file operations that call it are "
                                 "checked", "weak")
                    return

    def _resolved_names(self, function: cst.FunctionDef, params: set[str]) -> set[str]:
        """Local names holding a resolved form of a parameter: `full = os.path.realpath(join(BASE, path))`."""
        found = set()
        for assign in find_all(function, cst.Assign):
            calls = find_all(assign.value, cst.Call)
            if not any(call_tail(c) in _RESOLVE for c in calls):
                continue
            if not {n.value for n in find_all(assign.value, cst.Name)} & params:
                continue
            for target in assign.targets:
                if isinstance(target.target, cst.Name):
                    found.add(target.target.value)
        return found
