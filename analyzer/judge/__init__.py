"""Project-level judgement: facts from many files + the rubric -> verdicts, exposure, findings."""
