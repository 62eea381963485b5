"""Python checks. Every module in this package is imported, and its `@python_check` classes run."""

from __future__ import annotations

import importlib
import pkgutil


from analyzer.facts.check import FactWriter, PythonCheck, registered
from analyzer.facts.model import FileFacts
from analyzer.parse.python import ParseFailure, parse_python
from analyzer.project.summary import summarize
from analyzer.facts.python.anatomy_sites import anatomy_sites


_LOADED: list[type[PythonCheck]] = []


def load_checks() -> list[type[PythonCheck]]:
    """Import every check module of this package once; return the registered checks by id."""
    if not _LOADED:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            importlib.import_module(f"{__name__}.{info.name}")
        _LOADED.extend(registered("python"))
    return list(_LOADED)


def analyze_python(source: str, path: str, checks: list[type[PythonCheck]] | None = None) -> FileFacts:
    """Facts for one Python file. A file libcst cannot parse comes back with `skipped` set."""
    facts = FileFacts(path=path, kind="python")
    try:
        module = parse_python(source, path)
    except ParseFailure as failure:
        facts.skipped, facts.skipped_line = str(failure), failure.line
        return facts
    for check in checks if checks is not None else load_checks():
        check().run(module, FactWriter(module, facts, check.id))
    facts.sort()
    facts.summary = summarize(module, facts.exposures, anatomy_sites(module))
    return facts
