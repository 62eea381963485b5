"""Parse each file once: Python with libcst, Markdown with markdown-it-py, configs with json/toml."""
