"""The notebooks read the development corpus beside the checkout; without it they skip."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not CORPUS.is_dir():
        skip = pytest.mark.skip(reason=f"the notebooks read the development corpus, which is not at {CORPUS}")
        for item in items:
            if item.path.suffix == ".ipynb":
                item.add_marker(skip)
