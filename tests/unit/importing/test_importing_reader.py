"""Reading files safely: encodings, delimiters, binary input, xlsx traps and bombs."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from collections.abc import Callable
from datetime import time as datetime_time
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from desktop_crm.services.importing import reader
from desktop_crm.services.importing.reader import (
    MAX_ZIP_MEMBERS,
    decode_text,
    detect_delimiter,
    inspect_zip,
    read_sheets,
)
from desktop_crm.services.importing.records import ImportFileError, UnsafeFile

TABLE = (
    "订单编号,买家会员名,收货地址\r\n1001,张三,浙江省 杭州市 西湖区\r\n"
    "1002,Zoë “引号”,北京 北京市\r\n"
)
ROWS = [
    ["订单编号", "买家会员名", "收货地址"],
    ["1001", "张三", "浙江省 杭州市 西湖区"],
    ["1002", "Zoë “引号”", "北京 北京市"],
]


@pytest.mark.parametrize(
    "encoded",
    [
        TABLE.encode("utf-8"),
        codecs.BOM_UTF8 + TABLE.encode("utf-8"),
        TABLE.replace("Zoë", "Zoe").encode("gbk"),
        TABLE.encode("gb18030"),
        TABLE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + TABLE.encode("utf-16-be"),
        TABLE.encode("utf-16-le"),  # no BOM: recognised by its NUL pattern
        codecs.BOM_UTF8 + TABLE.encode("gb18030"),  # a BOM in front of GB18030 bytes
        "\ufeff".encode("gb18030") + TABLE.encode("gb18030"),  # GB18030's own BOM (WPS, Notepad++)
    ],
    ids="utf8 utf8-bom gbk gb18030 utf16 utf16-be utf16-le-nobom bom+gbk gb18030-bom".split(),
)
def test_same_table_in_every_encoding_gives_identical_rows(
    write_file: Callable[..., Path], encoded: bytes
) -> None:
    path = write_file("t.csv", encoded)
    (sheet,) = read_sheets(path)
    expected = [[c.replace("Zoë", "Zoe") for c in r] for r in ROWS]
    got = [[str(c).replace("Zoë", "Zoe") for c in r] for r in sheet.rows]
    assert got == expected
    assert not any("\ufffd" in str(c) for r in sheet.rows for c in r)


def test_gbk_is_detected_as_gb18030_family() -> None:
    text, enc = decode_text("订单编号,买家\r\n".encode("gbk"), "x.csv")
    assert text == "订单编号,买家\r\n" and enc == "gb18030"
    text, enc = decode_text(codecs.BOM_UTF8 + "订单".encode("gbk"), "x.csv")
    assert text == "订单" and "gb18030" in enc


def test_undecodable_text_is_refused_or_exact() -> None:
    # Invalid in UTF-8 and GB18030: either a clean decode by the last-resort guesser or an
    # ImportFileError; never replacement characters.
    data = b"name,note\r\nabc,\x90\xff\x81\r\n"
    try:
        text, _ = decode_text(data, "x.csv")
    except ImportFileError as exc:
        assert "x.csv" in str(exc)
    else:
        assert "\ufffd" not in text


def test_bom_then_garbage_is_refused() -> None:
    with pytest.raises(ImportFileError):
        decode_text(codecs.BOM_UTF8 + b"\xff\xff\xff\x80", "x.csv")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2,5\t3\n4\tx,y,z,w\t6\n", "\t"),
        ("Bestellnummer;Gesamtbetrag;Verkauft am\n1;116,99 €;10-Dez-25\n", ";"),
        (',,,,,\n"Sales Record Number","Order Number","Buyer Username"\n,,\n1,2,3\n', ","),
        ("single\nvalue\n", ","),
    ],
)
def test_detect_delimiter(text: str, delimiter: str) -> None:
    assert detect_delimiter(text) == delimiter


def test_tsv_with_commas_in_cells(write_file: Callable[..., Path]) -> None:
    path = write_file(
        "t.txt", "订单号\t商品\t金额\n1\t抽纸, 3包\t9.90\n2\t湿巾, 大包, 加厚\t5.00\n"
    )
    (sheet,) = read_sheets(path)
    assert sheet.delimiter == "\t"
    assert sheet.rows[2] == ["2", "湿巾, 大包, 加厚", "5.00"]


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 200 + b"a,b\n1,2\n",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
        bytes(range(256)) * 50,
    ],
    ids=["nul-prefix", "png", "binary"],
)
def test_binary_files_are_refused(write_file: Callable[..., Path], data: bytes) -> None:
    path = write_file("orders.csv", data)
    with pytest.raises(ImportFileError, match="orders.csv"):
        read_sheets(path)


def test_a_few_nul_bytes_in_a_text_file_are_dropped(write_file: Callable[..., Path]) -> None:
    path = write_file("t.csv", "a,b\r\n1,x\x00y\r\n" + "2,z\r\n" * 50)
    (sheet,) = read_sheets(path)
    assert sheet.rows[1] == ["1", "xy"]


def test_missing_empty_and_directory(tmp_path: Path, write_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportFileError, match="not found"):
        read_sheets(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="empty"):
        read_sheets(write_file("empty.csv", b""))
    with pytest.raises(ImportFileError):
        read_sheets(tmp_path)


def test_size_limit(write_file: Callable[..., Path]) -> None:
    path = write_file("big.csv", "a,b\n" * 1000)
    with pytest.raises(UnsafeFile, match="big.csv"):
        read_sheets(path, max_bytes=100)
    assert len(read_sheets(path)[0].rows) == 1000


@pytest.mark.parametrize(
    ("text", "limit"),
    [("a\n" * 1001, "MAX_CSV_LINES"), ("a," * 2000 + "\n", "MAX_CSV_CELLS")],
)
def test_too_many_lines_or_cells_are_refused_before_rows_are_built(
    write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, text: str, limit: str
) -> None:
    from desktop_crm.services.importing import reader

    monkeypatch.setattr(reader, limit, 1000)
    path = write_file("junk.csv", text)
    with pytest.raises(UnsafeFile, match=r"junk\.csv has .* shorter period"):
        read_sheets(path)
    monkeypatch.setattr(reader, limit, 3000)
    assert read_sheets(path)[0].rows


def test_unbalanced_quote_swallowing_the_file_is_refused(write_file: Callable[..., Path]) -> None:
    path = write_file("q.csv", 'a,b\n"open,' + "x" * 200_000 + "\n")
    with pytest.raises(ImportFileError, match="q.csv"):
        read_sheets(path)


# --------------------------------------------------------------------------------------------
# Workbooks


def _workbook(path: Path, rows: int, *, epoch1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单"
    if epoch1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws.append(["id", "name"])
    for i in range(rows):
        ws.append([i, f"名字{i}"])
    wb.save(path)
    return path


def test_dimension_trap_reads_every_row(
    tmp_path: Path, patch_dimension: Callable[[Path, str], None]
) -> None:
    path = _workbook(tmp_path / "trap.xlsx", 500)
    patch_dimension(path, "A1:A21")
    ro = openpyxl.load_workbook(path, read_only=True)
    assert ro.active.max_row == 21  # the trap is real: openpyxl read-only would stop here
    ro.close()
    (sheet,) = read_sheets(path)
    assert len(sheet.rows) == 501
    assert sheet.rows[-1] == [499.0, "名字499"]


def test_date1904_flag(tmp_path: Path) -> None:
    assert read_sheets(_workbook(tmp_path / "a.xlsx", 3))[0].date1904 is False
    assert read_sheets(_workbook(tmp_path / "b.xlsx", 3, epoch1904=True))[0].date1904 is True


def test_every_sheet_is_returned_with_row_numbers_kept(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "导出说明"
    ws = wb.create_sheet("数据")
    ws["B3"] = "x"  # starts on row 3, column B: calamine must not shift it to row 1
    wb.save(tmp_path / "m.xlsx")
    sheets = read_sheets(tmp_path / "m.xlsx")
    assert [s.name for s in sheets] == ["说明", "数据"]
    assert sheets[1].rows[2][1] == "x"


# --- read in steps (a reader on the worker must not hold the GIL for a whole file) --------


def _offset_workbook(path: Path, rows: int) -> Path:
    """Data from C3 (blank rows 1-2 and columns A-B), a blank row inside, a time cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D3"] = "订单编号", "付款时间"
    for i in range(rows):
        ws.cell(row=5 + i, column=3, value=f"10{i}")
        ws.cell(row=5 + i, column=4, value=datetime_time(7, i % 60) if i == 1 else 1.5 * i)
    ws.cell(row=5 + rows, column=6, value="末")
    wb.save(path)
    return path


