"""The README documents every command and every named query, as the code has them now.

Its usage blocks and its table of named queries are written by cog from the command line
itself (`make readme`); here they are checked against what cog would write today.
"""

from pathlib import Path

from cogapp import Cog

from kg import Graph
from kg.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_generated_sections_are_as_the_code_would_write_them():
    assert Cog().main(["cog", "--check", str(README)]) == 0, "README.md is stale: run `make readme`"


def test_every_command_has_a_usage_block():
    text = README.read_text(encoding="utf-8")
    missing = [name for name in main.commands if f'[[[cog usage("{name}")]]]' not in text]
    assert not missing, f"commands with no usage block in README.md: {missing}"


def test_every_named_query_is_in_the_table():
    text = README.read_text(encoding="utf-8")
    missing = [query.name for query in Graph.named_queries() if f"| `{query.name}` |" not in text]
    assert not missing, f"named queries missing from README.md: {missing}"
