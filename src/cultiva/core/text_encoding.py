"""Reading an uploaded text (CSV) file's bytes: UTF-8, or Windows-1250 when that is plausible.

Spreadsheets saved on Hungarian and Romanian Windows come as UTF-8 ("CSV UTF-8") or as
Windows-1250. UTF-8 is read strictly first. Windows-1250 is chosen only when the bytes are
not UTF-8, hold (almost) no UTF-8 sequences, and read as Hungarian or Romanian letters. A
UTF-8 file with one broken byte is neither: reading it whole as Windows-1250 would import
mojibake ("JĂł sor Ĺ‘"), so it is refused with where the UTF-8 broke. No database here.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM)"
WINDOWS_1250 = "Windows-1250"

# The letters and signs of Hungarian and Romanian text beyond ASCII. Windows-1250 is only
# guessed when the decoded text holds (nearly) nothing else.
PLAUSIBLE_1250 = frozenset(
    "áéíóöőúüűÁÉÍÓÖŐÚÜŰăâîșțşţĂÂÎȘȚŞŢ"  # Hungarian, Romanian (both s/t forms)
    "äčďěňřšťýžÄČĎĚŇŘŠŤÝŽłŁ"  # neighbours' names
    "„”“’‘–—…•€°§±×·\u00a0«»"
)
# A well-formed UTF-8 sequence of two to four bytes. In a Windows-1250 file such pairs are
# rare (a capital letter followed by a punctuation sign); in a UTF-8 file with one broken
# byte they are everywhere, and read as Windows-1250 they become mojibake ("JĂł", "Ĺ‘").
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
HIGH_BYTE = re.compile(rb"[\x80-\xff]")
MOJIBAKE_TOLERANCE = 20  # at most one UTF-8-looking pair per 20 stray high bytes


class NotText(ValueError):
    """The bytes are neither UTF-8 nor plausible Windows-1250; `message` says where."""

    def __init__(self, *, line: int, column: int, offset: int):
        super().__init__(f"invalid UTF-8 at line {line}, byte {column}")
        self.line, self.column, self.offset = line, column, offset

    @property
    def message(self) -> str:
        return _(
            "The file is not valid UTF-8 text: it breaks at line %(line)d, byte %(column)d "
            "(byte %(offset)d of the file), and it does not read as Windows-1250 Hungarian "
            "or Romanian text either. Save it again as “CSV UTF-8”."
        ) % {"line": self.line, "column": self.column, "offset": self.offset}


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name: UTF8, UTF8_BOM or WINDOWS_1250), or NotText."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        broken_at = error.start
    else:
        return text, UTF8_BOM if data.startswith(b"\xef\xbb\xbf") else UTF8
    if plausible_1250(data):
        return data.decode("cp1250"), WINDOWS_1250
    raise NotText(
        line=data.count(b"\n", 0, broken_at) + 1,
        column=broken_at - (data.rfind(b"\n", 0, broken_at) + 1) + 1,
        offset=broken_at + 1,
    )


def plausible_1250(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 read as Hungarian or Romanian Windows-1250 text."""
    utf8_sequences = len(UTF8_SEQUENCE.findall(data))
    stray = len(HIGH_BYTE.findall(UTF8_SEQUENCE.sub(b"", data)))
    if not stray or utf8_sequences > stray // MOJIBAKE_TOLERANCE:
        return False  # UTF-8 with a broken byte, not Windows-1250
    try:
        text = data.decode("cp1250")
    except UnicodeDecodeError:
        return False  # bytes Windows-1250 does not define
    high = [char for char in text if ord(char) > 0x7F]
    return sum(char in PLAUSIBLE_1250 for char in high) >= 0.9 * len(high)