@pytest.mark.parametrize("chunk", [1, 3, 2000])
def test_worksheet_rows_in_steps_are_what_to_python_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(reader, "CHUNK_ROWS", chunk)
    path = _offset_workbook(tmp_path / "offset.xlsx", 7)
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    whole = sheet.to_python(skip_empty_area=False)
    whole[5][3] = "07:01:00"  # the one time cell, as text
    (read,) = read_sheets(path)
    assert read.rows == whole
    assert read.rows[2][2:4] == ["订单编号", "付款时间"] and read.rows[-1][5] == "末"


class _RowsFromFirstUsed:
    """A calamine whose iter_rows starts at the first used row and column (not row 1)."""

    def __init__(self, rows: list[list[object]], start: tuple[int, int]) -> None:
        self.start = start
        self.end = (start[0] + len(rows) - 1, start[1] + len(rows[0]) - 1)
        self._rows = rows

    def iter_rows(self) -> object:
        return iter([list(r) for r in self._rows])


def test_worksheet_rows_fill_in_leading_blanks_whichever_way_calamine_counts() -> None:
    used = [["a", 1.0], ["", 2.0]]
    expected = [["", "", ""], ["", "", ""], ["", "a", 1.0], ["", "", 2.0]]
    assert reader._worksheet_rows(_RowsFromFirstUsed(used, (2, 1))) == expected
    from_a1 = _RowsFromFirstUsed([["", ""], ["", ""], *used], (0, 1))
    from_a1.start = (2, 1)  # the used area starts on row 3; its rows come from row 1
    assert reader._worksheet_rows(from_a1) == expected
    empty = _RowsFromFirstUsed([[""]], (0, 0))
    empty.start = None
    assert reader._worksheet_rows(empty) == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le"])
