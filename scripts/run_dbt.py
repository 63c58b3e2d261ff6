"""Run dbt commands one after another in one Python process.

    python -m scripts.run_dbt build --select x --then docs generate --no-compile

Each command is what ``dbt`` would take on its command line; ``--then``
separates them. They run in order through dbt's own programmatic entry
point (``dbtRunner``) until one fails. One process pays Python's and
dbt's start-up (about 1.6 s of imports) once instead of once per command,
and the second command reads the partial parse the first one saved.

Exit status as dbt's: 0 when every command succeeded, 1 when one failed
(failing tests, a model error), 2 when one could not run (bad arguments,
a parsing error); the commands after it do not run.
"""

from __future__ import annotations

import sys

SEPARATOR = "--then"


def split_commands(argv: list[str]) -> list[list[str]]:
    """The dbt commands of the command line, split at each ``--then``."""
    commands: list[list[str]] = [[]]
    for arg in argv:
        if arg == SEPARATOR:
            commands.append([])
        else:
            commands[-1].append(arg)
    if any(not command for command in commands):
        raise ValueError(f"an empty dbt command (a {SEPARATOR} at the start, end or twice in a row)")
    return commands


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    try:
        commands = split_commands(args)
    except ValueError as error:
        print(f"run_dbt: {error}", file=sys.stderr)
        return 2
    from dbt.cli.main import dbtRunner  # after --help: importing dbt takes seconds

    runner = dbtRunner()
    for command in commands:
        result = runner.invoke(command)
        if result.exception is not None:
            return 2
        if not result.success:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
