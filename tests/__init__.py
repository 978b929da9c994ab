"""The test suite: one folder per stage of briefing/, end-to-end site tests in site/."""
