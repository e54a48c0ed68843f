"""Each channel's state above the chat list, in words and a symbol (never colour alone).

A channel that is down says so at once ("Support mailbox: password refused — open
Accounts"); online channels stay one quiet line each.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from deskreply.connectors.base import AccountConfig, Status, StatusChanged, SyncProgress
from deskreply.ui.text import N_, Translate
from deskreply.ui.untrusted import isolate, tooltip_html

STATUS_WORDS: dict[Status, tuple[str, str]] = {
    Status.CONNECTING: ("…", N_("connecting")),
    Status.ONLINE: ("●", N_("online")),
    Status.RECONNECTING: ("↻", N_("connection lost, trying again")),
    Status.AUTH_FAILED: ("⚠", N_("password refused — open Accounts")),
    Status.TLS_UNTRUSTED: ("⚠", N_("certificate not trusted — open Accounts")),
    Status.OFFLINE: ("○", N_("offline")),
}
PROBLEMS = (Status.RECONNECTING, Status.AUTH_FAILED, Status.TLS_UNTRUSTED, Status.OFFLINE)


def status_text(name: str, event: StatusChanged, _: Translate,
                now: float | None = None) -> str:
    symbol, words = STATUS_WORDS.get(event.status, ("?", event.status.value))
    text = f"{symbol} {isolate(name)}: {_(words)}"
    if event.status == Status.RECONNECTING and event.retry_at is not None:
        seconds = max(1, round(event.retry_at - (time.time() if now is None else now)))
        text += " " + _("(next try in {n} s)").format(n=seconds)
    return text


class ChannelStatusList(QWidget):
    """One plain-text line per channel login (objectName ``channelStatus``)."""

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self._ = translate
        self.setObjectName("channelStatus")
        self.setAccessibleName(translate("Channel status"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._labels: dict[int, QLabel] = {}
        self._names: dict[int, str] = {}
        self.statuses: dict[int, StatusChanged] = {}

    def _display_name(self, account: AccountConfig) -> str:
        return self._("Demo inbox") if account.kind == "demo" else account.name

    def add_account(self, account: AccountConfig) -> None:
        self._names[account.id] = self._display_name(account)
        first = StatusChanged(account.id, Status.CONNECTING if account.enabled
                              else Status.OFFLINE)
        self.show_status(first)

    def remove_account(self, account_id: int) -> None:
        label = self._labels.pop(account_id, None)
        self._names.pop(account_id, None)
        self.statuses.pop(account_id, None)
        if label is not None:
            self._layout.removeWidget(label)
            label.deleteLater()

    def show_status(self, event: StatusChanged) -> None:
        name = self._names.get(event.account_id)
        if name is None:
            return
        label = self._labels.get(event.account_id)
        if label is None:
            label = QLabel()
            label.setObjectName("channelStatusLine")
            label.setTextFormat(Qt.TextFormat.PlainText)  # account names are the user's
            label.setWordWrap(True)
            self._labels[event.account_id] = label
            self._layout.addWidget(label)
        self.statuses[event.account_id] = event
        label.setText(status_text(name, event, self._))
        label.setToolTip(tooltip_html(event.detail) if event.detail else "")
        label.setProperty("problem", event.status in PROBLEMS)
        label.style().unpolish(label)
        label.style().polish(label)

    def show_progress(self, progress: SyncProgress) -> None:
        """A long first sync: "Support: online · syncing 1,200 of 10,000"."""
        status = self.statuses.get(progress.account_id)
        label = self._labels.get(progress.account_id)
        if status is None or label is None:
            return
        text = status_text(self._names.get(progress.account_id, ""), status, self._)
        if progress.done < progress.total:
            text += " · " + self._("syncing {done} of {total}").format(
                done=f"{progress.done:,}", total=f"{progress.total:,}")
        label.setText(text)

    def text_of(self, account_id: int) -> str:
        label = self._labels.get(account_id)
        return "" if label is None else label.text()
