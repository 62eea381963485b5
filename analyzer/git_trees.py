"""Trees from git objects: the repository around a path, the default base of a change, and a
ref's files exported into a scratch folder (never a checkout in place: the user's working tree,
index and HEAD are not touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class GitError(Exception):
    """git is missing, the path is not in a repository, or a ref does not exist."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {' '.join(args)} failed")
    return done.stdout.strip()


def repository_root(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel")).resolve()
    except GitError as error:
        raise GitError(f"{path} is not inside a git repository ({error})") from None


def resolve(root: Path, ref: str) -> str:
    """The commit `ref` names (a branch, tag, sha, `HEAD~2`, ...)."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision {ref!r}") from None


def default_branch(root: Path) -> str:
    """The branch a pull request merges into: origin's HEAD, else main or master (local or origin's)."""
    try:
        symbolic = _git(root, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
        return symbolic.removeprefix("refs/remotes/")
    except GitError:
        pass
    for candidate in ("main", "master", "origin/main", "origin/master"):
        try:
            resolve(root, candidate)
            return candidate
        except GitError:
            continue
    raise GitError("no default branch (origin/HEAD, main or master) to compare with; name a BASE_REF")


def merge_base(root: Path, ref: str, head: str = "HEAD") -> str:
    try:
        return _git(root, "merge-base", head, ref)
    except GitError:
        shallow = _git(root, "rev-parse", "--is-shallow-repository") == "true"
        hint = (" (this clone is shallow: fetch the history, e.g. `fetch-depth: 0` in actions/checkout)"
                if shallow else "")
        raise GitError(f"{ref!r} and {head} have no common ancestor{hint}") from None



def export_tree(root: Path, commit: str, inside: str, dest: Path) -> Path:
    """Write the files of `commit` under `inside` (relative to the repository root, "" = all) into
    `dest`, as git stores them (no export-ignore or export-subst rewriting, no links), and return
    the folder that holds `inside` there (it may not exist at that commit)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        for command in (["read-tree", commit], ["checkout-index", "--all", f"--prefix={dest}/"]):
            done = subprocess.run(["git", "-C", str(root), *command], env=env, capture_output=True, text=True,
                                  timeout=600)
            if done.returncode != 0:
                raise GitError(done.stderr.strip() or f"git {command[0]} failed")
    _drop_links(dest)
    return dest / inside if inside else dest


def export_worktree(root: Path, inside: str, dest: Path) -> Path:
    """The working tree as git sees it (tracked files and untracked ones not ignored, with their
    uncommitted changes) under `inside`, copied into `dest`: the same kind of tree as a commit's."""
    listed = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", inside or ".")
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = root / name
        if source.is_symlink() or not source.is_file():
            continue  # a deleted file still in the index, or a link: not part of the tree audited
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return dest / inside if inside else dest


def _drop_links(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_symlink():
            path.unlink()
