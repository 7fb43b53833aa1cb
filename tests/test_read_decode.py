"""Decoding: BOMs, UTF-8, the Cyrillic code-page scorer, binary refusal."""

import codecs

import pytest

from letopis.errors import ReadError
from letopis.read import decode_bytes, read_bytes
from letopis.read.score import best_decoding, score_text

SENTENCES = [
    "Осенью 1962 года советские ракеты были обнаружены на Кубе, и мир оказался на грани войны.",
    "Переговоры шли в Женеве; делегацию возглавлял опытный дипломат, не любивший спешить.",
    "Газета сообщила, что заседание перенесено на среду.",
    "Ёлки, яблони и юные клёны росли вдоль дороги.",
    "Я помню, как в 1957 году Жуков выступил на пленуме.",
    "Юрий Алексеевич Гагарин совершил полёт 12 апреля 1961 года.",
    "Письмо было отправлено 5 марта.\r\nОтвет пришёл через неделю.\r\n",
    "В. И. Ленин",
    "Эхо войны",
]
SINGLE_BYTE = ["cp1251", "koi8_r", "cp866", "mac_cyrillic"]
PASSAGE = (
    "Весной 1968 года в Праге заговорили о реформах. Новый первый секретарь обещал "
    "ослабить цензуру, и газеты впервые за много лет спорили открыто. В Москве "
    "читали эти статьи с растущим беспокойством, а летом начались трудные переговоры.\n"
)


@pytest.mark.parametrize("encoding", SINGLE_BYTE)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_single_byte_code_pages_are_told_apart(sentence, encoding):
    decoded = decode_bytes(sentence.encode(encoding))
    assert decoded.text == sentence
    assert decoded.encoding == encoding
    assert decoded.replaced == 0


def test_all_caps_headline():
    headline = "ДОКЛАД О ПОЛОЖЕНИИ В СЕЛЬСКОМ ХОЗЯЙСТВЕ"
    for encoding in SINGLE_BYTE:
        # cp866 and mac-cyrillic share their upper-case letters: the text is what counts.
        assert decode_bytes(headline.encode(encoding)).text == headline


def test_quotes_and_dashes_in_cp1251():
    text = "Съезд открылся в Кремлёвском дворце — делегатов встречали «по-праздничному» № 1…"
    for encoding in ("cp1251", "mac_cyrillic"):
        assert decode_bytes(text.encode(encoding)).text == text


@pytest.mark.parametrize("encoding", SINGLE_BYTE)
def test_short_pieces_of_a_passage(encoding):
    data = PASSAGE.encode(encoding)
    for start in range(0, len(data) - 40, 40):
        piece = data[start:start + 40]
        assert decode_bytes(piece).text == piece.decode(encoding)


def test_koi8_reading_of_cp1251_swaps_case():
    data = "Переговоры продолжались".encode("cp1251")
    right, wrong = score_text(data.decode("cp1251")), score_text(data.decode("koi8_r"))
    assert right.value > wrong.value
    assert best_decoding(data)[1].encoding == "cp1251"


def test_utf8_plain_and_with_bom():
    assert decode_bytes(PASSAGE.encode("utf-8")).text == PASSAGE
    decoded = decode_bytes(codecs.BOM_UTF8 + PASSAGE.encode("utf-8"))
    assert decoded.text == PASSAGE
    assert not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32(codec):
    data = PASSAGE.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        # No BOM: sniffed from the 0x00/0x04 high bytes.
        assert decode_bytes(data).text == PASSAGE
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode_bytes(data).text == PASSAGE


def test_text_is_untouched():
    text = "Строка первая\r\nвторая\rтретья\n\n\tс табуляцией  \u00a0и пробелами  \n"
    assert decode_bytes(text.encode("utf-8")).text == text
    assert decode_bytes(text.encode("cp1251")).text == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")).text == text


def test_only_the_leading_bom_is_stripped():
    text = "начало\ufeffсередина"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")).text == text


def test_markdown_markup_is_kept():
    text = "# Заголовок\n\n**Жирный** текст и [ссылка](http://example.org).\n"
    doc = read_bytes(text.encode("utf-8"), "note.md")
    assert doc.text == text
    assert doc.source == "note.md"


def test_empty_data_is_an_empty_text():
    assert decode_bytes(b"").text == ""
    assert read_bytes(b"", "empty.txt").text == ""
    assert decode_bytes(codecs.BOM_UTF8).text == ""


def test_a_few_broken_bytes_in_utf8_are_replaced():
    data = PASSAGE[:15].encode("utf-8") + b"\xff" + PASSAGE[15:].encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 1
    assert decoded.text == PASSAGE[:15] + "\ufffd" + PASSAGE[15:]


def test_undefined_byte_never_crashes():
    data = "Текст ".encode("cp1251") + b"\x98" + " и дальше текст".encode("cp1251")
    assert len(decode_bytes(data).text) == len(data)
    assert decode_bytes(data, encoding="cp1251").replaced == 1


def test_forced_encoding():
    data = "Прага".encode("koi8_r")
    assert decode_bytes(data, encoding="koi8-r").text == "Прага"
    assert decode_bytes(data, encoding="cp1251").text == data.decode("cp1251")
    with pytest.raises(ReadError, match="unknown encoding"):
        decode_bytes(data, "x.txt", encoding="no-such-codec")


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"PK\x03\x04\x14\x00\x06\x00",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x7fELF\x02\x01\x01\x00",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    b"text\x00with\x00many\x00nul\x00bytes\x00" * 4,
    bytes(range(256)) * 4,
])
def test_binary_data_is_refused_in_one_line(data):
    with pytest.raises(ReadError) as info:
        decode_bytes(data, "blob.bin")
    message = str(info.value)
    assert message.startswith("blob.bin: not a text file")
    assert "\n" not in message


def test_a_stray_nul_is_still_text():
    text = "Первая строка\x00 вторая строка, довольно длинная, чтобы доля была мала."
    assert decode_bytes(text.encode("utf-8")).text == text


def test_mostly_undecodable_utf16_is_refused():
    data = codecs.BOM_UTF16_LE + b"\x00\xd8" * 50
    with pytest.raises(ReadError, match="undecodable"):
        decode_bytes(data, "odd.txt")
