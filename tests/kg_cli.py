"""Running the `kg` command line in tests, and building a store from fixture plans."""
from click.testing import CliRunner

from kg.cli import main


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def built_store(folder, tmp_path_factory):
    """A store built from the plans in `folder`."""
    path = tmp_path_factory.mktemp("store") / ".kg"
    result = kg("build", folder, "--store", path, "-q")
    assert result.exit_code == 0, result.output
    return path
