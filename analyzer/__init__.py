"""harness-audit: audit AI-agent harnesses against twelve production primitives."""

__version__ = "0.1.0"
