"""Channel states read in words and symbols, with the next try and sync progress."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from deskreply.connectors.base import AccountConfig, Status, StatusChanged, SyncProgress
from deskreply.i18n import translator
from deskreply.ui.channels.status import ChannelStatusList, status_text
from deskreply.ui.untrusted import isolate


def test_every_state_has_words_and_a_symbol_in_both_languages() -> None:
    for lang in ("en", "es"):
        _ = translator("ui_channels", lang)
        texts = {status_text("Shop", StatusChanged(1, status), _) for status in Status}
        assert len(texts) == len(Status)
        assert all(text.split(" ", 1)[0] in "…●↻⚠○" for text in texts)
    es = translator("ui_channels", "es")
    assert status_text("Shop", StatusChanged(1, Status.AUTH_FAILED), es) == \
        f"⚠ {isolate('Shop')}: contraseña rechazada — abre Cuentas"


def test_reconnecting_says_when_and_progress_counts(qtbot: Any) -> None:
    widget = ChannelStatusList(translator("ui_channels", "en"))
    qtbot.addWidget(widget)
    widget.add_account(AccountConfig(4, "email", "<b>Soporte</b>"))
    name = isolate("<b>Soporte</b>")  # outside text cannot reorder ours
    assert widget.text_of(4) == f"… {name}: connecting"
    widget.show_status(StatusChanged(4, Status.RECONNECTING, "timeout", time.time() + 30))
    assert "(next try in 30 s)" in widget.text_of(4) or "(next try in 29 s)" in widget.text_of(4)
    widget.show_status(StatusChanged(4, Status.ONLINE))
    widget.show_progress(SyncProgress(4, 1200, 10000))
    assert widget.text_of(4) == f"● {name}: online · syncing 1,200 of 10,000"
    label = widget.findChild(QLabel, "channelStatusLine")
    assert label.textFormat() == Qt.TextFormat.PlainText
    widget.remove_account(4)
    assert widget.text_of(4) == ""
    widget.show_status(StatusChanged(4, Status.ONLINE))  # late events of a removed account
    assert widget.text_of(4) == ""
