"""Refusals a merchant meets in the window (an undo or unmerge that has to wait) are worded in
the window's language, like the storage errors: the services write English, the view
translates the sentences it knows and keeps their values."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from desktop_crm.errors import CrmError
from desktop_crm.services import customers as cs
from desktop_crm.services import duplicates as dup
from desktop_crm.services.importing import engine
from desktop_crm.services.importing.records import ParsedOrder
from desktop_crm.services.importing.samples import write_export
from desktop_crm.views.error_dialog import storage_error_text

NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _refusal(call, *args, **kw) -> str:  # noqa: ANN001, ANN002, ANN003
    with pytest.raises(CrmError) as caught:
        call(*args, **kw)
    return caught.value.message


def _file(tmp_path: Path, name: str, statuses: dict[int, str]) -> Path:
    orders = [
        ParsedOrder(
            row=0,
            platform="taobao",
            order_no=str(7400000000000000000 + n),
            ordered_at=datetime(2026, 11, 1, 9, n),
            status=status,
            paid=1000,
            currency="CNY",
            buyer_key="甲",
            buyer_name="甲",
        )  # fmt: skip
        for n, status in statuses.items()
    ]
    return write_export("taobao", orders, tmp_path / name)


def test_undo_and_unmerge_refusals_read_in_chinese(db_path: Path, tmp_path: Path, chinese) -> None:
    first = engine.import_file(
        _file(tmp_path, "ExportOrderList202611010900.csv", {1: "paid"}), now=NOW
    )
    second = engine.import_file(
        _file(tmp_path, "ExportOrderList202611020900.csv", {1: "completed", 2: "paid"}), now=NOW
    )
    messages = [_refusal(engine.undo_batch, first.batch_id, now=NOW)]
    engine.undo_batch(second.batch_id, now=NOW)
    messages.append(_refusal(engine.undo_batch, second.batch_id, now=NOW))

    def person(name: str, province: str | None = None) -> int:
        data = cs.CustomerInput(name, province=province)
        return cs.create_customer(data, today=TODAY, now=NOW)

    a, b, c = person("王芳", "浙江省"), person("王芳2", "江苏省"), person("王芳3", "广东省")
    m1 = dup.merge(a, b, {"address": "merged"}, now=NOW, today=TODAY)
    dup.merge(a, c, {"address": "merged"}, now=NOW, today=TODAY)
    messages.append(_refusal(dup.unmerge, m1.merge_id, now=NOW, today=TODAY))  # changed later
    m2 = dup.merge(person("李雷"), person("李雷2"), {}, now=NOW, today=TODAY)
    dup.unmerge(m2.merge_id, now=NOW, today=TODAY)
    messages.append(_refusal(dup.unmerge, m2.merge_id, now=NOW, today=TODAY))  # already undone
    g = person("韩梅梅")
    m3 = dup.merge(g, person("韩梅梅2"), {}, now=NOW, today=TODAY)
    dup.merge(person("韩梅梅3"), g, {}, now=NOW, today=TODAY)
    messages.append(_refusal(dup.unmerge, m3.merge_id, now=NOW, today=TODAY))  # merged away
    assert len(messages) == 5
    for message in messages:
        text = storage_error_text(message)
        assert CJK.search(text) and "cannot" not in text and "undone" not in text, message


@pytest.mark.parametrize(
    "message",
    [
        "The disk is full: /d/c.csv could not be written. No file was left behind.",
        "/d/b.db cannot be written there (Not a directory). Nothing was written.",
        "Re-writing /d/crm.db failed: disk I/O error. Nothing was changed.",
        "The folder /d/usb does not exist.",
        "Cannot lock /d/crm.db: it keeps being replaced.",
    ],
)
def test_more_storage_sentences_read_in_chinese(chinese, message: str) -> None:
    text = storage_error_text(message)
    assert CJK.search(text), text
    assert not re.search(r"\b(written|directory|exist|replaced|disk is)\b", text), text


def test_an_erasure_short_of_room_reads_in_chinese(db_path: Path, tmp_path: Path, chinese) -> None:
    # The erasure's own refusals and its unfinished rewrite reached the window in English.
    from desktop_crm.errors import DiskFull
    from desktop_crm.services.privacy import ErasureResult, _unfinished

    messages = [
        "Not enough free space on the disk of /d to erase and then rewrite the database file "
        "without the erased data: about 2.8 MB is needed, 1.8 MB is free. Nothing was changed; "
        "free some space and try again.",
        str(_unfinished([ErasureResult(7)], DiskFull("full"))),
        str(_unfinished([ErasureResult(7), ErasureResult(8)], DiskFull("full"))),
        str(_unfinished([ErasureResult(7, already_erased=True)], DiskFull("full"))),
    ]
    for message in messages:
        text = storage_error_text(message)
        assert CJK.search(text), text
        assert not re.search(r"\b(erased|rewritten|space|disk is)\b", text), text
