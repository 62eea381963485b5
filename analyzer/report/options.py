"""How a report is rendered, apart from what it says: colour, every piece of evidence or a few, quiet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False  # ANSI colour (text and concise; decided by analyzer/report/color.py)
    full: bool = False  # every piece of evidence, exposure item and test, never "… N more"
    quiet: bool = False  # findings only: no summary, no closing verdict line (concise and text)
