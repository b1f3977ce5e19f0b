"""The ledger as an office prints it: LibreOffice renders the xlsx and docx to PDF, and the
pages are A4 landscape, 28 tasks on at most 8 of them. (`make office` installs LibreOffice,
poppler-utils and a Chinese font; `make test` does so first.)"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
SOFFICE, PDFINFO = shutil.which("soffice"), shutil.which("pdfinfo")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFINFO), reason="LibreOffice or pdfinfo is missing: `make office` installs them"
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The PDF pages of the 28-task ledger of 临水市's 市发展改革委, by format."""
    folder = tmp_path_factory.mktemp("print")
    runner = CliRunner()
    store = folder / ".kg"
    assert runner.invoke(main, ["build", str(FIXTURES), "--store", str(store), "-q"]).exit_code == 0
    pages = {}
    for format in ("xlsx", "docx"):
        path = folder / f"ledger-{format}.{format}"
        result = runner.invoke(
            main,
            [
                "tasks",
                "--store",
                str(store),
                "--department",
                "市发展改革委",
                "--format",
                format,
                "--as-of",
                "2025-06-20",
                "-o",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.output
        # A profile of its own: another LibreOffice running does not block this one.
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        info = subprocess.run(
            [PDFINFO, str(path.with_suffix(".pdf"))], check=True, capture_output=True, text=True
        ).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        pages[format] = (int(re.search(r"Pages:\s+(\d+)", info)[1]), round(width), round(height))
    return pages


@pytest.mark.parametrize("format", ["xlsx", "docx"])
def test_the_ledger_prints_on_a4_landscape(printed, format):
    _, width, height = printed[format]
    assert (width, height) == (842, 595)  # A4 in points, the long side across


@pytest.mark.parametrize("format", ["xlsx", "docx"])
def test_twenty_eight_tasks_take_at_most_eight_pages(printed, format):
    pages, _, _ = printed[format]
    assert pages <= 8
