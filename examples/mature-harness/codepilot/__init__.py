"""codepilot: a single-agent coding harness on the Anthropic Messages API."""

__version__ = "1.2.0"
