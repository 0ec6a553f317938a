"""Bytes -> normalised text: the first step of the ingest pipeline.

Editors send pages as plain text (UTF-8 from newer tools, GB18030/GBK from older Windows
software, occasionally UTF-16 "Unicode" text from Notepad) or as Word .docx files. Whatever
arrives, the parser gets ``\\n`` newlines, no BOM and NFC text with the layout (blank lines,
indentation) kept, because blank lines carry the page structure.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from .records import Decoded, IngestError

EMPTY = "文件为空"
NOT_TEXT = "文件不是文本（无法识别的编码或二进制内容）"
OLD_WORD = "不支持旧版 Word（.doc）文件，请另存为 .docx 或纯文本后再导入"
ZIP_NOT_DOCX = "文件是压缩包而不是 Word（.docx）文件"
BAD_DOCX = "无法读取 Word（.docx）文件，文件可能已损坏"

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls compound file
_ZIP_MAGIC = b"PK\x03\x04"
# A .docx expands about ten-fold; refuse archives that would expand beyond this (zip bombs).
_MAX_UNZIPPED = 200 * 1024 * 1024

# Characters that do not occur in typed text: C0/C1 controls other than tab and line breaks,
# private-use code points and U+FFFD. Binary data decoded as GB18030 is full of them.
_JUNK_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_STRAY_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES_RE = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def decode(raw: bytes, filename: str = "", max_bytes: int | None = None) -> Decoded:
    """Detect the encoding of ``raw`` and return normalised text; raise IngestError if unusable."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise IngestError(f"文件超过大小限制（{_megabytes(max_bytes)}MB）")
    if not raw.strip():
        raise IngestError(EMPTY)
    if raw.startswith(_ZIP_MAGIC):
        text, encoding = _docx_text(raw, filename), "docx"
    elif raw.startswith(_OLE2_MAGIC):
        raise IngestError(OLD_WORD)
    else:
        text, encoding = _decode_bytes(raw)
    # Binary that happens to decode (GB18030 accepts many byte pairs) is full of controls and
    # private-use characters; a typed page has at most a stray one or two.
    if len(_JUNK_RE.findall(text)) > 2 + len(text) // 200:
        raise IngestError(NOT_TEXT)
    text = _normalise(text)
    if not text.strip():
        raise IngestError(EMPTY)
    return Decoded(text=text, encoding=encoding)


def decode_text(s: str) -> Decoded:
    """Normalise text pasted into the import form (no encoding to detect)."""
    text = _normalise(s)
    if not text.strip():
        raise IngestError("文本为空")
    return Decoded(text=text, encoding="text")


def _decode_bytes(raw: bytes) -> tuple[str, str]:
    # BOMs first: UTF-32 before UTF-16 because FF FE 00 00 also starts with the UTF-16 LE BOM.
    boms = (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, codec in boms:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                raise IngestError(NOT_TEXT) from None
    if b"\x00" in raw:  # no text encoding we accept without a BOM contains NUL bytes
        raise IngestError(NOT_TEXT)
    # UTF-8 is strict enough that a successful decode is almost never an accident; GB18030 is
    # the superset of GB2312/GBK that older Chinese Windows software writes.
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise IngestError(NOT_TEXT)


def _docx_text(raw: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise IngestError(BAD_DOCX if filename.lower().endswith(".docx") else NOT_TEXT) from None
    if "word/document.xml" not in names:
        raise IngestError(ZIP_NOT_DOCX)
    if unzipped > _MAX_UNZIPPED:
        raise IngestError(f"Word 文件解压后超过大小限制（{_megabytes(_MAX_UNZIPPED)}MB）")

    import docx  # python-docx pulls in lxml: load it only for Word files
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(raw))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                # Text in tables is still text of the page: keep it, one cell paragraph per line.
                for row in item.rows:
                    for cell in row.cells:
                        blocks.extend(p.text for p in cell.paragraphs)
            else:
                blocks.append(item.text)
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, LxmlError):
        raise IngestError(BAD_DOCX) from None
    # One Word paragraph per line, separated by blank lines: the parser reads a blank line as
    # a paragraph break, exactly as in a plain-text page.
    return "\n\n".join(b for b in blocks if b.strip())


def _normalise(text: str) -> str:
    text = text.replace("\ufeff", "")  # BOM, also stray zero-width no-break spaces
    text = _NEWLINES_RE.sub("\n", text)
    text = _STRAY_CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
