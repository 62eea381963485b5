"""Facts for every discovered file: from the cache when the file is unchanged, else analysed,
in a pool of processes when there is enough to do. The result is in discovery order, whatever
finished first, so the report does not depend on the cache or on `jobs`."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Sequence

from analyzer.budget import FileBudget
from analyzer.discover import SourceFile
from analyzer.facts.extract import all_checks, extract_bytes, read_source
from analyzer.facts.model import FileFacts
from analyzer.pipeline.cache import FactCache, file_key
from analyzer.pipeline.progress import Progress

# Below this many files to analyse, starting processes costs more than it saves.
_POOL_THRESHOLD = 8
# Files per task sent to a worker: large enough to amortise the hand-over, small enough to balance.
_CHUNK_BYTES = 256_000


@dataclass
class CollectStats:
    """What a run did per file; `--cache-stats` prints it."""

    files: int = 0
    analysed: int = 0  # parsed and checked in this run
    cached: int = 0  # served from the cache
    skipped: int = 0  # not read (too big, unreadable, no reader)
    rejected: int = 0  # cache entries that were corrupt (analysed again and rewritten)
    jobs: int = 1

    def line(self) -> str:
        return (f"{self.files} files: {self.analysed} analysed, {self.cached} from cache, {self.skipped} not read"
                + (f", {self.rejected} corrupt cache entries replaced" if self.rejected else "")
                + f" ({self.jobs} job{'s' if self.jobs != 1 else ''})")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def collect(files: Sequence[SourceFile], jobs: int = 1, cache: FactCache | None = None,
            progress: Progress | None = None, stats: CollectStats | None = None,
            budget: FileBudget = FileBudget()) -> list[FileFacts]:
    stats = stats if stats is not None else CollectStats()
    progress = progress if progress is not None else Progress(0, enabled=False)
    stats.files = len(files)
    results: list[FileFacts | None] = [None] * len(files)
    todo: list[tuple[int, bytes, str]] = []  # (position, bytes, cache key)
    for position, source in enumerate(files):
        raw = read_source(source)
        if isinstance(raw, FileFacts):
            results[position] = raw
            stats.skipped += 1
            progress.advance()
            continue
        key = file_key(source.relpath, source.kind, raw) if cache is not None else ""
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            results[position] = cached
            stats.cached += 1
            progress.advance()
        else:
            todo.append((position, raw, key))
    stats.analysed = len(todo)
    stats.jobs = jobs if jobs > 1 and len(todo) >= _POOL_THRESHOLD else 1
    for position, facts in _analyse(files, todo, stats.jobs, progress, budget):
        results[position] = facts
    if cache is not None:
        stats.rejected = cache.rejected
        for position, _, key in todo:
            facts = results[position]
            if facts is not None and not facts.skipped:  # a failure may be this machine's (depth, memory): not kept
                cache.put(key, facts)
    progress.close()
    return [facts for facts in results if facts is not None]


def _analyse(files: Sequence[SourceFile], todo: list[tuple[int, bytes, str]], jobs: int, progress: Progress,
             budget: FileBudget):
    if jobs <= 1:
        for position, raw, _ in todo:
            yield position, extract_bytes(files[position], raw, budget)
            progress.advance()
        return
    tasks = _chunks([(position, files[position], raw) for position, raw, _ in todo], jobs)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=_context(),
                             initializer=_load_checks) as pool:
        futures = [pool.submit(_extract_chunk, task, budget) for task in tasks]
        for future in as_completed(futures):
            done = future.result()
            for position, facts in done:
                yield position, facts
            progress.advance(len(done))


def _chunks(items: list[tuple[int, SourceFile, bytes]], jobs: int) -> list[list[tuple[int, SourceFile, bytes]]]:
    """Biggest files first (so no worker is left with a big one at the end), a few per task."""
    ordered = sorted(items, key=lambda item: (-len(item[2]), item[0]))
    limit = max(_CHUNK_BYTES, 1)
    chunks: list[list[tuple[int, SourceFile, bytes]]] = []
    current: list[tuple[int, SourceFile, bytes]] = []
    size = 0
    for item in ordered:
        current.append(item)
        size += len(item[2])
        if size >= limit or len(current) >= max(1, len(items) // (jobs * 4)):
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _extract_chunk(task: list[tuple[int, SourceFile, bytes]], budget: FileBudget) -> list[tuple[int, FileFacts]]:
    return [(position, extract_bytes(source, raw, budget)) for position, source, raw in task]


def _load_checks() -> None:
    all_checks()  # import every check module once per worker, not per file


def _context():
    # fork starts a worker without importing the analyser again; elsewhere the platform default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
