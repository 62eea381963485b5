"""One module per command; each registers itself on `analyzer.cli.main`."""
