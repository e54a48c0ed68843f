"""The inbox workflow driven as a user: filters with counts, mark done, snooze, labels,
notifications, contact panel, privacy, retention, dashboard, search at the found message."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskreply.inbox_sync import SyncResult
from deskreply.settings import Settings
from deskreply.store import InboxFilter, Store
from deskreply.ui.search_dialog import SearchDialog
from tests.ui.helpers import click_chat, type_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def ids_shown(window: Any) -> list[int]:
    model = window.model
    return [model.conversation_id(row) for row in range(model.rowCount())]


def new_customer(store: Store, name: str, text: str, sent_at: float | None = None) -> int:
    cid = store.find_or_create_conversation("whatsapp", name, f"+34 {name}", lang="es")
    store.add_incoming(cid, text, sent_at=sent_at)
    return cid


def test_filters_show_counts_and_mark_done_reopens_when_the_customer_writes(
        qtbot: Any, window: Any) -> None:
    part, store = window.inbox_part, window.store
    assert part.filter_bar.current() == InboxFilter("unanswered")
    unanswered = store.filter_counts()["unanswered"]
    assert part.filter_bar.count_text("unanswered") == f"Unanswered ({unanswered})"
    assert part.filter_bar.count_text("all") == f"All ({store.conversation_count()})"
    shown = ids_shown(window)
    assert len(shown) == unanswered and all(
        store.conversation(c).waiting_since is not None for c in shown)
    target = shown[0]
    click_chat(qtbot, window, target)
    qtbot.mouseClick(part.done_button, Qt.MouseButton.LeftButton)
    assert store.conversation(target).done
    assert target in ids_shown(window)  # the open chat does not vanish under the mouse
    assert part.done_button.text() == "Open again"
    assert part.filter_bar.count_text("unanswered") == f"Unanswered ({unanswered - 1})"
    qtbot.mouseClick(part.filter_bar.buttons["done"], Qt.MouseButton.LeftButton)
    assert ids_shown(window) == store.filtered_ids(InboxFilter("done"))
    assert target in ids_shown(window)
    qtbot.mouseClick(part.filter_bar.buttons["unanswered"], Qt.MouseButton.LeftButton)
    store.add_incoming(target, "¿Hola? Sigo esperando")  # the customer writes again
    window.reload_list([target])
    part.refresh_counts()
    assert not store.conversation(target).done
    assert target in ids_shown(window)
    assert part.filter_bar.count_text("unanswered") == f"Unanswered ({unanswered})"


def test_channel_and_label_filters_and_labels_in_the_list(qtbot: Any, window: Any) -> None:
    part, store = window.inbox_part, window.store
    vip = store.add_label("VIP", "#cc79a7")
    part.refresh_counts()
    target = ids_shown(window)[0]
    click_chat(qtbot, window, target)
    part._fill_labels_menu()
    action = next(a for a in part.labels_menu.actions() if a.text() == "VIP")
    action.trigger()
    assert store.conversation(target).label_ids == (vip,)
    index = window.model.index(window.model.row_of(target))
    assert "VIP" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    more = part.filter_bar.more
    position = more.findData(f"label:{vip}")
    assert more.itemText(position) == "VIP (1)"
    more.setCurrentIndex(position)
    more.activated.emit(position)
    assert ids_shown(window) == [target]
    email = store.find_or_create_conversation("email", "Tom", "tom@example.com")
    store.add_incoming(email, "Refund please")
    part.refresh_counts()
    position = more.findData("channel:email")
    emails = store.filter_counts()["channel"]["email"]
    assert more.itemText(position) == f"Email ({emails})"
    more.activated.emit(position)
    assert email in ids_shown(window) and len(ids_shown(window)) == emails
    assert ids_shown(window) == store.filtered_ids(InboxFilter("channel", "email"))


def test_waiting_time_levels_have_colour_shape_and_words(window: Any) -> None:
    part, store = window.inbox_part, window.store
    now = time.time()
    calm = new_customer(store, "Calm", "hola", now - 60)
    amber = new_customer(store, "Amber", "hola", now - 10 * 60)
    red = new_customer(store, "Red", "hola", now - 45 * 60)
    words = {cid: part.delegate.wait_parts(store.conversation(cid)) for cid in (calm, amber, red)}
    assert words[calm][0].startswith("○ waiting")
    assert words[amber][0].startswith("▲ soon late")
    assert words[red][0].startswith("■ late") and words[red][0].endswith("45 min")
    assert len({colour for _text, colour in words.values()}) == 3
    window.settings.sla_red_minutes = 60  # thresholds come from Settings
    window.apply_settings(window.settings)
    assert part.delegate.wait_parts(store.conversation(red))[0].startswith("▲")


def test_snooze_hides_until_it_wakes_then_it_is_back_on_top(qtbot: Any, window: Any) -> None:
    part, store = window.inbox_part, window.store
    clock = [time.time()]
    part.clock = lambda: clock[0]
    target = ids_shown(window)[-1]
    click_chat(qtbot, window, target)
    part._fill_snooze_menu()
    part.snooze_menu.actions()[0].trigger()  # "For 1 hour"
    assert store.snoozed_until(target) is not None
    qtbot.mouseClick(part.filter_bar.buttons["all"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(part.filter_bar.buttons["unanswered"], Qt.MouseButton.LeftButton)
    assert target not in ids_shown(window)
    assert part.filter_bar.count_text("snoozed") == "Snoozed (1)"
    part.tick()
    assert target not in ids_shown(window)
    clock[0] += 3601
    part.tick()  # the 30 s timer's work
    assert ids_shown(window)[0] == target
    assert part.filter_bar.count_text("snoozed") == "Snoozed (0)"


def test_mine_filter_after_taking_a_chat(qtbot: Any, make_window: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=0, agent_name="Marta"))
    part = window.inbox_part
    target = ids_shown(window)[1]
    click_chat(qtbot, window, target)
    qtbot.mouseClick(part.claim_button, Qt.MouseButton.LeftButton)
    assert window.store.claimed_by(target) == "Marta"
    assert part.claim_button.text() == "Release it"
    qtbot.mouseClick(part.filter_bar.buttons["mine"], Qt.MouseButton.LeftButton)
    assert ids_shown(window) == [target]
    assert part.filter_bar.count_text("mine") == "Mine (1)"


def test_notifications_hide_the_content_when_asked(make_window: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=0, hide_message_content=True))
    store, tray = window.store, window.inbox_part.tray
    cid = new_customer(store, "Secreta", "Mi clave es 1234 y vivo en Calle Sol 5")
    message = store.messages(cid)[-1]
    window._on_synced(SyncResult(changed_conversations={cid}, new_messages=[message]))
    notice = tray.shown[-1]
    assert notice.conversation_id == cid
    assert "Secreta" not in notice.title + notice.body and "Calle" not in notice.body
    assert notice.title == "New customer message"
    window.settings.hide_message_content = False
    window._on_synced(SyncResult(changed_conversations={cid}, new_messages=[message]))
    assert tray.shown[-1].title == "New message from Secreta"
    assert "Calle Sol" in tray.shown[-1].body
    window.settings.quiet_start, window.settings.quiet_end = "00:00", "23:59"
    before = len(tray.shown)
    window._on_synced(SyncResult(changed_conversations={cid}, new_messages=[message]))
    assert len(tray.shown) == before  # quiet hours
    # A click on the notification opens the conversation.
    tray.open_requested.emit(cid)
    assert window.current_conversation_id == cid


def test_red_threshold_notification_and_count_on_the_icon(window: Any) -> None:
    part, store = window.inbox_part, window.store
    for cid in store.conversation_ids():
        store.set_done(cid, True)
    late = new_customer(store, "Tarde", "hola", time.time() - 31 * 60)
    part.tick()
    assert any(n.conversation_id == late and "over 30 min" in n.title for n in part.tray.shown)
    told = len(part.tray.shown)
    part.tick()
    assert len([n for n in part.tray.shown[told:] if n.conversation_id == late]) == 0
    assert part.tray.count == store.unanswered_count() == 1
    for n in range(3):
        new_customer(store, f"Más {n}", "hola", time.time() - 40 * 60)
    part.tick()
    assert part.tray.shown[-1].title == "3 customers have waited over 30 min"


def test_contact_panel_notes_and_learned_formality(qtbot: Any, window: Any) -> None:
    store, panel = window.store, window.inbox_part.contact_panel
    qtbot.mouseClick(window.inbox_part.contact_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    cid = new_customer(store, "Doña Rosa", "Buenas, ¿usted me podría decir si tiene talla M?")
    window.reload_list()
    click_chat(qtbot, window, cid)
    assert panel.name_label.text() == "Doña Rosa"
    assert panel.current_formality() == "usted"
    assert panel.formality_hint.text().startswith("Learned")
    assert window.inbox_part.formality == "usted"
    panel.formality.setCurrentIndex(panel.formality.findData("vos"))
    panel.formality.activated.emit(panel.formality.currentIndex())
    contact = store.contact_of(cid)
    assert (contact.formality, contact.formality_source) == ("vos", "user")
    type_text(panel.notes, "Prefiere que la llamen por la mañana")
    qtbot.waitUntil(lambda: store.contact_of(cid).notes.startswith("Prefiere"), timeout=3000)


def test_delete_contact_after_confirmation_removes_everything_even_from_search(
        qtbot: Any, window: Any) -> None:
    store, part = window.store, window.inbox_part
    cid = new_customer(store, "Borrable", "Mi número de pedido es zanahoria42")
    store.save_draft(cid, "borrador para zanahoria42")
    store.record_check_event(cid, "tone", "curt", "warning", "shown", excerpt="zanahoria42")
    window.reload_list()
    click_chat(qtbot, window, cid)
    part.show_contact_panel()
    qtbot.mouseClick(part.contact_panel.delete_button, Qt.MouseButton.LeftButton)
    box = part.confirm_box
    assert box is not None and box.isVisible()
    cancel = box.button(box.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert store.search("zanahoria42")  # nothing deleted without confirming
    qtbot.mouseClick(part.contact_panel.delete_button, Qt.MouseButton.LeftButton)
    confirm = next(b for b in part.confirm_box.buttons() if b.objectName() == "confirmDelete")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert cid not in store.conversation_ids() and window.current_conversation_id is None
    assert store.check_events(cid) == []
    dialog = SearchDialog(store, "en", "Me", window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.input, "zanahoria42")
    dialog.search_now()
    assert dialog.results.count() == 0
    dialog.close()


def test_export_contact_json(qtbot: Any, window: Any, tmp_path: Path) -> None:
    store, part = window.store, window.inbox_part
    cid = new_customer(store, "Exportable", "Hola, quiero mis datos")
    store.set_contact_notes(store.contact_id_of(cid), "cliente VIP")
    window.reload_list()
    click_chat(qtbot, window, cid)
    part.show_contact_panel()
    qtbot.mouseClick(part.contact_panel.export_button, Qt.MouseButton.LeftButton)
    dialog = part.export_dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "export.json"
    dialog.selectFile(str(target))
    dialog.accept()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["contact"]["name"] == "Exportable" and data["contact"]["notes"] == "cliente VIP"
    texts = [m["text"] for c in data["conversations"] for m in c["messages"]]
    assert texts == ["Hola, quiero mis datos"]


def test_retention_runs_off_the_gui_thread_at_start(qtbot: Any, make_window: Any,
                                                    data_dir: Path) -> None:
    from deskreply.paths import app_paths

    path = app_paths(data_dir).database
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        old = new_customer(store, "Antigua", "mensaje muy viejo", time.time() - 90 * 86400)
        store.add_incoming(old, "mensaje de hoy")
    window = make_window(settings=Settings(undo_send_seconds=0, retention_days=30))
    part = window.inbox_part
    qtbot.waitUntil(lambda: part.retention_runs == 1, timeout=10_000)
    assert part.retention_job.thread_ident != threading.get_ident()
    assert [m.text for m in window.store.messages(old)] == ["mensaje de hoy"]
    assert window.store.search("viejo") == []


def test_search_opens_the_chat_at_the_found_message_highlighted(qtbot: Any,
                                                                window: Any) -> None:
    store = window.store
    cid = new_customer(store, "Larga", "primer mensaje con palabraunica", time.time() - 9000)
    for n in range(300):
        store.add_message(cid, "in" if n % 2 else "out", "Larga", f"mensaje {n}",
                          time.time() - 8000 + n, "received" if n % 2 else "read")
    found = store.search("palabraunica")[0]
    window.reload_list()
    window.inbox_part.set_filter(InboxFilter("done"))  # the chat is not in this filter
    assert window.inbox_part.open_found(cid, found.id)
    assert window.current_conversation_id == cid
    view = window.conversation
    assert view.highlighted_id == found.id
    qtbot.wait(50)
    bubble = next(b for b in view.bubbles() if b.message.id == found.id)
    top = bubble.mapTo(view.viewport(), bubble.rect().topLeft())
    assert view.viewport().rect().contains(top)
    assert "3px" in bubble.styleSheet()


def test_draft_marker_and_drafts_never_keep_a_card_number(qtbot: Any, window: Any) -> None:
    store = window.store
    target = ids_shown(window)[0]
    click_chat(qtbot, window, target)
    window.composer.edit.setFocus()
    type_text(window.composer.edit, "Su tarjeta 4111 1111 1111 1111")
    window.save_draft()
    assert store.draft(target).endswith("1111") and "4111" not in store.draft(target)
    index = window.model.index(window.model.row_of(target))
    assert "has a draft" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert index.data(Qt.ItemDataRole.UserRole + 1).has_draft


def test_dashboard_shows_figures_and_exports_csv(qtbot: Any, window: Any,
                                                 tmp_path: Path) -> None:
    store = window.store
    now = time.time()
    cid = new_customer(store, "Medida", "hola", now - 3600)
    store.add_message(cid, "out", "Me", "hola, dime", now - 3600 + 300, "read")
    store.record_check_event(cid, "sensitive", "payment_card", "block", "overridden",
                             reason="lo pidió el cliente")
    window.inbox_part.dashboard_button.click()
    dialog = window.inbox_part.dashboard
    dialog.business.setChecked(False)
    qtbot.waitSignal(dialog.ready, timeout=10_000).wait() if dialog.board is None else None
    qtbot.waitUntil(lambda: dialog.board is not None and dialog.job is not None
                    and not dialog.job.isRunning(), timeout=10_000)
    dialog.job.wait()
    QApplication.processEvents()
    assert dialog.tiles["unanswered"].text() == str(store.unanswered_count())
    assert dialog.board.unanswered_now == store.unanswered_count()
    assert any(item == ("sensitive", "payment_card", "lo pidió el cliente")
               for item in dialog.board.overrides)
    assert dialog.overrides.item(0).text() == "Card numbers: lo pidió el cliente"
    assert 300.0 in [r for b in dialog.board.days for r in b.responses]
    target = tmp_path / "board.csv"
    dialog.export_csv(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("period,key,conversations_answered")
    assert "sensitive,payment_card,lo pidió el cliente" in text
    dialog.close()


def test_a_long_conversation_opens_with_the_newest_bubbles_and_builds_older_on_scroll(
        qtbot: Any, window: Any) -> None:
    from deskreply.ui.conversation_view import FIRST_BATCH, FIRST_MIN

    store = window.store
    cid = new_customer(store, "Hilo Largo", "mensaje 0", time.time() - 9000)
    for n in range(1, 300):
        store.add_message(cid, "in", "Hilo Largo", f"mensaje {n}", time.time() - 9000 + n,
                          "received")
    window.reload_list()
    click_chat(qtbot, window, cid)
    view = window.conversation
    bubbles = view.bubbles()
    first = len(bubbles)
    # A screenful of the newest, not the whole thread.
    assert FIRST_MIN <= first <= FIRST_BATCH and bubbles[-1].text_label.text() == "mensaje 299"
    assert view.older_count() == 200 - first  # the window shows the latest 200
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    # Enough to fill the view: there is something above to scroll up to.
    assert bar.maximum() > 0
    bar.setValue(0)  # the user scrolls up to the top
    qtbot.waitUntil(lambda: len(view.bubbles()) > first)
    texts = [b.text_label.text() for b in view.bubbles()]
    assert texts == [f"mensaje {n}" for n in range(300 - len(texts), 300)]  # oldest first
    qtbot.waitUntil(lambda: bar.value() > 0)  # the view stays where the user was reading
    assert view.older_count() == 200 - len(texts)


def test_usted_chosen_in_the_contact_panel_reaches_the_tone_check(
        qtbot: Any, make_window: Any) -> None:
    from tests.ui.live_checks import open_checked_chat, wait_checked

    window, _cid = open_checked_chat(make_window)
    panel = window.inbox_part.contact_panel

    def choose(value: str) -> None:  # as picking it from the list does
        index = panel.formality.findData(value)
        panel.formality.setCurrentIndex(index)
        panel.formality.activated.emit(index)

    choose("usted")
    window.composer.edit.setPlainText("¿Puedes enviarme tu número de pedido?")
    wait_checked(qtbot, window)
    assert "formality_mismatch" in [f.kind for f in window.composer.findings()]
    choose("tu")
    window.composer.edit.setPlainText("¿Puedes enviarme tu número de pedido? ")
    wait_checked(qtbot, window)
    assert "formality_mismatch" not in [f.kind for f in window.composer.findings()]


def test_a_tall_window_fills_its_conversation_view_with_short_messages(
        qtbot: Any, window: Any) -> None:
    store = window.store
    cid = new_customer(store, "Mensajes Cortos", "hola", time.time() - 9000)
    for n in range(1, 120):
        store.add_message(cid, "in", "Mensajes Cortos", "ok", time.time() - 9000 + n * 700,
                          "received")
    window.resize(1100, 2000)  # far taller than a first screenful of bubbles
    window.reload_list()
    click_chat(qtbot, window, cid)
    view = window.conversation
    bar = view.verticalScrollBar()
    # Older bubbles are built until the view can be scrolled up to them.
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    assert view.older_count() > 0 and len(view.bubbles()) > 16
