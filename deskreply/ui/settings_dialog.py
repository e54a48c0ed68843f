"""The settings dialog: replies, appearance, checks, and the user's word lists.

The dialog edits a *copy* of the settings: Cancel or Esc throws the copy away, so nothing
changes until OK. Saving to disk is the caller's job (see shortcuts.ShortcutController).
Words and kinds come from the user or from the composer's "never warn me" button; they are
shown as plain text in list items (item views never interpret markup).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpacerItem,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from deskreply.checks import registry
from deskreply.folding import fold
from deskreply.i18n import Translate, translator
from deskreply.settings import SENSITIVITIES, Settings
from deskreply.ui import theme
from deskreply.ui.inbox.settings_page import InboxSettingsPage


def N_(message: str) -> str:
    """Mark a string for translation without translating it at import time."""
    return message


DOMAIN = "ui_settings"
MAX_WORD_CHARS = 100
MAX_AGENT_NAME_CHARS = 80
MAX_UNDO_SECONDS = 30
MAX_EMOJI_LIMIT = 20

SENSITIVITY_LABELS = {
    "relaxed": N_("Relaxed: only clear problems"),
    "standard": N_("Standard"),
    "strict": N_("Strict: also borderline cases"),
}
THEME_LABELS = {
    "standard": N_("Standard"),
    "large": N_("Large text"),
    "high_contrast": N_("High contrast (white on black)"),
}
# Emoji version -> the year most phones could show it (iOS and Android updates).
EMOJI_VERSIONS = ((12.0, 2020), (13.0, 2021), (13.1, 2021), (14.0, 2022), (15.0, 2023),
                  (15.1, 2024), (16.0, 2025))
# Kind labels come from the one registry of checks (deskreply.checks.registry).


def fix_dialog_size(dialog: QDialog, width: int, height: int) -> None:
    """Size a dialog once, before it is shown: width x height, or more if its layout needs it.

    Why: a layout that keeps recomputing a shown window's minimum size makes Qt push size
    hints to the window system on every change (and offscreen test runs warn about it).
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.activate()
    minimum = layout.minimumSize()
    dialog.setMinimumSize(minimum)
    dialog.resize(minimum.expandedTo(QSize(width, height)))


# deskreply.logs levels, as the user reads them.
LOG_LEVEL_LABELS = (("error", N_("Errors only")), ("warning", N_("Problems (default)")),
                    ("info", N_("What happens")), ("debug", N_("Everything (for support)")))


def settings_translator(lang: str) -> Translate:
    return translator(DOMAIN, lang)


def kind_label(kind: str, _: Translate, lang: str | None = None) -> str:
    """A readable name for a finding kind (``tone.sarcasm`` or ``sarcasm``), from the registry.

    With ``lang`` the registry translates it; without, ``_`` does (same English source).
    """
    if lang is not None:
        return registry.label(kind, lang)
    info = registry.kind_info(kind)
    return _(info.label) if info else kind


def clean_word(text: str) -> str:
    """A typed word or phrase as stored: one line, single spaces, at most MAX_WORD_CHARS."""
    return " ".join(text.split())[:MAX_WORD_CHARS]


