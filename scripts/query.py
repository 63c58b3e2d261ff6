"""An interactive, read-only SQL prompt on the published database (`make query`).

The database is opened read-only, so nothing typed here can change it, and a
build can publish a new version meanwhile: this prompt keeps reading the
version it opened; `.reconnect` (or a new prompt) opens the new one.

End a statement with `;`. Commands: `.tables`, `.reconnect`, `.help`, `.quit`.
Without a terminal (piped input) or with -c, the statements run and the prompt
exits non-zero if one fails.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import duckdb

from scripts.project_paths import add_duckdb_path_argument

MAX_ROWS_SHOWN = 1000  # DuckDB shows 20 by default, eliding the middle
PROG = "query"
PROMPT, CONTINUATION = "analytics> ", "      ...> "
TABLES_SQL = (
    "select table_schema || '.' || table_name as table_name, table_type from information_schema.tables "
    "where table_catalog = current_database() and table_schema not in ('information_schema', 'pg_catalog') "
    "order by table_schema = 'marts' desc, table_schema, table_name"
)


class QueryError(Exception):
    """The prompt cannot start; the message names the file and the problem."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise QueryError(f"{path}: no database there; run `make build` first (or set DUCKDB_PATH)")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise QueryError(f"{path}: cannot be opened read-only ({error})") from None


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> bool:
    """Run every statement in sql, printing each result; False if one failed."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        print(f"Error: {error}", file=sys.stderr)
        return False
    for statement in statements:
        try:
            result = con.sql(statement.query)
        except duckdb.Error as error:
            print(f"Error: {error}", file=sys.stderr)
            return False
        if result is not None:
            result.show(max_rows=MAX_ROWS_SHOWN, max_width=10_000)
    return True


def repl(path: Path, con: duckdb.DuckDBPyConnection, interactive: bool) -> int:
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
        print(f"{path} (read-only). End statements with ';'. .help for commands.")
    failed = False
    buffer: list[str] = []
    while True:
        try:
            line = input(CONTINUATION if buffer else PROMPT) if interactive else sys.stdin.readline()
        except EOFError:  # Ctrl-D
            print()
            break
        except KeyboardInterrupt:  # Ctrl-C drops the statement being typed
            print()
            buffer.clear()
            continue
        if not interactive and line == "":  # end of piped input
            break
        stripped = line.strip()
        if not buffer and stripped.startswith("."):
            command = stripped.split()[0]
            if command in (".quit", ".exit"):
                break
            if command == ".tables":
                for name, kind in con.execute(TABLES_SQL).fetchall():
                    print(f"{name}{'  (view)' if kind == 'VIEW' else ''}")
            elif command == ".reconnect":
                con.close()
                con = connect(path)
                print(f"reconnected to {path}")
            else:
                print(__doc__.split("\n\n")[2] if command == ".help" else f"unknown command {command}; .help")
            continue
        if stripped:
            buffer.append(line.rstrip("\n"))
        if buffer and stripped.endswith(";"):
            failed |= not run_sql(con, "\n".join(buffer))
            buffer.clear()
    if buffer:
        failed |= not run_sql(con, "\n".join(buffer))
    con.close()
    return 1 if failed and not interactive else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_duckdb_path_argument(parser)
    parser.add_argument("-c", "--command", metavar="SQL", help="run these statements, print, exit")
    args = parser.parse_args(argv)
    try:
        con = connect(args.duckdb_path)
    except QueryError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    if args.command is not None:
        ok = run_sql(con, args.command)
        con.close()
        return 0 if ok else 1
    return repl(args.duckdb_path, con, interactive=sys.stdin.isatty())


if __name__ == "__main__":
    sys.exit(main())
