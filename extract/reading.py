"""Turning a file into text.

`read_source` returns the text exactly as decoded (or, for .docx and .pdf, as the
reading library extracted it): no newline or space is changed, so every character
offset the extractor reports indexes into `Source.text`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extract.records import Problem

SUPPORTED = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "table",
    ".tsv": "table",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


# The encoding of a file whose lines are some in UTF-8, some in GBK (GB18030).
MIXED_ENCODING = "utf_8+gb18030"


class ReadError(Exception):
    """A file that cannot be turned into text; `str(error)` is "<path>: <what is wrong>"."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{self.path}: {self.reason}")


@dataclass(frozen=True)
class Source:
    path: Path
    text: str  # the decoded text; all character offsets in the project index into this
    encoding: str | None  # e.g. "utf_8", "utf_8_sig", "gb18030", "utf_16"; None for docx/pdf
    format: str  # a value of SUPPORTED


def read_source(path: str | os.PathLike) -> Source:
    """Read one file; raise ReadError when it cannot be read as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = SUPPORTED.get(suffix)
    if fmt is None:
        raise ReadError(
            path,
            f"unsupported file type {suffix}" if suffix else "unsupported file type (no file name suffix)",
        )
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a file")
    if fmt == "docx":
        return Source(path, _read_docx(path), None, fmt)
    if fmt == "pdf":
        return Source(path, _read_pdf(path), None, fmt)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(path, error.strerror or type(error).__name__) from None
    text, encoding = decode_text(data, path)
    if fmt == "html":
        return Source(path, _html_text(text, path), encoding, fmt)
    if fmt == "table":
        text = _table_text(text, "\t" if suffix == ".tsv" else ",")
    return Source(path, text, encoding, fmt)


def find_sources(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into the supported files under them.

    Files named explicitly are kept whatever their suffix, so that `read_source` can
    say what is wrong with them instead of their being silently dropped. Every file a
    folder holds that is not read is reported, with the reason; so is every file but the
    first (in the order of SUPPORTED) of several of one name in one folder (plan.txt,
    plan.docx), which are taken for copies of one document.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def keep(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for given in paths:
        p = Path(given)
        if p.is_dir():
            inside, skipped = _walk(p)
            if not inside:
                problems.append(Problem(str(given), f"no {_suffix_list()} files in this folder", fatal=True))
            for f in skipped:
                problems.append(
                    Problem(
                        str(f),
                        f"skipped: {f.suffix or 'a file with no suffix'} is not read (only {_suffix_list()})",
                    )
                )
            for f in inside:
                keep(f)
        elif p.exists():
            keep(p)
        else:
            problems.append(Problem(str(given), "no such file or folder", fatal=True))
    return _one_per_name(found, problems)


def _one_per_name(files: list[Path], problems: list[Problem]) -> tuple[list[Path], list[Problem]]:
    order = list(SUPPORTED)
    first: dict[Path, Path] = {}
    for f in sorted(files, key=lambda f: order.index(s) if (s := f.suffix.lower()) in order else len(order)):
        first.setdefault(f.with_suffix(""), f)
    for f in files:
        kept = first[f.with_suffix("")]
        if kept != f:
            problems.append(Problem(str(f), f"skipped: same name as {kept}, taken for a copy of it"))
    return [f for f in files if first[f.with_suffix("")] == f], problems


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """The supported files under `folder`, and the others; hidden ones are neither."""
    files: list[Path] = []
    skipped: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            # "~$x.docx" are Word's lock files, not documents.
            if name.startswith((".", "~$")):
                continue
            is_supported = os.path.splitext(name)[1].lower() in SUPPORTED
            (files if is_supported else skipped).append(Path(root, name))
    return sorted(files), sorted(skipped)


def _suffix_list() -> str:
    suffixes = list(SUPPORTED)
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1]


# ---------------------------------------------------------------- plain text

_BOMS = [  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
]
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936", "hz"}
_CANNOT_DECODE = "cannot decode text (tried UTF-8, UTF-16, GB18030 and charset detection)"


def decode_text(data: bytes, path: str | os.PathLike = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, codec name) or raise ReadError."""
    if not data:
        raise ReadError(path, "empty file")
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    wide = bom if bom in ("utf_16", "utf_32") else None
    if bom is None and b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise ReadError(path, "binary file, not text")
    if wide is not None:
        try:
            text, encoding = data.decode(wide), wide
        except UnicodeDecodeError:
            raise ReadError(path, _CANNOT_DECODE) from None
    else:
        if b"\x00" in data:
            raise ReadError(path, "binary file, not text")
        try:
            encoding = bom or "utf_8"
            text = data.decode(encoding)
        except UnicodeDecodeError:
            found, found_encoding = _line_by_line(data) or _detect(data)
            if found is None or found_encoding is None:
                raise ReadError(path, _CANNOT_DECODE) from None
            text, encoding = found, found_encoding
    if not text.replace("\ufeff", "").strip():
        raise ReadError(path, "empty file")
    if _mostly_control(text):
        raise ReadError(path, "binary file, not text")
    return text, encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """The byte order under which NUL-bearing bytes read as ordinary text, if any."""
    if len(data) % 2:
        return None
    for name in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        ordinary = sum(
            1
            for c in text
            if " " <= c <= "~" or c in "\t\n\r" or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
        )
        if ordinary >= 0.9 * len(text):
            return name
    return None


