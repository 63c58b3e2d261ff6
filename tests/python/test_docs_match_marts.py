"""The documents that list the marts name every one of them, and only them.

The dbt docs' project overview (models/overview.md, the `__overview__` docs
block that replaces dbt's welcome page) must name every model of
models/marts/.
"""

from __future__ import annotations

import re

from conftest import PROJECT_DIR

OVERVIEW = PROJECT_DIR / "models" / "overview.md"


def mart_models() -> set[str]:
    return {path.stem for path in (PROJECT_DIR / "models" / "marts").rglob("*.sql")}


def test_the_overview_is_the_project_docs_block_and_names_every_mart() -> None:
    text = OVERVIEW.read_text()
    assert text.startswith("{% docs __overview__ %}")
    assert text.rstrip().endswith("{% enddocs %}")
    named = set(re.findall(r"`([a-z_]+)`", text))
    # rejected_* stands for the three rejected_<source> tables
    named |= {name for name in mart_models() if name.startswith("rejected_") and "rejected_*" in text}
    missing = mart_models() - named
    assert not missing, f"{OVERVIEW.name} does not name {sorted(missing)}"
