"""A name means the same thing in every command: `kg tasks`, `kg view` and `kg query`.

On the invented plans: 江西省 writes its 省发展改革委 also as 省发改委; 江西省 and 甘肃省 both
have a 省水利厅 and a 省发展改革委.
"""

import csv
import io

import pytest

from kg.names import AmbiguousName, UnknownName

# How each command is given a department and, optionally, its jurisdiction.
COMMANDS = {
    "tasks": lambda name, place: [
        "tasks",
        "--department",
        name,
        *(["--jurisdiction", place] if place else []),
    ],
    "view": lambda name, place: ["view", "--department", name, *(["--jurisdiction", place] if place else [])],
    "query": lambda name, place: [
        "query",
        "co-participants",
        "--param",
        f"name={name}",
        *(["--param", f"jurisdiction={place}"] if place else []),
    ],
}


@pytest.fixture
def run(kg, plans_store, tmp_path):
    def command(which: str, name: str, place: str | None = None):
        args = COMMANDS[which](name, place)
        out = ["-o", tmp_path / "out.html"] if which == "view" else []
        return kg(*args, *out, "--store", plans_store)

    return command


@pytest.mark.parametrize("which", COMMANDS)
def test_an_alias_names_its_department(run, which):
    result = run(which, "省发改委")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("which", COMMANDS)
def test_a_name_of_two_jurisdictions_is_refused_with_both(run, which):
    result = run(which, "省水利厅")
    assert result.exit_code == 1
    assert result.stderr == (
        "kg: 省水利厅 names 2 departments: 省水利厅 (江西省, 3 tasks); "
        "省水利厅 (甘肃省, 2 tasks); choose one by its jurisdiction\n"
    )


@pytest.mark.parametrize("which", COMMANDS)
def test_a_jurisdiction_may_be_named_short(run, which):
    assert run(which, "省水利厅", "甘肃").exit_code == 0


@pytest.mark.parametrize("which", COMMANDS)
def test_an_unknown_name_is_answered_with_near_ones(run, which):
    result = run(which, "省水力厅", "甘肃省")
    assert result.exit_code == 1
    assert result.stderr == "kg: no department named 省水力厅 in 甘肃省; did you mean 省水利厅?\n"


def test_the_same_department_whichever_command_finds_it(kg, plans_store, plans_graph):
    water = plans_graph.department("省水利厅", "甘肃")
    assert (water.name, water.jurisdiction) == ("省水利厅", "甘肃省")
    tasks = kg(
        "tasks",
        "--department",
        "省水利厅",
        "--jurisdiction",
        "甘肃",
        "--format",
        "csv",
        "--store",
        plans_store,
    )
    listed = kg(
        "query",
        "department-tasks",
        "--param",
        "name=省水利厅",
        "--param",
        "jurisdiction=甘肃",
        "--format",
        "csv",
        "--store",
        plans_store,
    )
    # A ledger's cells hold line breaks: count its records, not its lines.
    records = list(csv.reader(io.StringIO(tasks.stdout)))
    assert len(records) == len(listed.stdout.splitlines()) == 1 + water.tasks


def test_the_library_answers_with_the_candidates(plans_graph):
    with pytest.raises(AmbiguousName) as several:
        plans_graph.department("省发展改革委")
    assert {d.jurisdiction for d in several.value.candidates} == {"江西省", "甘肃省"}
    with pytest.raises(UnknownName) as unknown:
        plans_graph.jurisdiction("甘粛省")
    assert unknown.value.suggestions == ["甘肃省"]
