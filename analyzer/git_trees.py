"""Trees from git objects: the repository around a path, the default base of a change, and a
ref's files exported into a scratch folder (never a checkout in place: the user's working tree,
index and HEAD are not touched)."""

from __future__ import annotations

import subprocess
import tarfile
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
        raise GitError(f"{ref!r} and {head} have no common ancestor") from None


def export_tree(root: Path, commit: str, inside: str, dest: Path) -> Path:
    """Write the files of `commit` under `inside` (a path relative to the repository root, "" = all)
    into `dest`, and return the folder that holds `inside` there (it may not exist at that commit)."""
    with tempfile.TemporaryFile() as archive:
        command = ["git", "-C", str(root), "archive", "--format=tar", commit]
        if inside:
            try:
                _git(root, "cat-file", "-e", f"{commit}:{inside}")
            except GitError:
                return dest / inside  # not in that commit: an empty tree there
            command += ["--", inside]
        done = subprocess.run(command, stdout=archive, stderr=subprocess.PIPE, timeout=600)
        if done.returncode != 0:
            raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git archive failed")
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(dest, filter="data")  # no absolute paths, no links out of dest
    return dest / inside if inside else dest
