"""core.text_encoding: UTF-8 strictly, Windows-1250 only when plausible, else where it broke."""

from __future__ import annotations

import pytest

from cultiva.core.text_encoding import NotText, decode_text

HUNGARIAN = "Cím;Leírás\nJó sor ő;Árvíztűrő tükörfúrógép, őszi ünnep\n"
ROMANIAN = "Titlu;Descriere\nŞcoală de vară;Târgul de toamnă la Băile Tuşnad, ţară\n"


def test_utf8_with_and_without_bom():
    assert decode_text(HUNGARIAN.encode()) == (HUNGARIAN, "UTF-8")
    assert decode_text(b"\xef\xbb\xbf" + HUNGARIAN.encode()) == (HUNGARIAN, "UTF-8 (BOM)")


@pytest.mark.parametrize("text", [HUNGARIAN, ROMANIAN])
def test_windows_1250_hungarian_and_romanian(text):
    assert decode_text(text.encode("cp1250")) == (text, "Windows-1250")


def test_utf8_with_one_broken_byte_names_where_it_broke():
    data = HUNGARIAN.encode() + "Harmadik;ő".encode() + b"\xff\n"
    with pytest.raises(NotText) as refused:
        decode_text(data)
    assert (refused.value.line, refused.value.column) == (3, len("Harmadik;ő".encode()) + 1)
    # Read whole as Windows-1250 it would have been "JĂł sor Ĺ‘": never returned.


def test_a_windows_1250_file_with_a_stray_utf8_looking_pair_is_still_read():
    text = HUNGARIAN * 30 + "É„idézet”\n"  # É then „ is a valid UTF-8 pair in cp1250 bytes
    assert decode_text(text.encode("cp1250"))[1] == "Windows-1250"


def test_other_code_pages_are_refused():
    with pytest.raises(NotText):
        decode_text("Заглавие;Описание\nПривет;мир\n".encode("cp1251"))
