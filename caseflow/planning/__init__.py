"""Enforcement planning: yearly plans with targets, random draws of whom to inspect
and by whom, and the recusal register a draw respects. Plain Python over a session,
like the engine: the CLI, the web and the API drive the same calls."""