def test_decoding_in_steps_gives_the_same_text_and_the_same_refusals(
    monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    monkeypatch.setattr(reader, "_DECODE_STEP", 5)  # multi-byte characters split across steps
    text = "订单编号,买家\n1001,张三 € Zoë\n" * 4 + "𠀀"
    data = text.encode(encoding)
    assert reader._decode(data, encoding) == text
    with pytest.raises(UnicodeDecodeError):
        reader._decode(data[:-1], encoding)  # cut inside the last character
    if encoding != "utf-16-le":
        with pytest.raises(UnicodeDecodeError):
            reader._decode(data[:12] + b"\xff\xff" + data[12:], encoding)


def test_csv_rows_read_in_steps(write_file: Callable[..., Path], monkeypatch) -> None:
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    monkeypatch.setattr(reader, "_DECODE_STEP", 7)
    (sheet,) = read_sheets(write_file("t.csv", TABLE.encode("gb18030")))
    assert sheet.rows == ROWS and sheet.encoding == "gb18030"
    broken = TABLE + '1003,"unclosed,' + "x" * 200_000 + "\n"  # over the csv field limit
    with pytest.raises(ImportFileError, match="not a readable CSV"):
        read_sheets(write_file("b.csv", broken.encode()))


def test_corrupt_workbooks(tmp_path: Path, write_file: Callable[..., Path]) -> None:
    good = _workbook(tmp_path / "good.xlsx", 50).read_bytes()
    with pytest.raises(ImportFileError, match="cut.xlsx"):
        read_sheets(write_file("cut.xlsx", good[: len(good) // 2]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="other.xlsx"):
        read_sheets(write_file("other.xlsx", buf.getvalue()))
    with pytest.raises(ImportFileError):
        read_sheets(write_file("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def _refused_quickly(path: Path, limit: float = 2.0) -> UnsafeFile | ImportFileError:
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as info:
        read_sheets(path)
    assert time.perf_counter() - start < limit
    assert path.name in str(info.value)
    return info.value


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for i in range(MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"xl/media/{i}.bin", b"")
    exc = _refused_quickly(path)
    assert isinstance(exc, UnsafeFile) and "members" in exc.message


def test_declared_size_over_the_limit(
    tmp_path: Path, declare_size: Callable[[Path, str, int], None]
) -> None:
    path = _workbook(tmp_path / "huge.xlsx", 10)
    declare_size(path, "xl/worksheets/sheet1.xml", 300 * 1024 * 1024)
    exc = _refused_quickly(path)
    assert isinstance(exc, UnsafeFile) and "zip bomb" in exc.message


def test_compression_ratio_over_the_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ratio.xlsx", 10)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.png", b"\x00" * (8 * 1024 * 1024))
    exc = _refused_quickly(path)
    assert isinstance(exc, UnsafeFile) and "100:1" in exc.message


def test_member_larger_than_it_declares(
    tmp_path: Path, declare_size: Callable[[Path, str, int], None]
) -> None:
    path = _workbook(tmp_path / "liar.xlsx", 3000)
    declare_size(path, "xl/worksheets/sheet1.xml", 1000)
    _refused_quickly(path)


BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_billion_laughs_is_refused(tmp_path: Path, member: str) -> None:
    src = tmp_path / "src.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["订单编号", "买家会员名"])
    wb.active.append(["1", "张三"])
    wb.save(src)
    path = tmp_path / "laughs.xlsx"
    # openpyxl writes inline strings; give the workbook a shared-strings part like Excel's.
    shared = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main" count="1" uniqueCount="1"><si><t>1</t></si></sst>'
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
        parts["xl/sharedStrings.xml"] = shared
        for name, data in parts.items():
            if name == member:
                body = data.decode().split("?>", 1)[-1]
                data = (BOMB + body.replace(">1<", ">&lol9;<", 1)).encode()
            zout.writestr(name, data)
    exc = _refused_quickly(path, limit=1.0)
    assert isinstance(exc, UnsafeFile) and "XML bomb" in exc.message


def test_inspect_zip_on_a_clean_workbook(tmp_path: Path) -> None:
    assert inspect_zip(_workbook(tmp_path / "ok.xlsx", 100)) is False
