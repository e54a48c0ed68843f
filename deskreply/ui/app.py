"""Starting the GUI: paths, store, demo inbox, main window, and clear dialogs for bad input.

``run`` is what ``deskreply`` (no sub-command) calls; ``create_main_window`` builds the same
window for tests and scripts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from deskreply import logs
from deskreply.i18n import UnknownLanguageError, translator
from deskreply.paths import MissingResourcesError, app_paths, resources_dir
from deskreply.secrets import SecretStore
from deskreply.self_test import SelfTestError, verify_checker
from deskreply.settings import load_settings
from deskreply.store import (
    CorruptDatabaseError,
    Store,
    StoreError,
    UnwritableDatabaseError,
)
from deskreply.store.demo import load_demo_inbox
from deskreply.ui.crash import install as install_crash_handler
from deskreply.ui.main_window import FEED_INTERVAL_MS, MainWindow
from deskreply.ui.quit_signals import QuitOnSignals
from deskreply.ui.single_instance import SingleInstance, ask_running_instance
from deskreply.ui.startup import peak_rss_mb, seconds_since_start
from deskreply.ui.text import Translate, ui_translator

log = logging.getLogger(__name__)

# notify(level, title, text): how the app tells the user about a problem. level is
# "info" (it carried on) or "error" (it cannot start). Tests pass a recorder.
Notify = Callable[[str, str, str], None]

SELF_TEST_TIMEOUT_MS = 120_000


class StartupError(Exception):
    """The app cannot start; ``title`` and ``str(error)`` are ready to show the user."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__(text)
        self.title = title


def message_box_notify(parent: QWidget | None = None) -> Notify:
    """A ``Notify`` that shows a modal message box (the normal desktop behaviour)."""

    def notify(level: str, title: str, text: str) -> None:
        icon = QMessageBox.Icon.Critical if level == "error" else QMessageBox.Icon.Warning
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # paths may hold any characters
        box.exec()

    return notify


def stderr_notify(level: str, title: str, text: str) -> None:
    print(f"DeskReply {level}: {title}: {text}", file=sys.stderr)


def open_inbox(database: Path, notify: Notify, _: Translate, store_: Translate) -> Store:
    """Open the store; a damaged file is moved aside (by the store) and a fresh one started."""
    try:
        return Store.open(database)
    except CorruptDatabaseError as error:
        notify("info", _("Chat database damaged"),
               error.translated(store_) + "\n\n" + _("A fresh inbox was started."))
    except UnwritableDatabaseError as error:
        raise StartupError(_("Cannot save chats"), error.translated(store_)) from error
    except StoreError as error:
        raise StartupError(_("Cannot open chats"), error.translated(store_)) from error
    try:
        return Store.open(database)
    except StoreError as error:
        raise StartupError(_("Cannot open chats"), error.translated(store_)) from error


def create_main_window(
    data_dir: str | os.PathLike[str] | None,
    lang: str | None,
    *,
    notify: Notify | None = None,
    feed_interval_ms: int = FEED_INTERVAL_MS,
    start_checks: bool = True,
    start_channels: bool = True,
    demo_settings: dict[str, Any] | None = None,
    secrets: SecretStore | None = None,
    send_backoff: tuple[float, ...] | None = None,
) -> MainWindow:
    """Build the main window on ``data_dir`` (loading the demo inbox on first run).

    A QApplication must already exist. Raises StartupError with a user-readable message when
    the app cannot start (missing resources, unwritable data folder or database).
    """
    code, _ = ui_translator(lang)
    store_ = translator("store", code)
    notify = message_box_notify() if notify is None else notify
    try:
        resources = resources_dir()
    except MissingResourcesError as error:
        raise StartupError(_("DeskReply is incomplete"), str(error)) from error
    paths = app_paths(data_dir)
    try:
        paths.ensure()
    except OSError as error:
        raise StartupError(
            _("Cannot save chats"),
            _("DeskReply cannot create its data folder {path}: {reason}").format(
                path=paths.data, reason=error.strerror or error),
        ) from error
    store = open_inbox(paths.database, notify, _, store_)
    try:
        try:
            load_demo_inbox(store, resources)
        except ValueError as error:  # a damaged demo file: start with what is there
            log.warning("demo inbox not loaded: %s", error)
        settings = load_settings(paths.settings_file)
        window = MainWindow(
            store, resources, code, _,
            settings=settings,
            settings_path=paths.settings_file,
            feed_interval_ms=feed_interval_ms,
            start_checks=start_checks,
            start_channels=start_channels,
            demo_settings=demo_settings,
            secrets=SecretStore() if secrets is None else secrets,
            send_backoff=send_backoff,
        )
    except StoreError as error:
        store.close()
        raise StartupError(_("Cannot open chats"), error.translated(store_)) from error
    except BaseException:
        store.close()
        raise
    return window


