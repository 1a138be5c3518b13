"""The Customers page, driven as a user would: typing, clicking, keys, dialogs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop_crm.models import Customer, Order
from desktop_crm.services import customers as svc
from desktop_crm.views.customer_dialog import CustomerDialog
from desktop_crm.views.customer_model import CustomerTableModel
from desktop_crm.views.customers_page import CustomersPage
from desktop_crm.views.main_window import MainWindow

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def people(db_path: Path) -> dict[str, int]:
    made = {}
    for name, phone, tags in [
        ("张伟", "13800138000", ["VIP"]),
        ("李娜", "139****4321", []),
        ("王芳", "", ["批发"]),
        ("Emma Smith", "+44 20 7946 0958", []),
    ]:
        made[name] = svc.create_customer(
            svc.CustomerInput(name, phone=phone, tags=tags), today=NOW.date(), now=NOW
        )
    Order.create(
        platform="taobao",
        order_no="1",
        customer=made["张伟"],
        ordered_at=NOW,
        status="completed",
        paid=12345,
        currency="CNY",
    )
    from desktop_crm.services.totals import recompute_totals

    recompute_totals()
    return made


@pytest.fixture
def page(qtbot, app, ui_state, people) -> CustomersPage:
    widget = CustomersPage(ui_state)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def _names(page: CustomersPage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, db_path, people) -> None:
    model = CustomerTableModel()
    model.refresh()
    qtmodeltester.check(model, force_py=True)


def test_typing_in_search_filters_rows(qtbot, type_text, page: CustomersPage) -> None:
    assert len(_names(page)) == 4
    type_text(page.search_edit, "张伟")
    qtbot.waitUntil(lambda: _names(page) == ["张伟"], timeout=2000)
    page.search_edit.clear()
    type_text(page.search_edit, "4321")
    qtbot.waitUntil(lambda: _names(page) == ["李娜"], timeout=2000)
    page.search_edit.clear()
    type_text(page.search_edit, "nobody-at-all")
    qtbot.waitUntil(lambda: _names(page) == [], timeout=2000)
    assert "0" in page.count_label.text()


def test_tag_filter(qtbot, page: CustomersPage) -> None:
    index = next(i for i in range(page.tag_combo.count()) if "VIP" in page.tag_combo.itemText(i))
    page.tag_combo.setCurrentIndex(index)
    page.tag_combo.activated.emit(index)
    assert _names(page) == ["张伟"]


def test_header_clicks_sort_by_total_paid_both_ways(qtbot, page: CustomersPage) -> None:
    from PySide6.QtCore import QPoint

    from desktop_crm.views.customer_model import COL_TOTAL, RAW_ROLE

    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_TOTAL) + 5

    def totals() -> list[int]:
        m = page.model
        return [m.data(m.index(r, COL_TOTAL), RAW_ROLE) for r in range(m.rowCount())]

    # A header click sorts on the worker: the rows change when the new order arrives.
    with qtbot.waitSignal(page.model.sorted):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = totals()
    with qtbot.waitSignal(page.model.sorted):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    second = totals()
    assert sorted(first) in (first, list(reversed(first)))
    assert second == sorted(first, reverse=first == sorted(first))
    assert 12345 in (first[0], second[0])


def _dialog(qtbot) -> CustomerDialog:
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), CustomerDialog), timeout=2000
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CustomerDialog)
    return dialog


def test_create_customer_through_the_dialog(qtbot, type_text, page: CustomersPage) -> None:
    page.new_customer()
    dialog = _dialog(qtbot)
    type_text(dialog.name_edit, "赵敏")
    type_text(dialog.phone_edit, "+86 137 0000 1111")
    type_text(dialog.tags_edit, "VIP, 新客")
    with qtbot.waitSignal(dialog.customer_saved):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    c = Customer.get(Customer.display_name == "赵敏")
    assert c.phone == "13700001111" and c.tags == "VIP, 新客"
    assert page.current_customer_id() == c.id
    assert "赵敏" in page.detail.title.text()


def test_an_imported_landline_does_not_stop_an_edit_of_the_name(
    qtbot, type_text, page: CustomersPage, people: dict[str, int]
) -> None:
    cid = people["王芳"]
    # As an import stores them: the form alone would refuse both. The address is longer than
    # a line edit's default limit (32,767), which cut it and then refused it as typed.
    Customer.update(phone="0571-88888888", address="很长的地址" * 7000).where(
        Customer.id == cid
    ).execute()
    page.edit_customer(cid)
    dialog = _dialog(qtbot)
    dialog.name_edit.clear()
    type_text(dialog.name_edit, "王芳芳")
    with qtbot.waitSignal(dialog.customer_saved):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    c = Customer.get_by_id(cid)
    assert (c.display_name, c.phone, c.address) == ("王芳芳", "0571-88888888", "很长的地址" * 7000)


def test_tags_typed_with_a_chinese_enumeration_comma_are_several(
    qtbot, type_text, page: CustomersPage
) -> None:
    # As a customer list's cell is split: "、" and "；" separate tags as commas do.
    page.new_customer()
    dialog = _dialog(qtbot)
    type_text(dialog.name_edit, "赵敏")
    type_text(dialog.tags_edit, "老客户、回头客；VIP，批发")
    with qtbot.waitSignal(dialog.customer_saved):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    cid = Customer.get(Customer.display_name == "赵敏").id
    assert svc.get_customer(cid).tags == ["VIP", "回头客", "批发", "老客户"]


def test_bad_phone_shows_message_and_saves_nothing(qtbot, type_text, page: CustomersPage) -> None:
    page.new_customer()
    dialog = _dialog(qtbot)
    type_text(dialog.name_edit, "赵敏")
    type_text(dialog.phone_edit, "12345")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    error = dialog._errors["phone"]
    assert error is not None and error.isVisible() and "13800138000" in error.text()
    assert dialog.isVisible()  # still open, with what the user typed
    assert dialog.name_edit.text() == "赵敏" and dialog.phone_edit.text() == "12345"
    assert Customer.select().where(Customer.display_name == "赵敏").count() == 0
    dialog.phone_edit.clear()
    with qtbot.waitSignal(dialog.customer_saved):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert Customer.select().where(Customer.display_name == "赵敏").count() == 1


def test_edit_customer(qtbot, type_text, page: CustomersPage, people) -> None:
    page.select_customer(people["王芳"])
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot)
    assert dialog.name_edit.text() == "王芳"
    dialog.city_edit.clear()
    type_text(dialog.city_edit, "杭州市")
    with qtbot.waitSignal(dialog.customer_saved):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert Customer.get_by_id(people["王芳"]).city == "杭州市"
    assert "杭州市" in page.detail._fields["address"].text()


def _answer_delete(qtbot, click_delete: bool) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "order" in box.informativeText()
        for button in box.buttons():
            if isinstance(button, QPushButton) and (button.text() == "Delete") == click_delete:
                if click_delete or box.buttonRole(button) == QMessageBox.ButtonRole.RejectRole:
                    button.click()
                    return

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, answer)


def test_delete_key_asks_then_deletes(qtbot, page: CustomersPage, people) -> None:
    page.select_customer(people["张伟"])
    page.table.setFocus()
    _answer_delete(qtbot, click_delete=False)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert Customer.get_or_none(Customer.id == people["张伟"]) is not None
    _answer_delete(qtbot, click_delete=True)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert Customer.get_or_none(Customer.id == people["张伟"]) is None
    assert Order.get().customer_id is None
    assert "张伟" not in _names(page)


def test_enter_opens_the_customer_window(qtbot, page: CustomersPage, people) -> None:
    page.select_customer(people["张伟"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page._windows and page._windows[0].detail.customer_id() == people["张伟"]
    assert "1" in page._windows[0].detail.tabs.tabText(1)
    window = page._windows[0]
    assert window.windowTitle() == "张伟"
    # Renamed (here through the service, as the Edit dialog saves): the title follows.
    svc.update_customer(
        people["张伟"], svc.CustomerInput("张伟（老客户）"), today=NOW.date(), now=NOW
    )
    page._on_customer_saved(people["张伟"])
    assert window.windowTitle() == "张伟（老客户）"


def test_add_note_from_detail(qtbot, type_text, page: CustomersPage, people) -> None:
    page.select_customer(people["李娜"])
    page.detail.tabs.setCurrentIndex(2)
    type_text(page.detail.note_edit, "喜欢玫瑰香型")
    qtbot.mouseClick(page.detail.add_note_button, Qt.MouseButton.LeftButton)
    assert page.detail.notes_list.count() == 1
    assert "玫瑰" in page.detail.notes_list.item(0).text()


def test_deleting_a_referrer_updates_the_open_windows_of_those_they_referred(
    qtbot, page: CustomersPage, people: dict[str, int]
) -> None:
    from PySide6.QtCore import QTimer

    from desktop_crm.services import loyalty

    loyalty.set_referrer(people["李娜"], people["张伟"], today=NOW.date(), now=NOW)
    assert page.select_customer(people["李娜"])
    page.open_current()
    (window,) = page._windows
    label = window.detail.points.referral_label
    assert "张伟" in label.text()

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Delete").click()

    QTimer.singleShot(0, confirm)
    page.delete_customer(people["张伟"])
    assert not Customer.select().where(Customer.id == people["张伟"]).exists()
    assert window.isVisible() and "张伟" not in label.text()


def test_main_window_status_bar_and_shortcuts(qtbot, app, db_path, ui_state, people) -> None:
    window = MainWindow(db_path, ui_state)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert str(db_path) in window.path_label.text()
    # A path too long for the room it gets gives way in its middle, whole in the tooltip.
    window.path_label.setText("/home/shop/" + "很长的文件夹/" * 30 + "crm.db")
    window.path_label.resize(300, window.path_label.height())
    shown = window.path_label.shown_text()
    assert "…" in shown and shown.startswith("/home/shop/") and shown.endswith("crm.db")
    assert window.path_label.toolTip().endswith("很长的文件夹/crm.db")
    window.path_label.setText(str(db_path))
    # Drawn elided, it is not selectable: its menu copies the whole path.
    assert window.path_label.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    QApplication.clipboard().clear()
    window.copy_path_action.trigger()
    assert QApplication.clipboard().text() == str(db_path)
    assert "4" in window.counts_label.text() and "1" in window.counts_label.text()
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Today",
        "Dashboard",
        "Customers",
        "Members",
        "Orders",
        "Follow-ups",
        "Feedback",
        "Duplicates",
        "Reports",
        "Imports",
        "Backups",
    ]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.customers_page.search_edit.hasFocus()
    window.close()
    assert ui_state.geometry("main") is not None


def test_unexpected_error_dialog_keeps_the_open_form(qtbot, type_text, page, monkeypatch) -> None:
    from desktop_crm.views import error_dialog

    page.new_customer()
    dialog = _dialog(qtbot)
    type_text(dialog.name_edit, "半填的名字")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        error_dialog.show_error(type(exc), exc, exc.__traceback__)
    assert shown and "unexpected error" in shown[0]
    assert dialog.isVisible() and dialog.name_edit.text() == "半填的名字"


def test_dashboard_click_opens_exactly_those_customers(
    qtbot, app, db_path, ui_state, people
) -> None:
    from desktop_crm.services.customer_list import CustomerFilter
    from desktop_crm.views.jobs import JobRunner

    window = MainWindow(db_path, ui_state, runner=JobRunner(synchronous=True))
    qtbot.addWidget(window)
    window.show()
    # What a click on the "prospect" slice of the lifecycle chart asks for.
    window.dashboard_page.customers_requested.emit(CustomerFilter(stage="prospect"))
    assert window.pages.currentWidget() is window.customers_page
    names = sorted(_names(window.customers_page))
    assert names == ["Emma Smith", "李娜", "王芳"]  # everyone but 张伟, who bought


def test_too_long_says_the_limit(qtbot, app) -> None:
    from PySide6.QtWidgets import QLabel

    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    dialog.show_errors({"notes": "too_long", "display_name": "too_long"})
    texts = {
        key: dialog.findChild(QLabel, f"error_{key}").text() for key in ("notes", "display_name")
    }
    assert texts == {
        "notes": "At most 20,000 characters.",
        "display_name": "At most 200 characters.",
    }


def test_error_messages_push_the_buttons_down_not_over_the_remarks(
    qtbot, type_text, db_path, language
) -> None:
    # The window kept its height when two messages appeared: Save and Cancel were drawn 8-12
    # px over the Remarks box.
    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.name_edit, "Alice")
    type_text(dialog.phone_edit, "12345")
    type_text(dialog.email_edit, "alice@@example")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog._errors["phone"].isVisible() and dialog._errors["email"].isVisible()
    qtbot.wait(50)
    remarks = dialog.notes_edit
    remarks_bottom = remarks.mapTo(dialog, remarks.rect().bottomLeft()).y()
    assert save.mapTo(dialog, save.rect().topLeft()).y() > remarks_bottom


def test_no_profile_field_has_a_tab_s_name(ui_state, people, language) -> None:
    # The profile's remark field and the tab of dated notes were both "Notes" (备注): a user
    # who wrote in one looked for it in the other.
    from PySide6.QtWidgets import QFormLayout

    from desktop_crm.views.customer_detail import CustomerDetailView

    view = CustomerDetailView(own_window=True)
    view.show_customer(people["张伟"])
    form = view.profile_form
    role = QFormLayout.ItemRole.LabelRole
    fields = {
        form.itemAt(i, role).widget().text().rstrip(":：")
        for i in range(form.rowCount())
        if form.itemAt(i, role) is not None
    }
    tabs = {view.tabs.tabText(i) for i in range(view.tabs.count())}
    view.deleteLater()
    bare = {t.replace("&", "").split("(")[0].split(" (")[0].strip() for t in tabs}
    assert fields & bare == set(), (fields, tabs)


def test_the_english_hints_are_english(qtbot, app, db_path) -> None:  # noqa: ANN001
    # The tags hint read "e.g. VIP, 老客户" and the Mark done one "e.g. 已回访，很满意".
    from PySide6.QtWidgets import QLineEdit

    from desktop_crm.views.followup_dialogs import DoneDialog

    for dialog in (CustomerDialog(None), DoneDialog([])):
        qtbot.addWidget(dialog)
        hints = [e.placeholderText() for e in dialog.findChildren(QLineEdit)]
        assert hints and not any("\u4e00" <= ch <= "\u9fff" for h in hints for ch in h), hints


def test_a_customers_window_shows_every_tab_without_scrolling(
    qtbot, page: CustomersPage, people: dict[str, int]
) -> None:
    # At its 720×560 the Notes tab's Add note button was below the window's edge (the whole
    # window scrolled), and the Orders and Points lists were cut the same way.
    from PySide6.QtWidgets import QScrollArea

    assert page.select_customer(people["张伟"])
    page.open_current()
    (window,) = page._windows
    qtbot.waitExposed(window)
    tabs = window.detail.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        QApplication.processEvents()
        for area in window.findChildren(QScrollArea):
            if area.isVisible() and area.widget() is not None and area.widget().isAncestorOf(tabs):
                assert area.verticalScrollBar().maximum() == 0, tabs.tabText(i)
    button = window.detail.add_note_button
    assert button.mapTo(window, button.rect().bottomLeft()).y() <= window.height()


def test_the_profile_labels_end_in_the_languages_colon(
    chinese, qtbot, page: CustomersPage, people: dict[str, int]
) -> None:  # noqa: ANN001
    # "真实姓名:" beside "最近购买：" on the Analytics tab: the profile glued an ASCII colon on.
    assert page.select_customer(people["张伟"])
    form = page.detail.profile_form
    labels = [
        form.itemAt(r, form.ItemRole.LabelRole).widget().text() for r in range(form.rowCount())
    ]
    assert labels and all(t.endswith("：") for t in labels), labels