def _line_by_line(data: bytes) -> tuple[str, str] | None:
    """A file whose lines are some in UTF-8 and some in GBK (pasted together from two
    sources), each line decoded in its own encoding; None when it is not such a file."""
    lines, utf8, gb = [], 0, 0
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf_8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            gb += 1
    return ("\n".join(lines), MIXED_ENCODING) if utf8 and gb else None


def _detect(data: bytes) -> tuple[str | None, str | None]:
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    # On short texts (a few lines) charset detection often names cp949, big5,
    # shift_jis, a Latin codec or even utf_16_be for GBK bytes: too few characters
    # to tell the languages apart. Chinese government documents are overwhelmingly
    # GBK/GB18030, so GB18030 wins whenever it decodes strictly into ordinary
    # Simplified Chinese (Japanese fails that test) and does not look like Korean;
    # charset detection, slow to load and to run, is asked only when it does not.
    if gb_text is not None and _plausible_gb(gb_text) and not _korean_as_gb(gb_text):
        return gb_text, "gb18030"
    from charset_normalizer import from_bytes

    # Without a BOM or NUL bytes, a UTF-16/32 guess is noise.
    best = next((m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))), None)
    guess = best.encoding if best is not None else None
    if gb_text is not None and guess in _GB_FAMILY:
        return gb_text, "gb18030"  # the superset of GB2312 and GBK
    return (str(best) if best is not None else None), guess


_ASCII = re.compile(r"[\x00-\x7f]+")
# First bytes of GB2312's hanzi rows (B0-F7) and of its CJK punctuation rows (A1-A3).
_GB2312_ORDINARY = re.compile(rb"[\xa1-\xa3\xb0-\xf7]")


def _plausible_gb(text: str) -> bool:
    """Most non-ASCII characters are GB2312 hanzi or CJK punctuation.

    Big5 bytes read as GB18030 give kana, Greek, box drawing and rare hanzi instead.
    """
    wide = _ASCII.sub("", text)
    if not wide:
        return False
    # Every character GB2312 has is two bytes there; those it lacks are left out.
    first_bytes = wide.encode("gb2312", "ignore")[::2]
    return len(_GB2312_ORDINARY.findall(first_bytes)) >= 0.9 * len(wide)


def _korean_as_gb(text: str) -> bool:
    """EUC-KR Hangul read as GB18030 lands only in GB2312 rows B0-C8 (hanzi of pinyin a-l).

    Chinese text uses the later rows too (省, 市, 政, 责...); twenty characters
    confined to those rows are Korean with near certainty, fewer prove nothing.
    """
    hanzi = 0
    for char in _ASCII.sub("", text):
        first = char.encode("gb18030")[0]
        if first > 0xC8:
            return False  # a later row: Chinese (read up to the first such character)
        hanzi += first >= 0xB0
    return hanzi >= 20


