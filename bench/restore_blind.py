"""Restore the blind validation sets' real repositories, outside this repository, at pinned commits.

    python bench/restore_blind.py [--into DIR]     # default: ~/.cache/harness-audit/blind

Each `bench/blind/<set>/<name>.yaml` names a public repository, the commit its labels were
made from and the folder that is audited. A checkout is taken from a local bare mirror when
one is given (`--mirrors DIR`, holding `owner+name/...` git directories), else cloned from
`$BLIND_GIT_BASE/owner/name` (default https://github.com). Nothing is run; files are only
written under the target folder. Prints one line per repository.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

LABELS = Path(__file__).parent / "blind"
DEFAULT_INTO = Path.home() / ".cache" / "harness-audit" / "blind"


def label_files(sets: list[str] | None = None) -> list[Path]:
    return sorted(p for p in LABELS.glob("*/*.yaml") if sets is None or p.parent.name in sets)


def checkout_dir(into: Path, label: dict) -> Path:
    return into / f"{label['name']}-{label['commit'][:12]}"


def _mirror(mirrors: Path | None, repo: str) -> Path | None:
    if mirrors is None:
        return None
    folder = mirrors / repo.replace("/", "+")
    heads = sorted(p.parent for p in folder.rglob("HEAD") if (p.parent / "objects").is_dir()) if folder.is_dir() else []
    return heads[0] if heads else None


def restore(label: dict, into: Path, mirrors: Path | None) -> str:
    target = checkout_dir(into, label)
    if (target / ".restored").is_file():
        return f"{label['name']}: already at {target}"
    git_dir = _mirror(mirrors, label["repo"])
    with tempfile.TemporaryDirectory() as scratch:
        if git_dir is None:
            git_dir = Path(scratch) / "repo.git"
            base = os.environ.get("BLIND_GIT_BASE", "https://github.com")
            subprocess.run(["git", "clone", "--quiet", "--bare", f"{base}/{label['repo']}", str(git_dir)], check=True)
        archive = Path(scratch) / "tree.tar"
        absent = _absent_blobs(git_dir, label["commit"])
        present = [] if not absent else ["--", *_present_paths(git_dir, label["commit"], absent)]
        with archive.open("wb") as out:
            subprocess.run(["git", "--git-dir", str(git_dir), "archive", label["commit"], *present],
                           stdout=out, check=True)
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
    (target / ".restored").write_text(label["commit"] + "\n")
    left_out = f" ({len(absent)} large files absent from the mirror left out)" if absent else ""
    return f"{label['name']}: restored {label['repo']}@{label['commit'][:12]} into {target}{left_out}"


def _tree(git_dir: Path, commit: str) -> list[tuple[str, str]]:
    """(object id, path) of every blob in the commit's tree."""
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit],
                             capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
    entries = []
    for line in filter(None, listing.split("\0")):
        meta, path = line.split("\t", 1)
        _mode, kind, oid = meta.split()
        if kind == "blob":
            entries.append((oid, path))
    return entries


def _absent_blobs(git_dir: Path, commit: str) -> set[str]:
    """Blobs a snapshot mirror leaves out (its largest files): `git archive` cannot write them."""
    oids = "".join(f"{oid}\n" for oid, _ in _tree(git_dir, commit))
    checked = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch-check"],
                             input=oids.encode(), capture_output=True, check=True).stdout.decode()
    return {line.split()[0] for line in checked.splitlines() if line.endswith(" missing")}


def _present_paths(git_dir: Path, commit: str, absent: set[str]) -> list[str]:
    return [f":(literal){path}" for oid, path in _tree(git_dir, commit) if oid not in absent]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--into", type=Path, default=DEFAULT_INTO)
    parser.add_argument("--mirrors", type=Path, default=None, help="folder of owner+name bare git mirrors")
    parser.add_argument("--set", action="append", dest="sets", help="only this set (set_a, set_b); repeatable")
    args = parser.parse_args(argv)
    failed = 0
    for path in label_files(args.sets):
        label = yaml.safe_load(path.read_text())
        try:
            print(restore(label, args.into, args.mirrors))
        except (subprocess.CalledProcessError, OSError, tarfile.TarError) as error:
            failed += 1
            print(f"{label['name']}: could not restore ({error})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
