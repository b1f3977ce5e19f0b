"""The README documents every command of the `kg` command line."""
from pathlib import Path

from kg.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme():
    missing = [name for name in main.commands if f"kg {name}" not in README]
    assert not missing, f"commands with no `kg NAME` section in README.md: {missing}"


def test_every_option_of_every_command_is_documented():
    for name, command in main.commands.items():
        for param in command.params:
            flags = [o for o in getattr(param, "opts", []) if o.startswith("-")]
            if flags:
                assert any(flag in README for flag in flags), f"kg {name} {flags[0]} is not in README.md"
