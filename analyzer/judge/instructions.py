"""Agent instruction files judged as their readers load them.

Claude Code reads CLAUDE.md (and CLAUDE.local.md) in the working folder and every parent up to
the repository root, plus files imported with `@path`. Codex joins AGENTS.md files from the
project root down to the working folder (AGENTS.override.md wins in its folder) and stops at
`project_doc_max_bytes`. So "does this file say how to verify work" is asked of the file
together with what its reader also loads, and the Codex byte limit is counted over the chain.
"""

from __future__ import annotations

import posixpath

from analyzer.facts.agent_config.codex import DOC_LIMIT_SIGNAL
from analyzer.facts.model import FileFacts
from analyzer.facts.vocabulary import load_vocabulary
from analyzer.finding_factory import FindingFactory
from analyzer.judge.doc_findings import documents
from analyzer.judge.scope import Scope

CODEX_DOC_LIMIT = 32 * 1024  # Codex's default project_doc_max_bytes
CLAUDE_MD_LINE_TARGET = 200  # Claude Code memory docs: "target under 200 lines per CLAUDE.md file"
MAX_IMPORT_DEPTH = 5  # Claude Code follows imports up to five hops


def _folder(path: str) -> str:
    return posixpath.dirname(path)


def _ancestors(path: str, family: str, files: dict[str, FileFacts]) -> list[FileFacts]:
    """Instruction files of the same reader in the folders above `path`, nearest last."""
    chain = []
    for other_path, other in files.items():
        if other_path == path or other.doc.family != family:
            continue
        folder = _folder(other_path)
        if folder == "" or _folder(path).startswith(folder + "/") or (folder == _folder(path) and family == "claude"):
            chain.append(other)
    return sorted(chain, key=lambda f: (f.path.count("/"), f.path))


def _loaded_with(facts: FileFacts, files: dict[str, FileFacts], markdown: dict[str, FileFacts]) -> tuple[list[FileFacts], bool]:
    """The file, its same-reader ancestors and everything they import; and whether every
    import could be read (an import of an unscanned file leaves the answer unknown)."""
    loaded: dict[str, FileFacts] = {}
    complete = True
    queue = [(f, 0) for f in _ancestors(facts.path, facts.doc.family, files) + [facts]]
    while queue:
        current, depth = queue.pop(0)
        if current.path in loaded:
            continue
        loaded[current.path] = current
        for target in current.doc.imports if current.doc else ():
            if target in markdown:
                if depth < MAX_IMPORT_DEPTH:
                    queue.append((markdown[target], depth + 1))
            else:
                complete = False
    return list(loaded.values()), complete


def instruction_findings(factory: FindingFactory, scope: Scope) -> None:
    vocab = load_vocabulary()
    markdown = {f.path: f for f in documents(scope)}
    files = {p: f for p, f in markdown.items() if f.doc.role == "instructions"}
    for path, facts in sorted(files.items()):
        loaded, complete = _loaded_with(facts, files, markdown)
        if complete and not any(f.doc.verify for f in loaded):
            factory.rule("HA201", path, 1, "", "verify", confidence="medium")  # read from prose
        covered = {topic for f in loaded for topic in f.doc.prohibitions}
        missing = [topic for topic in vocab.topics if topic not in covered]
        if complete and missing:
            factory.rule("HA202", path, 1, "nothing forbidden about: " + ", ".join(missing),
                         "never:" + ",".join(missing), confidence="medium")
        if facts.doc.family == "claude" and facts.doc.line_count > CLAUDE_MD_LINE_TARGET:
            factory.rule("HA206", path, CLAUDE_MD_LINE_TARGET + 1, f"{facts.doc.line_count} lines", "size",
                         confidence="high")
    _codex_limit(factory, scope, files)


def _codex_limit(factory: FindingFactory, scope: Scope, files: dict[str, FileFacts]) -> None:
    limit = CODEX_DOC_LIMIT
    for signal in scope.signals:
        if signal.startswith(DOC_LIMIT_SIGNAL):
            limit = int(signal[len(DOC_LIMIT_SIGNAL):])
    if limit <= 0:
        return  # Codex reads no project docs at all
    agents = {p: f for p, f in files.items() if f.doc.family == "codex"}
    by_folder: dict[str, FileFacts] = {}
    for path, facts in sorted(agents.items()):
        folder = _folder(path)
        # One file per folder: AGENTS.override.md wins over AGENTS.md.
        if folder not in by_folder or path.endswith("AGENTS.override.md"):
            by_folder[folder] = facts
    reported: set[str] = set()
    for folder, facts in sorted(by_folder.items()):
        chain = [f for other, f in by_folder.items()
                 if other == "" or folder == other or folder.startswith(other + "/")]
        chain.sort(key=lambda f: (_folder(f.path).count("/") if _folder(f.path) else -1, f.path))
        total = 0
        for member in chain:
            if total + member.doc.size_bytes > limit:
                if member.path not in reported:
                    reported.add(member.path)
                    size = sum(f.doc.size_bytes for f in chain)
                    detail = f"{size:,} bytes from the project root down, limit {limit:,}"
                    factory.rule("HA203", member.path, member.doc.line_at(limit - total), detail, "limit",
                                 confidence="high")
                break
            total += member.doc.size_bytes
