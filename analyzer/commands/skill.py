"""`harness-audit skill ...`: build, check and install the Claude Code / Codex skill."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer.cli import main
from analyzer.commands.common import EXIT_FINDINGS, fail, load_rubric_or_exit
from analyzer.skill import SKILL_NAME


def _checkout_root() -> Path | None:
    """The repository root when running from a checkout (where the skill's sources live)."""
    import analyzer

    root = Path(analyzer.__file__).resolve().parent.parent
    return root if (root / "SKILL.md").is_file() and (root / "pyproject.toml").is_file() else None


@main.group("skill")
def skill_group() -> None:
    """The agent skill for Claude Code and Codex: build, check, install.

    \b
    harness-audit skill install --target claude     ~/.claude/skills/harness-audit
    harness-audit skill install --target codex      ~/.agents/skills/harness-audit
    harness-audit skill check                       validate SKILL.md and every manifest
    harness-audit skill build                       regenerate references/ and the copies (checkout only)
    """


@skill_group.command("build")
def build_command() -> None:
    """Regenerate references/ from the rubric and the claude/ and codex/ copies of the skill."""
    from analyzer.skill.build import build

    root = _checkout_root()
    if root is None:
        fail("skill build writes into a checkout of harness-audit; none found next to the package")
    changed = build(root, load_rubric_or_exit())
    for path in changed:
        click.echo(f"wrote {path.relative_to(root)}")
    click.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} changed; the skill is up to date.")


@skill_group.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_command(path: Path | None) -> None:
    """Validate SKILL.md, agents/openai.yaml and every plugin and marketplace manifest.

    PATH is a repository (with .claude-plugin/ and .agents/plugins/), a plugin folder or a
    skill folder; by default the checkout, else the skill shipped in the package. In a
    checkout it also fails when references/ or the copies are stale. Exit 1 on any problem.
    """
    from analyzer.resources import skill_source
    from analyzer.skill.build import BUILD_COMMAND, stale_files
    from analyzer.skill.validate import check_tree

    checkout = _checkout_root()
    root = (path or checkout or skill_source()).resolve()
    problems = [str(p) for p in check_tree(root, skill_name=None if path else SKILL_NAME)]
    if checkout is not None and root == checkout:
        problems += [f"{line} (run `{BUILD_COMMAND}`)" for line in stale_files(root, load_rubric_or_exit())]
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {root}")
        raise SystemExit(EXIT_FINDINGS)
    click.echo(f"ok: {root}")


@skill_group.command("install")
@click.option("--target", type=click.Choice(["claude", "codex"]), required=True, help="The client that reads the skill.")
@click.option("--scope", type=click.Choice(["user", "project"]), default="user", show_default=True,
              help="user: your home folder; project: the repository you are in.")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path),
              help="A skills folder of your choice (the skill lands in DEST/harness-audit).")
def install_command(target: str, scope: str, dest: Path | None) -> None:
    """Copy the skill where Claude Code or Codex reads it."""
    from analyzer.skill.install import InstallError, install

    try:
        folder, files = install(target, scope, dest)
    except (InstallError, FileNotFoundError, OSError) as error:
        fail(str(error))
    click.echo(f"installed {len(files)} files in {folder}")
    if target == "claude":
        click.echo("Claude Code picks it up in its next session: ask it to audit an agent, or type /harness-audit.")
    else:
        click.echo("Restart Codex to pick it up: ask it to audit an agent, or mention $harness-audit.")