def _install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own strings (context menus, OK/Cancel) in the UI language."""
    translator_ = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator_.load(QLocale(lang), "qtbase", "_", folder):
        app.installTranslator(translator_)


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("DeskReply")
    app.setApplicationDisplayName("DeskReply")
    app.setDesktopFileName("deskreply")
    return app


def run(data_dir: str | None, lang: str | None, self_test: bool,
        log_level: str | None = None) -> int:
    """Start the GUI and return the exit code (0 ok, 2 cannot start).

    With ``self_test`` the app starts on the demo inbox in a temporary folder, waits until the
    window is painted and the checks are loaded, prints one JSON line of startup figures and
    exits. ``log_level`` (from ``--log-level``) wins over the one in the settings.
    """
    try:
        code, _ = ui_translator(lang)
    except UnknownLanguageError as error:
        print(f"deskreply: {error}", file=sys.stderr)
        return 2
    app = _application()
    _install_qt_translations(app, code)
    notify: Notify = stderr_notify if self_test else message_box_notify()
    temp: tempfile.TemporaryDirectory[str] | None = None
    if self_test:
        temp = tempfile.TemporaryDirectory(prefix="deskreply-self-test-")
        data_dir = temp.name
    try:
        return _run_guarded(app, data_dir, code, notify, self_test, log_level)
    finally:
        logs.shutdown()
        if temp is not None:
            temp.cleanup()


def _start_logging(data_dir: str | None, log_level: str | None) -> Path | None:
    """Logging to the logs folder; None (and stderr only) when that folder cannot be made."""
    paths = app_paths(data_dir)
    level = log_level or load_settings(paths.settings_file).log_level
    try:
        log_file = logs.configure(paths.logs, level, log_bodies=(level == "debug"))
    except OSError as error:
        print(f"DeskReply: no log file in {paths.logs}: {error}", file=sys.stderr)
        return None
    log.info("DeskReply starting (log level %s)", level)
    return log_file


def _run_guarded(app: QApplication, data_dir: str | None, code: str, notify: Notify,
                 self_test: bool, log_level: str | None) -> int:
    """Logging, one instance per data folder, crash handler, window, clean exit on signals."""
    safety = translator("ui_safety", code)
    log_file = _start_logging(data_dir, log_level)
    data = app_paths(data_dir).data
    with contextlib.suppress(OSError):  # create_main_window says so in words
        data.mkdir(parents=True, exist_ok=True)
    instance = SingleInstance(data)
    if data.is_dir() and not instance.acquire():
        if ask_running_instance(data):
            print(safety("DeskReply is already open on this data folder ({path}); its window "
                         "was brought to the front.").format(path=data), file=sys.stderr)
            return 0
        notify("error", safety("DeskReply is already open"), safety(
            "Another DeskReply is using the data folder {path} but does not answer. Close "
            "it (or wait until it has finished closing), then start DeskReply again."
        ).format(path=data))
        return 2
    crash = install_crash_handler(safety, log_file)
    try:
        try:
            window = create_main_window(data_dir, code, notify=notify)
        except StartupError as error:
            notify("error", error.title, str(error))
            return 2
        instance.activation_requested.connect(lambda: bring_to_front(window))
        signals = QuitOnSignals(lambda: _close_and_quit(app, window))
        signals.install()
        try:
            if self_test:
                return _run_self_test(app, window)
            window.show()
            log.info("window shown")
            result = app.exec()
            window.shutdown()  # no-op after a normal close; covers app.quit() from elsewhere
            return result
        finally:
            signals.uninstall()
    finally:
        crash.uninstall()
        instance.release()


def _close_and_quit(app: QApplication, window: QWidget) -> None:
    window.close()  # closeEvent: draft saved, workers stopped, store closed
    app.quit()  # even if a stray top-level window (a popup) is still open


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise and activate ``window`` (a second start asked for it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def _run_self_test(app: QApplication, window: MainWindow) -> int:
    figures: dict[str, float] = {}
    result = {"code": 1}

    def finish() -> None:
        if "window_shown_s" in figures and "ready_s" in figures:
            figures["rss_mb"] = round(peak_rss_mb(), 1)
            if "verified_findings" in figures:  # else the reason is already on stderr
                print(json.dumps(figures), flush=True)
                result["code"] = 0
            window.close()
            app.quit()

    def shown() -> None:
        figures["window_shown_s"] = round(seconds_since_start(), 3)
        finish()

    def checks_done(ok: bool) -> None:
        figures["ready_s"] = round(seconds_since_start(), 3)
        if not ok:
            print(f"self-test FAILED: {window.checks_status.text()}", file=sys.stderr)
        else:  # loaded is not enough: the checks must find a card and an insult in es and en
            try:
                figures["verified_findings"] = verify_checker(window.checker)
            except SelfTestError as error:
                print(f"self-test FAILED: {error}", file=sys.stderr)
        finish()

    def timeout() -> None:
        print("self-test: timed out waiting for the window and the checks", file=sys.stderr)
        window.close()
        app.quit()

    window.first_painted.connect(shown)
    window.checks_finished.connect(checks_done)
    QTimer.singleShot(SELF_TEST_TIMEOUT_MS, window, timeout)
    window.show()
    app.exec()
    window.shutdown()
    return result["code"]
