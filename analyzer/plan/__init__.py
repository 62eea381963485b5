"""What to do next: the upgrade path in dependency order, and the tests that prove each step."""
