"""File discovery honours .gitignore, skips environments and build output, and takes --exclude."""

from __future__ import annotations

from analyzer.discover import discover


def _paths(root, **kwargs):
    return [f.relpath for f in discover([root], **kwargs).files]


def test_walk_skips_ignored_environments_and_build_output(write_tree):
    root = write_tree({
        "agent/loop.py": "x = 1\n",
        "agent/generated.py": "x = 1\n",
        ".gitignore": "agent/generated.py\n*.log\nsecrets/\n",
        "secrets/keys.py": "x = 1\n",
        "node_modules/pkg/index.py": "x = 1\n",
        ".venv/lib/python3.11/site-packages/openai/__init__.py": "x = 1\n",
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/thing.py": "x = 1\n",
        "build/lib/agent.py": "x = 1\n",
        "pkg.egg-info/PKG-INFO.py": "x = 1\n",
        "README.md": "# not a design doc\n",
        "CLAUDE.md": "# rules\n",
        "docs/ARCHITECTURE.md": "# design\n",
        "sub/AGENTS.md": "# agents\n",
        ".claude/settings.json": "{}\n",
        ".mcp.json": "{}\n",
    })
    files = discover([root]).files
    assert [(f.relpath, f.kind) for f in files] == [
        (".claude/settings.json", "config"),
        (".mcp.json", "config"),
        ("CLAUDE.md", "markdown"),
        ("agent/loop.py", "python"),
        ("docs/ARCHITECTURE.md", "markdown"),
        ("sub/AGENTS.md", "markdown"),
    ]


def test_nested_gitignore_applies_below_its_folder(write_tree):
    root = write_tree({
        "a/.gitignore": "local_*.py\n",
        "a/local_settings.py": "x = 1\n",
        "a/keep.py": "x = 1\n",
        "b/local_settings.py": "x = 1\n",
    })
    assert _paths(root) == ["a/keep.py", "b/local_settings.py"]


def test_exclude_globs_and_extra_doc_globs(write_tree):
    root = write_tree({
        "agent/loop.py": "x = 1\n",
        "scripts/migrate.py": "x = 1\n",
        "agent/vendor/copy.py": "x = 1\n",
        "notes/plan.md": "# plan\n",
    })
    assert _paths(root, exclude=["scripts", "*/vendor/*"]) == ["agent/loop.py"]
    assert "notes/plan.md" in _paths(root, doc_globs=["notes/*.md"])


def test_explicit_file_is_audited_even_if_ignored(write_tree):
    root = write_tree({".gitignore": "*.py\n", "agent.py": "x = 1\n", "DESIGN.md": "# d\n"})
    assert [f.relpath for f in discover([root / "agent.py"]).files] == ["agent.py"]
    assert _paths(root) == ["DESIGN.md"]


def test_paths_are_relative_to_the_common_root(write_tree):
    root = write_tree({"a/x.py": "x = 1\n", "b/y.py": "y = 1\n"})
    found = discover([root / "a", root / "b"])
    assert found.root == root.resolve()
    assert [f.relpath for f in found.files] == ["a/x.py", "b/y.py"]


def test_symlinks_are_not_followed(write_tree, tmp_path):
    root = write_tree({"real/agent.py": "x = 1\n"}, root=tmp_path / "project")
    (root / "loop").symlink_to(root, target_is_directory=True)
    assert _paths(root) == ["real/agent.py"]
