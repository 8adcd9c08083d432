"""Reading a file into text, and turning offsets into the positions users see.

Every position leadlint reports is a 1-based line and a 1-based column counted in
Unicode code points of the original file, with a byte-order mark not counted and a
CRLF line ending counted as the end of its line.  Internally everything works with
character offsets into ``SourceText.text``; this module converts them.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
from dataclasses import dataclass

MAX_FILE_BYTES = 5 * 1024 * 1024
_NEWLINE = re.compile("\n")
_MATCH_END = re.Match.end


def line_starts_python(text: str) -> list[int]:
    """0 and the offset after each newline (found in one scan by ``re``: a fifth cheaper than
    splitting the text into lines); ``leadlint._text.line_starts`` does the same in C."""
    return [0, *map(_MATCH_END, _NEWLINE.finditer(text))]


try:
    from ._text import line_starts as _line_starts
except ImportError:  # built without a C compiler
    _line_starts = line_starts_python
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class ReadProblem:
    """Why a file could not be read as a UTF-8 text post.

    ``kind`` is one of ``empty``, ``binary``, ``encoding``, ``too-large``.
    ``line``/``column`` locate the first offending byte where that makes sense.
    """

    kind: str
    message: str
    line: int = 1
    column: int = 1


def read_file(path: str) -> bytes:
    """The whole file, as ``Path.read_bytes`` gives it, at a third less cost for a post-sized
    file (no pathlib, no buffered reader): one read of its size and a byte more, which comes
    back short only at the end of a regular file, else reads on to the end."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data
        chunks = [data]
        while chunks[-1]:
            chunks.append(os.read(fd, 65536))
        return b"".join(chunks)
    finally:
        os.close(fd)


class SourceText:
    """The decoded text of a file and a map from offsets to lines and columns."""

    __slots__ = ("text", "has_bom", "newline", "_line_starts")

    def __init__(self, text: str, has_bom: bool = False):
        self.text = text
        self.has_bom = has_bom
        self.newline = "\r\n" if _crlf_within(text, 4096) else "\n"
        self._line_starts: list[int] | None = None

    @property
    def line_starts(self) -> list[int]:
        """The offset of each line's first character: 0, and the offset after each newline."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        starts = self.line_starts
        line = min(max(line, 1), len(starts))
        return starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


def _crlf_within(text: str, limit: int) -> bool:
    """``"\\r\\n" in text[:limit]``, without copying and at a tenth of the cost: a lone
    character is found at memory speed (``str.find``), a pair only by a slower search, which
    then starts at the first carriage return (most texts have none)."""
    first = text.find("\r", 0, limit)
    return first != -1 and text.find("\r\n", first, limit) != -1


def char_offsets(text: str, byte_offsets, base: int = 0) -> dict[int, int]:
    """Map UTF-8 byte offsets into ``text`` to character offsets (plus ``base``), all at once.

    Parsers written in Rust (pyromark) report byte ranges; rules work in characters.  Sorting
    the offsets and decoding only the gaps between them costs one pass over the text.
    """
    if text.isascii():
        return {b: base + b for b in byte_offsets}
    encoded = text.encode("utf-8")
    result: dict[int, int] = {}
    previous_byte, previous_char = 0, base
    for b in sorted(byte_offsets):
        previous_char += len(encoded[previous_byte:b].decode("utf-8", errors="ignore"))
        previous_byte = b
        result[b] = previous_char
    return result


def decode(data: bytes) -> tuple[SourceText | None, ReadProblem | None]:
    """Decode a post's bytes as Jekyll would (UTF-8, optional BOM)."""
    if len(data) > MAX_FILE_BYTES:
        return None, ReadProblem(
            "too-large",
            f"file is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; not linted",
        )
    if not data or data.isspace():  # what `not data.strip()` says, without copying the post
        return None, ReadProblem("empty", "file is empty" if not data else "file holds only whitespace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, ReadProblem("encoding", "file is UTF-16 (it has a UTF-16 byte-order mark); Jekyll reads posts as UTF-8")
    if data.find(b"\x00", 0, _BINARY_SNIFF) != -1:
        return None, ReadProblem("binary", "file looks binary (it contains NUL bytes), not a text post")
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig" if has_bom else "utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        guess = guess_encoding(data)
        looks = f"; it looks like {guess}" if guess else ""
        return None, ReadProblem(
            "encoding",
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}){looks}; "
            "save it as UTF-8",
            line,
            column,
        )
    return SourceText(text, has_bom), None


def guess_encoding(data: bytes) -> str | None:
    """Name the legacy encoding a non-UTF-8 file most likely uses (Japanese first)."""
    if b"\x1b$B" in data or b"\x1b$@" in data:
        return "ISO-2022-JP"
    # Japanese legacy encodings first: text in them holds kana, which Chinese encodings
    # decoding the same bytes rarely produce.
    for codec, label in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\u3041" <= c <= "\u30fa" for c in text):
            return label
    for codec, label in (("gb18030", "GB18030"), ("big5", "Big5")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if sum(1 for c in text if "\u4e00" <= c <= "\u9fff") > len([c for c in text if ord(c) > 127]) / 2:
            return label
    try:
        data.decode("cp1252")
        return "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return None
