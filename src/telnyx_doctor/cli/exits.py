"""The exit codes of every command (docs/cli.md and DESIGN's contract)."""

from __future__ import annotations

EXIT_OK = 0  # healthy
EXIT_UNHEALTHY = 1  # at least one check failed (or warned, under --fail-on warn)
EXIT_USAGE = 2  # bad flag, malformed number, unknown check id: nothing ran
EXIT_INCOMPLETE = 3  # a check could not decide
EXIT_AUTH = 4  # the key is missing, invalid or forbidden
EXIT_INTERNAL = 5  # a bug in the doctor itself
EXIT_INTERRUPTED = 130
