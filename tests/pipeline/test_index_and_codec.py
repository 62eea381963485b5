"""The one-pass tree index reports every node's lines exactly as libcst's PositionProvider does,
and cached facts come back equal to the facts that were stored (and only as our own types)."""

from __future__ import annotations

import io
import json

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from analyzer.discover import discover
from analyzer.facts.extract import extract
from analyzer.parse.tree_index import TreeIndex
from analyzer.pipeline.codec import DecodeError, decode, encode
from analyzer.pipeline.progress import Progress
from tests.conftest import FIXTURES

CORPUS = [FIXTURES / "projects" / "anthropic-careful-harness", FIXTURES / "holdout" / "agents-sdk-financial-research",
          FIXTURES / "docs" / "claude-setup-risky", FIXTURES / "docs" / "design-refunds"]
TRICKY = '''\
# a comment before the decorator
@tool(name="x")
@other
async def f(a, /, b=1, *args, c: "int" = 2, **kw) -> dict:  # trailing
    """doc
    string"""
    x = (1 +
         2) \\
        + 3
    return {f"{a!r:>{b}}": [y for y in args if y], **kw}


class C(Base, metaclass=M):
    def g(self): return lambda q: q
'''


def _files():
    return [s for s in discover(CORPUS).files]


@pytest.mark.parametrize("source", [TRICKY, "", "\n", "x = 1", "# only a comment\n"])
def test_index_lines_equal_position_provider_on_tricky_code(source):
    _assert_same_positions(cst.parse_module(source))


def test_index_lines_equal_position_provider_on_the_corpus():
    files = [s for s in _files() if s.kind == "python"]
    assert len(files) > 20
    for source in files:
        _assert_same_positions(cst.parse_module(source.path.read_text(encoding="utf-8")))


def _assert_same_positions(module: cst.Module) -> None:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = TreeIndex(module)
    assert len(index.nodes) == len(positions)
    for node, where in positions.items():
        assert index.line(node) == where.start.line, type(node).__name__
        assert index.end_line(node) == where.end.line, type(node).__name__


def test_facts_survive_the_cache_encoding():
    for source in _files():
        facts = extract(source)
        again = decode(json.loads(json.dumps(encode(facts))))
        assert again == facts, source.relpath
        assert again.summary == facts.summary


@pytest.mark.parametrize("data", [
    {"@": "os:system", "command": "true"},  # not our type
    {"@": "analyzer.parse.python:PythonModule", "source": ""},  # ours, but not a data class
    {"@": "analyzer.facts.model:Hit", "rule": "HA101"},  # missing fields
    {"@": "tuple"},
])
def test_decoding_builds_only_our_data_classes(data):
    with pytest.raises(DecodeError):
        decode(data)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_files_on_a_terminal_and_clears_its_line():
    stream = _Terminal()
    progress = Progress(3, stream=stream)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert "harness-audit: 3/3 files" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_silent_when_asked_or_not_a_terminal():
    for stream, enabled in ((_Terminal(), False), (io.StringIO(), True)):
        progress = Progress(3, stream=stream, enabled=enabled)
        progress.advance(3)
        progress.close()
        assert stream.getvalue() == ""


def test_the_suppression_prefilter_never_drops_a_directive():
    """A file is tokenized for directives only when its text mentions one; the full reading agrees everywhere."""
    from analyzer.suppress import _hash_comments, _markdown, _python, find_suppressions

    full = {"python": _python, "markdown": _markdown}
    sources = discover([FIXTURES]).files
    for source in sources:
        text = source.path.read_text(encoding="utf-8")
        assert find_suppressions(text, source.kind, source.relpath) == \
            full.get(source.kind, _hash_comments)(text, source.relpath)
    mixed = "x = run()  # Harness-Audit :  IGNORE[HA103] sandboxed\n"
    assert [s.ids for s in find_suppressions(mixed, "python", "a.py")] == [("HA103",)]