# Control characters (category Cc) other than the white space ones.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _mostly_control(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > 0.1 * len(sample)


def _table_text(text: str, delimiter: str) -> str:
    # One line per row: line breaks and tabs inside a quoted cell become spaces.
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return "\n".join(
        "\t".join(
            " ".join(cell.split("\t")).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            for cell in row
        )
        for row in rows
    )


# ---------------------------------------------------------------- docx and pdf


def _short(error: Exception) -> str:
    words = " ".join(str(error).split()) or type(error).__name__
    return words if len(words) <= 80 else words[:77] + "..."


def _read_docx(path: Path) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
    except Exception as error:  # python-docx raises many kinds (zip, XML, key, value)
        raise ReadError(path, f"cannot read as .docx: {_short(error)}") from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(path, "empty document, no text")
    return text


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per grid column.
            if cell._tc is last:
                continue
            last = cell._tc
            text = " ".join(p.text for p in cell.paragraphs)
            cells.append(" ".join(text.splitlines()))
        lines.append(" | ".join(cells))
    return lines


# Parts of a saved web page around the article: navigation, scripts, footers and the like.
_PAGE_FURNITURE_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "iframe",
    "form",
    "button",
    "select",
    "head",
}
_PAGE_FURNITURE = re.compile(
    r"nav|menu|foot|header|crumb|share|copyright|toolbar|sidebar|related|print", re.I
)
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "tr",
    "table",
    "body",
}


def _html_text(markup: str, path: Path) -> str:
    """A saved web page's article as lines: its paragraphs one a line, its tables one row a
    line with ` | ` between cells (merged cells written into every row and column they
    span; a cell spanning a whole row, a group heading, alone on its line)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as error:  # lxml raises parser errors of several kinds
        raise ReadError(path, f"cannot read as HTML: {_short(error)}") from None
    lines: list[str] = [""]
    stack = [(root, False)]
    while stack:  # depth first, in document order, without recursion
        element, closing = stack.pop()
        if closing:
            lines.append(element.tail or "") if element.tag in _BLOCK_TAGS else _append(lines, element.tail)
            continue
        if not isinstance(element.tag, str) or _is_furniture(element):
            _append(lines, element.tail)
            continue
        if element.tag == "table":
            lines.extend(_html_table_lines(element))
            lines.append(element.tail or "")
            continue
        if element.tag == "br":
            lines.append(element.tail or "")
            continue
        if element.tag in _BLOCK_TAGS:
            lines.append("")
        _append(lines, element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    if not text:
        raise ReadError(path, "no text in the page")
    return text


def _append(lines: list[str], text: str | None) -> None:
    if text:
        lines[-1] += text


def _is_furniture(element) -> bool:
    if element.tag in _PAGE_FURNITURE_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and bool(_PAGE_FURNITURE.search(names))


def _html_table_lines(table) -> list[str]:
    grid: dict[tuple[int, int], str] = {}
    whole_rows: dict[int, str] = {}
    rows = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    width = max(
        (sum(int(c.get("colspan", 1) or 1) for c in tr if c.tag in ("td", "th")) for tr in rows), default=0
    )
    for r, tr in enumerate(rows):
        column = 0
        for cell in (c for c in tr if c.tag in ("td", "th")):
            while (r, column) in grid:
                column += 1
            text = " ".join(" ".join(cell.itertext()).split())
            span, down = int(cell.get("colspan", 1) or 1), int(cell.get("rowspan", 1) or 1)
            if span >= width > 1:
                whole_rows[r] = text
            for dr in range(down):
                for dc in range(span):
                    grid[(r + dr, column + dc)] = text if dc == 0 else ""
            column += span
    return [
        whole_rows[r] if r in whole_rows else " | ".join(grid.get((r, c), "") for c in range(width))
        for r in range(len(rows))
    ]


def _read_pdf(path: Path) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as error:  # pdfminer raises many kinds (syntax, EOF, password)
        name = type(error).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError(path, "password-protected PDF") from None
        raise ReadError(path, f"cannot read as PDF: {_short(error) if str(error) else name}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(path, "no text layer (scanned PDF?)")
    return text
