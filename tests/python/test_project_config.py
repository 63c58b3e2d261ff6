"""dbt_project.yml holds no config that dbt would ignore silently.

dbt 1.11 accepts an unknown `+key` (`+materialzied: table`) and a path key
that matches no folder (`stagng:`) without a word: the config then applies to
nothing. These tests name every such key; the built database shows that each
layer got the materialization its config asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import PROJECT_DIR, BuildResult

PROJECT = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
PROJECT_NAME = PROJECT["name"]

# The resource configs this project may set from dbt_project.yml (dbt docs,
# "model configs" / "seed configs", and dbt-spark's file_format for the Spark
# target); a key outside this list is a typo here.
KNOWN_CONFIGS = {
    "alias", "column_types", "database", "docs", "enabled", "full_refresh", "grants",
    "materialized", "meta", "persist_docs", "post-hook", "pre-hook", "quote_columns",
    "schema", "tags", "contract", "delimiter", "file_format",
}  # fmt: skip


def config_keys(node: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path of folders/resources, key) for every key below a resource section."""
    for key, value in node.items():
        yield path, key
        if not key.startswith("+") and isinstance(value, dict):
            yield from config_keys(value, (*path, key))


def model_folders() -> set[tuple[str, ...]]:
    root = PROJECT_DIR / "models"
    return {folder.relative_to(root).parts for folder in root.rglob("*") if folder.is_dir()}


def seed_names() -> set[str]:
    return {path.stem for path in (PROJECT_DIR / "seeds").glob("*.csv")}


@pytest.mark.parametrize("section", ["models", "seeds"])
def test_every_config_key_is_a_known_config(section: str) -> None:
    unknown = [
        f"{section}.{'.'.join(path)}.{key}"
        for path, key in config_keys(PROJECT[section][PROJECT_NAME], ())
        if key.startswith("+") and key[1:] not in KNOWN_CONFIGS
    ]
    assert unknown == []


def test_every_model_path_key_names_a_folder() -> None:
    folders = model_folders()
    stray = [
        ".".join((*path, key))
        for path, key in config_keys(PROJECT["models"][PROJECT_NAME], ())
        if not key.startswith("+") and (*path, key) not in folders
    ]
    assert stray == []


def test_every_seed_key_names_a_seed_file() -> None:
    seeds = seed_names()
    stray = [key for key in PROJECT["seeds"][PROJECT_NAME] if not key.startswith("+") and key not in seeds]
    assert stray == []


def test_the_guards_catch_a_typo() -> None:
    """The walk above really sees a misspelt config and a misspelt folder."""
    typo = {"stagng": {"+materialzied": "view"}}
    keys = list(config_keys(typo, ()))
    assert ((), "stagng") in keys
    assert (("stagng",), "+materialzied") in keys
    assert ("stagng",) not in model_folders()
    assert "materialzied" not in KNOWN_CONFIGS


@pytest.mark.parametrize("schema", ["staging", "intermediate", "marts"])
def test_each_layer_has_the_materialization_its_config_asks_for(
    sample_build: BuildResult, schema: str
) -> None:
    """Every relation of a layer is built as the layer's +materialized asks,
    unless its model's YAML config overrides it."""
    default = PROJECT["models"][PROJECT_NAME][schema]["+materialized"]
    asked: dict[str, str] = {}
    for properties in (PROJECT_DIR / "models").rglob("_*.yml"):
        for model in yaml.safe_load(properties.read_text()).get("models", []):
            asked[model["name"]] = model.get("config", {}).get("materialized", default)
    built = sample_build.query(
        f"select table_name, table_type from information_schema.tables where table_schema = '{schema}'"
    )
    assert built
    types = {"view": "VIEW", "table": "BASE TABLE"}
    assert {name: kind for name, kind in built} == {name: types[asked[name]] for name, _ in built}