class WordListEditor(QWidget):
    """A list of strings with Remove (and optionally Add) buttons; order kept as entered."""

    def __init__(self, name: str, items: list[str], _: Translate, *, can_add: bool,
                 labels: dict[str, str] | None = None, empty_text: str = "") -> None:
        super().__init__()
        self._labels = labels or {}
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.setMinimumHeight(72)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(False)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("fieldHint")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.setAutoDefault(False)
        self.input: QLineEdit | None = None
        self.add_button: QPushButton | None = None
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        if can_add:
            self.input = QLineEdit()
            self.input.setObjectName(f"{name}Input")
            self.input.setMaxLength(MAX_WORD_CHARS)
            self.input.setPlaceholderText(_("Type a word or phrase"))
            self.add_button = QPushButton(_("Add"))
            self.add_button.setObjectName(f"{name}Add")
            self.add_button.setAutoDefault(False)
            buttons.addWidget(self.input, 1)
            buttons.addWidget(self.add_button)
            # Enter adds the word (instead of pressing the dialog's Save button).
            self.input.installEventFilter(self)
            self.input.textChanged.connect(self._update_buttons)
            self.add_button.clicked.connect(self.add_from_input)
        else:
            buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        for item in items:
            self._append(item)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.remove_button.clicked.connect(self.remove_selected)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.input and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.add_from_input()
            return True
        return super().eventFilter(watched, event)

    def set_accessible(self, list_name: str, remove_name: str, input_name: str = "",
                       add_name: str = "") -> None:
        self.list.setAccessibleName(list_name)
        self.remove_button.setAccessibleName(remove_name)
        if self.input is not None and self.add_button is not None:
            self.input.setAccessibleName(input_name)
            self.add_button.setAccessibleName(add_name)

    def values(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())]

    def add(self, text: str) -> bool:
        """Add a word; False when blank or already there (case and accents ignored)."""
        word = clean_word(text)
        if not word or fold(word) in {fold(v) for v in self.values()}:
            return False
        self._append(word)
        self.list.setCurrentRow(self.list.count() - 1)
        self._update_buttons()
        return True

    def add_from_input(self) -> None:
        if self.input is not None and self.add(self.input.text()):
            self.input.clear()

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        for row in rows:
            self.list.takeItem(row)
        if self.list.count():
            self.list.setCurrentRow(min(rows[-1] if rows else 0, self.list.count() - 1))
        self._update_buttons()

    def _append(self, value: str) -> None:
        shown = self._labels.get(value, value)
        item = QListWidgetItem(shown)
        item.setData(Qt.ItemDataRole.UserRole, value)
        if shown != value:
            item.setToolTip(value)
        self.list.addItem(item)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        if self.input is not None and self.add_button is not None:
            self.add_button.setEnabled(bool(clean_word(self.input.text())))
        self.empty.setVisible(self.list.count() == 0)


