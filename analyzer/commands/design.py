"""`harness-audit design`: a phased harness plan for a new agent, from a prompt or answers."""

from __future__ import annotations

import click

from analyzer.cli import main
from analyzer.commands.common import fail, load_rubric_or_exit, rubric_option
from analyzer.design import Overrides, build_plan, derive_profile
from analyzer.design.answers import AnswersError, load_answers
from analyzer.design.interactive import ask_description, ask_open_questions
from analyzer.design.render import FORMATS
from analyzer.rubric import Rubric
from analyzer.safe_write import WriteError, write_file


def make_plan(rubric: Rubric, prompt: str | None, answers_path: str | None = None,
              interactive: bool = False) -> dict:
    """The plan for the command-line inputs; exits 2 on a usage or answers-file error."""
    if prompt is not None and answers_path:
        fail("give either PROMPT or --from FILE, not both")
    overrides, source = Overrides(), "prompt"
    if answers_path:
        try:
            answers = load_answers(answers_path)
        except AnswersError as error:
            fail(str(error))
        prompt, overrides, source = answers.description, answers.overrides, answers_path
    elif prompt is None and interactive:
        prompt = ask_description()
    if prompt is None or not prompt.strip():
        fail("describe the agent: PROMPT, --from FILE or --interactive")
    profile = derive_profile(prompt, source=source, overrides=overrides)
    if interactive and profile.open_questions:
        overrides = ask_open_questions(profile, overrides)
        profile = derive_profile(prompt, source=source, overrides=overrides)
    return build_plan(rubric, profile)


def write_output(text: str, output: str | None) -> None:
    if not output:
        click.echo(text, nl=False)
        return
    try:
        write_file(output, text)
    except WriteError as error:
        fail(str(error))
    click.echo(f"harness-audit: wrote {output}", err=True)


@main.command("design")
@click.argument("prompt", required=False)
@click.option("--from", "answers_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="YAML answers: does, users, actions, side_effects, autonomy, session_length, scale, "
                   "shape, constraints.")
@click.option("-i", "--interactive", is_flag=True, help="Ask about whatever the description leaves open.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="markdown",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the plan to FILE.")
@rubric_option
def design_command(prompt, answers_path, interactive, output_format, output, rubric_paths):
    """A phased harness plan for the agent PROMPT describes.

    \b
    harness-audit design "A support bot that looks up orders and issues refunds"
    harness-audit design --from answers.yaml --format json -o plan.json
    harness-audit design --interactive "An ops agent for our on-call team"
    """
    rubric = load_rubric_or_exit(rubric_paths)
    plan = make_plan(rubric, prompt, answers_path, interactive)
    write_output(FORMATS[output_format](plan), output)
