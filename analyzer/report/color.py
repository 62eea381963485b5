"""Whether to colour the output: `--color always|never` first, then NO_COLOR, then FORCE_COLOR, then a terminal.

NO_COLOR (https://no-color.org): present and not empty turns colour off unless a flag asks for it.
FORCE_COLOR (https://force-color.org): present, not empty and not "0" turns it on in a pipe.
Colour only ever goes to the terminal: a report written with `-o` is plain.
"""

from __future__ import annotations

from typing import Mapping

CHOICES = ("auto", "always", "never")


def use_color(choice: str, environ: Mapping[str, str], is_terminal: bool, to_file: bool) -> bool:
    if to_file or choice == "never":
        return False
    if choice == "always":
        return True
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return is_terminal