class SettingsDialog(QDialog):
    """Edit a copy of ``settings``; :meth:`edited` returns it after OK."""

    def __init__(self, settings: Settings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = settings_translator(lang)
        self._lang = lang
        self._settings = copy.deepcopy(settings)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self.setAccessibleName(_("Settings"))
        self.setModal(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(_("Settings sections"))
        self.tabs.setUsesScrollButtons(False)  # every section name in view, at any text size
        self.tabs.addTab(self._replies_page(), _("Replies"))
        self.tabs.addTab(self._appearance_page(), _("Appearance"))
        self.tabs.addTab(self._checks_page(), _("Checks"))
        self.tabs.addTab(self._words_page(), _("Word lists"))
        self.inbox_page = InboxSettingsPage(self._settings, lang, getattr(parent, "store", None))
        self.tabs.addTab(self.inbox_page, self.inbox_page.title)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Save"))
        ok.setObjectName("settingsSave")
        ok.setAccessibleName(_("Save settings"))
        ok.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setObjectName("settingsCancel")
        cancel.setAccessibleName(_("Cancel without saving"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        for spin in (self.undo_seconds, self.font_percent, self.emoji_limit):
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 14)
        layout.setSpacing(12)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        fix_dialog_size(self, 580, 540)

    # -- pages ------------------------------------------------------------------------------
    def _form(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(16, 16, 16, 16)
        form.setVerticalSpacing(6)
        # Labels above their fields: reads the same in English, Spanish and at large sizes.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return page, form

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("fieldHint")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setContentsMargins(0, 0, 0, 8)
        return label

    def _row(self, form: QFormLayout, label: str, field: QWidget | QLayout,
             hint: str = "") -> None:
        """A label above its field, an optional hint under it, then a little space."""
        form.addRow(label, field)
        if hint:
            form.addRow(self._hint(hint))
        form.addItem(QSpacerItem(0, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed))

    def _replies_page(self) -> QWidget:
        _ = self._
        s = self._settings
        page, form = self._form()
        self.agent_name = QLineEdit(s.agent_name)
        self.agent_name.setObjectName("agentName")
        self.agent_name.setMaxLength(MAX_AGENT_NAME_CHARS)
        self.agent_name.setPlaceholderText(_("For example: Laura from Support"))
        self.agent_name.setAccessibleName(_("Your name"))
        self.agent_name.setAccessibleDescription(_("Shown as the sender of your replies"))
        self._row(form, _("Your name:"), self.agent_name)

        self.ctrl_enter_sends = QRadioButton(_("Ctrl+Enter sends, Enter starts a new line"))
        self.ctrl_enter_sends.setObjectName("ctrlEnterSends")
        self.ctrl_enter_sends.setAccessibleName(_("Ctrl+Enter sends, Enter starts a new line"))
        self.enter_sends = QRadioButton(_("Enter sends, Shift+Enter starts a new line"))
        self.enter_sends.setObjectName("enterSends")
        self.enter_sends.setAccessibleName(_("Enter sends, Shift+Enter starts a new line"))
        group = QButtonGroup(self)
        group.addButton(self.ctrl_enter_sends)
        group.addButton(self.enter_sends)
        (self.enter_sends if s.enter_sends else self.ctrl_enter_sends).setChecked(True)
        keys = QVBoxLayout()
        keys.setSpacing(6)
        keys.addWidget(self.ctrl_enter_sends)
        keys.addWidget(self.enter_sends)
        self._row(form, _("Send key:"), keys)

        self.undo_seconds = QSpinBox()
        self.undo_seconds.setObjectName("undoSeconds")
        self.undo_seconds.setRange(0, MAX_UNDO_SECONDS)
        self.undo_seconds.setSuffix(_(" seconds"))
        self.undo_seconds.setSpecialValueText(_("Off"))
        self.undo_seconds.setValue(min(max(0, s.undo_send_seconds), MAX_UNDO_SECONDS))
        self.undo_seconds.setAccessibleName(_("Time to undo a sent reply, in seconds"))
        self.undo_seconds.setAccessibleDescription(_("0 turns undo off"))
        self._row(form, _("Undo send:"), self.undo_seconds, _(
            "Replies wait this long before they go out, so you can take them back."))

        self.log_level = QComboBox()
        self.log_level.setObjectName("logLevel")
        self.log_level.setAccessibleName(_("How much DeskReply writes to its log file"))
        for value, label in LOG_LEVEL_LABELS:
            self.log_level.addItem(_(label), value)
        self.log_level.setCurrentIndex(max(0, self.log_level.findData(s.log_level)))
        self._row(form, _("Log file:"), self.log_level, _(
            "For a problem report. Private data is masked in the log at every level."))
        return page

    def _appearance_page(self) -> QWidget:
        _ = self._
        s = self._settings
        page, form = self._form()
        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.setAccessibleName(_("Theme"))
        for name in theme.THEMES:
            self.theme_combo.addItem(_(THEME_LABELS[name]), name)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(
            theme.theme_name(s.theme))))
        self._row(form, _("Theme:"), self.theme_combo)

        self.font_percent = QSpinBox()
        self.font_percent.setObjectName("fontScale")
        self.font_percent.setRange(round(theme.MIN_FONT_SCALE * 100),
                                   round(theme.MAX_FONT_SCALE * 100))
        self.font_percent.setSingleStep(round(theme.FONT_SCALE_STEP * 100))
        self.font_percent.setSuffix(" %")
        self.font_percent.setValue(round(theme.clamp_scale(s.font_scale) * 100))
        self.font_percent.setAccessibleName(_("Text size, in percent"))
        self._row(form, _("Text size:"), self.font_percent, _(
            "Ctrl+plus and Ctrl+minus change the text size at any time; Ctrl+0 resets it."))
        return page

    def _checks_page(self) -> QWidget:
        _ = self._
        s = self._settings
        page, form = self._form()
        self.sensitivity = QComboBox()
        self.sensitivity.setObjectName("sensitivityCombo")
        self.sensitivity.setAccessibleName(_("How strict the checks are"))
        for name in SENSITIVITIES:
            self.sensitivity.addItem(_(SENSITIVITY_LABELS[name]), name)
        index = self.sensitivity.findData(s.sensitivity)
        self.sensitivity.setCurrentIndex(index if index >= 0 else
                                         self.sensitivity.findData("standard"))
        self._row(form, _("Sensitivity:"), self.sensitivity)

        self.emoji_limit = QSpinBox()
        self.emoji_limit.setObjectName("emojiLimit")
        self.emoji_limit.setRange(0, MAX_EMOJI_LIMIT)
        self.emoji_limit.setSpecialValueText(_("No emoji at all"))
        self.emoji_limit.setValue(min(max(0, s.emoji_limit), MAX_EMOJI_LIMIT))
        self.emoji_limit.setAccessibleName(_("Most emoji in one reply"))
        self._row(form, _("Most emoji per reply:"), self.emoji_limit)

        self.emoji_version = QComboBox()
        self.emoji_version.setObjectName("emojiVersion")
        self.emoji_version.setAccessibleName(_("Emoji version your customers' phones show"))
        for version, year in EMOJI_VERSIONS:
            self.emoji_version.addItem(
                _("Emoji {version} (most phones since {year})").format(
                    version=f"{version:g}", year=year), version)
        index = self.emoji_version.findData(s.emoji_max_version)
        if index < 0:  # a value set by hand in the file: keep it selectable
            self.emoji_version.addItem(
                _("Emoji {version}").format(version=f"{s.emoji_max_version:g}"),
                s.emoji_max_version)
            index = self.emoji_version.count() - 1
        self.emoji_version.setCurrentIndex(index)
        self._row(form, _("Customers' phones show:"), self.emoji_version, _(
            "Newer emoji than this may show as an empty box on your customers' phones."))
        return page

    def _words_page(self) -> QWidget:
        _ = self._
        s = self._settings
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        kind_labels = {kind: kind_label(kind, _, self._lang) for kind in s.ignored_kinds}
        self.ignored_kinds = WordListEditor(
            "ignoredKinds", list(s.ignored_kinds), _, can_add=False, labels=kind_labels,
            empty_text=_("None. Choose “Never warn me” on a warning to add it here."))
        self.ignored_kinds.set_accessible(_("Warnings you turned off"),
                                          _("Turn the selected warnings back on"))
        self.ignored_words = WordListEditor(
            "ignoredWords", list(s.ignored_words), _, can_add=False,
            empty_text=_("None. Words you tell DeskReply to accept appear here."))
        self.ignored_words.set_accessible(_("Words never warned about"),
                                          _("Warn about the selected words again"))
        self.flagged_words = WordListEditor(
            "flaggedWords", list(s.personal_flagged_words), _, can_add=True,
            empty_text=_("None yet. Add words you never want to send by mistake."))
        self.flagged_words.set_accessible(
            _("Your own words to warn about"), _("Remove the selected words"),
            _("New word to warn about"), _("Add the word"))
        for title, hint, editor in (
            (_("Warnings you turned off"), "", self.ignored_kinds),
            (_("Words never warned about"), "", self.ignored_words),
            (_("Your own words to warn about"),
             _("DeskReply warns you when a reply contains one of these."), self.flagged_words),
        ):
            heading = QLabel(title)
            heading.setObjectName("sectionTitle")
            heading.setBuddy(editor.list)
            layout.addWidget(heading)
            if hint:
                layout.addWidget(self._hint(hint))
            layout.addWidget(editor, 1)
        return page

    # -- result -----------------------------------------------------------------------------
    def edited(self) -> Settings:
        """The settings as shown in the dialog (a new object; the original is untouched)."""
        s = copy.deepcopy(self._settings)
        s.agent_name = " ".join(self.agent_name.text().split())[:MAX_AGENT_NAME_CHARS]
        s.enter_sends = self.enter_sends.isChecked()
        s.undo_send_seconds = self.undo_seconds.value()
        s.log_level = str(self.log_level.currentData())
        s.theme = str(self.theme_combo.currentData())
        s.font_scale = theme.clamp_scale(self.font_percent.value() / 100)
        s.sensitivity = str(self.sensitivity.currentData())
        s.emoji_limit = self.emoji_limit.value()
        s.emoji_max_version = float(self.emoji_version.currentData())
        s.ignored_kinds = self.ignored_kinds.values()
        s.ignored_words = self.ignored_words.values()
        s.personal_flagged_words = self.flagged_words.values()
        self.inbox_page.apply_to(s)
        return s
