"""decode(): encodings, newlines, BOMs, Word files and the rejections editors see."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile

import docx
import pytest

from articles.ingest.decode import decode, decode_text
from articles.ingest.records import IngestError

PAGE = "桐川区召开安全生产工作推进会\n\n本报讯 5月21日上午,区委书记陈立群主持会议并讲话。\n"


def _docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "utf-8-sig"),
        (PAGE.encode("utf-16"), "utf-16"),  # with the platform's BOM
        (b"\xfe\xff" + PAGE.encode("utf-16-be"), "utf-16"),
        (b"\xff\xfe" + PAGE.encode("utf-16-le"), "utf-16"),
        (PAGE.encode("gb18030"), "gb18030"),
        (PAGE.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
        (PAGE.encode("utf-32"), "utf-32"),
    ],
)
def test_encodings_are_detected_and_give_the_same_text(raw: bytes, encoding: str) -> None:
    decoded = decode(raw, "page.txt")
    assert decoded.encoding == encoding
    assert decoded.text == PAGE


def test_ascii_only_text_is_utf8() -> None:
    assert decode(b"hello\n").encoding == "utf-8"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"])
def test_newlines_are_normalised(newline: bytes) -> None:
    raw = newline.join(["第一行".encode(), b"", "第三行".encode()])
    assert decode(raw).text == "第一行\n\n第三行"


def test_gb18030_with_crlf() -> None:
    raw = PAGE.replace("\n", "\r\n").encode("gb18030")
    decoded = decode(raw, "page.txt")
    assert decoded.encoding == "gb18030"
    assert decoded.text == PAGE


def test_text_is_nfc_and_layout_is_kept() -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    raw = f"\u3000\u3000{decomposed}\n\n\n正文".encode()
    assert decode(raw).text == "\u3000\u3000Café\n\n\n正文"


def test_stray_bom_and_controls_are_dropped() -> None:
    raw = "\ufeff甲\ufeff乙\x0c丙\x07".encode()
    assert decode(raw).text == "甲乙\n丙"


def test_docx_paragraphs_become_lines_separated_by_blank_lines() -> None:
    raw = _docx_bytes("标题", "", "本报讯 近日,桐川区召开会议。", table=[["表格", "内容"]])
    decoded = decode(raw, "稿件.docx")
    assert decoded.encoding == "docx"
    assert decoded.text == "标题\n\n本报讯 近日,桐川区召开会议。\n\n表格\n\n内容"


def test_docx_is_sniffed_without_its_extension() -> None:
    assert decode(_docx_bytes("正文"), "upload.bin").encoding == "docx"


def test_zip_that_is_not_a_word_file_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "文本")
    with pytest.raises(IngestError, match="压缩包"):
        decode(buffer.getvalue(), "a.zip")


def test_corrupt_docx_is_rejected_with_a_message() -> None:
    raw = _docx_bytes("正文")
    with pytest.raises(IngestError, match="Word"):
        decode(raw[: len(raw) // 2], "稿件.docx")


def test_broken_document_xml_is_rejected_with_a_message() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(IngestError, match="Word"):
        decode(buffer.getvalue(), "稿件.docx")


def test_legacy_doc_is_rejected_with_advice() -> None:
    with pytest.raises(IngestError, match=r"\.docx"):
        decode(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "稿件.doc")


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf"])
def test_empty_or_blank_files_are_rejected(raw: bytes) -> None:
    with pytest.raises(IngestError, match="文件为空"):
        decode(raw, "empty.txt")


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # NUL bytes
        bytes(range(256)) * 4,
        random.Random(0).randbytes(2048).replace(b"\x00", b"\x01") + b"\xff\xff",
        b"\x01\x02\x03\x04\x05\x06" * 50,  # decodes, but is all control characters
        "标题\n\n正文".encode("utf-16-le"),  # UTF-16 without a BOM: NULs, not accepted
    ],
)
def test_binary_is_rejected(raw: bytes) -> None:
    with pytest.raises(IngestError, match="不是文本"):
        decode(raw, "x.bin")


def test_size_limit_is_checked_before_anything_else() -> None:
    with pytest.raises(IngestError, match=r"文件超过大小限制（1MB）"):
        decode(b"a" * (1024 * 1024 + 1), "big.txt", max_bytes=1024 * 1024)
    assert decode(b"a" * 10, "ok.txt", max_bytes=10).text == "a" * 10


def test_size_limit_message_shows_fractions() -> None:
    with pytest.raises(IngestError, match=r"（0\.5MB）"):
        decode(b"a" * (512 * 1024 + 1), max_bytes=512 * 1024)


def test_pasted_text_is_normalised_like_a_file() -> None:
    decoded = decode_text("\ufeff标题\r\n\r\n正文\r")
    assert decoded.encoding == "text"
    assert decoded.text == "标题\n\n正文\n"


def test_blank_pasted_text_is_rejected() -> None:
    with pytest.raises(IngestError):
        decode_text(" \n\u3000 ")
