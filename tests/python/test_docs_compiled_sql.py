"""The SQL dbt docs show runs, as shown, against the published database.

Analysts copy compiled SQL from the docs site (site/dbt/). The build writes a
private file named like the published one, so the compiled SQL names the
published database ("analytics"."marts"...), not a build file: every
compiled model and test in the docs page must run on the published file,
read-only.
"""

from __future__ import annotations

import json
import re

from conftest import BuildResult

COMPILED_CODE = re.compile(r'"compiled_code": ("(?:[^"\\]|\\.)*")')


def test_every_compiled_query_in_the_docs_runs_on_the_published_file(sample_build: BuildResult) -> None:
    page = (sample_build.duckdb_path.parent / "site" / "dbt" / "index.html").read_text()
    database = sample_build.duckdb_path.stem
    queries = [json.loads(literal) for literal in COMPILED_CODE.findall(page)]
    naming_the_database = [sql for sql in queries if f'"{database}".' in sql]
    assert len(naming_the_database) > 100, "compiled SQL must name the published database"
    assert not [sql for sql in queries if '"build".' in sql or '"docs".' in sql]
    failures = []
    with sample_build.connect() as con:
        for sql in naming_the_database:
            try:
                con.execute(f"select count(*) from ({sql}) as compiled").fetchall()
            except Exception as error:  # collected, reported together
                failures.append(f"{sql[:80]!r}: {str(error).splitlines()[0]}")
    assert not failures, "\n".join(failures[:10])
