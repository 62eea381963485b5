"""Per-file facts: evidence, exposures, rule hits and symbols, extracted by small checks."""
