"""The Settings dialog: connection, network, chat and appearance.

A passive view: it is filled with a ``Settings`` value and the key's state, and on OK it emits the edited
``Settings`` (and the new key, if one was typed). It never touches the settings file, the keyring or the
network. Open it with ``open()`` or ``show()``; it validates on OK and stays open, pointing at the field,
while something is invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.gemini.models_list import ModelInfo
from app.core.gemini.quota import KeyQuota
from app.core.settings import (
    DEFAULT_MODEL,
    Settings,
    ValidationError,
    validate_base_url,
    validate_proxy_url,
)
from app.qt.dialogs.settings_account_page import AccountPage
from app.qt.dialogs.settings_connection_page import ConnectionPage, form_layout, gateway_host
from app.qt.dialogs.settings_tools_page import ToolsPage
from app.qt.dialogs.welcome_page import error_label, muted_label
from app.qt.translations import core_text
from app.qt.widgets.model_picker import ModelPicker

if TYPE_CHECKING:
    from app.qt.controllers.key_controller import KeyState

_FONT_DEFAULT = 5  # the font size spin box's "Default" position, one below the smallest real size

_STYLE = """
QLabel#baseUrlError, QLabel#proxyUrlError, QLabel#apiKeyError, QLabel#defaultModelError { color: #c62828; }
QLabel#testResultLabel[state="ok"] { color: #2e7d32; }
QLabel#testResultLabel[state="error"] { color: #c62828; }
QLabel#keyStatusLabel[state="warning"] { color: #b26a00; }
QLabel#demoNotice {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 8px;
}
"""


def _combo(name: str, accessible: str, items: Sequence[tuple[str, str]], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class SettingsDialog(QDialog):
    """Edits ``Settings`` and the API key.

    Args:
        settings: The values to show.
        parent: The parent window.

    Signals:
        settings_accepted(Settings): OK with valid values; fields the dialog does not show (window state,
            generation defaults) are carried over from the settings it was given.
        key_changed(str): OK while the key field holds a new key (emitted after ``settings_accepted``, so the
            receiver already knows the new base URL).
        key_forgotten(): The user asked to remove the stored key.
        test_requested(str, str, str, str): base URL, key, proxy mode, proxy URL, all as currently edited.
        refresh_models_requested(): The model list's refresh button was pressed.
    """

    settings_accepted = Signal(object)
    key_changed = Signal(str)
    key_forgotten = Signal()
    test_requested = Signal(str, str, str, str)
    refresh_models_requested = Signal()
    quota_refresh_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setStyleSheet(_STYLE)
        # QTabWidget ignores height-for-width, so wrapped messages need room up front.
        self.setMinimumSize(640, 440)
        self._original = settings

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.tabs.setDocumentMode(True)
        self.connection_tab = ConnectionPage(parent=self)
        # The Connection page's fields, named here as well: the dialog reads and validates them.
        page = self.connection_tab
        self.demo_notice, self.key_status_label = page.demo_notice, page.key_status_label
        self.base_url_edit, self.base_url_error = page.base_url_edit, page.base_url_error
        self.key_field, self.key_error = page.key_field, page.key_error
        self.forget_button, self.connection_test = page.forget_button, page.connection_test
        self.test_button, self.result_label = page.connection_test.button, page.connection_test.result_label
        page.key_forgotten.connect(self.key_forgotten)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.account_tab = AccountPage(self)
        self.account_tab.refresh_requested.connect(self.quota_refresh_requested)
        self.network_tab = self._build_network_tab()
        self.chat_tab = self._build_chat_tab()
        self.appearance_tab = self._build_appearance_tab()
        self.tools_tab = ToolsPage(self)
        self.tabs.addTab(self.connection_tab, self.tr("Connection"))
        self.tabs.addTab(self.account_tab, self.tr("Account"))
        self.tabs.addTab(self.network_tab, self.tr("Network"))
        self.tabs.addTab(self.chat_tab, self.tr("Chat"))
        self.tabs.addTab(self.appearance_tab, self.tr("Appearance"))
        self.tabs.addTab(self.tools_tab, self.tr("Tools"))

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.button_box.setObjectName("settingsButtonBox")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(self.tabs)
        layout.addWidget(self.button_box)

        self._align_form_labels()
        for spin in (self.connect_timeout_spin, self.idle_timeout_spin, self.font_size_spin):
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            spin.setMinimumWidth(140)
        self.set_settings(settings)

    # Building -----------------------------------------------------------------------------------------------

    def _align_form_labels(self) -> None:
        """Give every tab's label column the same width, so fields line up when switching tabs."""
        labels: list[QWidget] = []
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            form = page.layout() if page is not None else None
            if not isinstance(form, QFormLayout):
                continue
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    labels.append(widget)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)
            if isinstance(label, QLabel):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _build_network_tab(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("networkTab")
        form = form_layout(page)
        self.proxy_mode_combo = _combo(
            "proxyModeCombo",
            self.tr("Proxy"),
            [
                (self.tr("Use the system proxy settings"), "system"),
                (self.tr("No proxy (direct connection)"), "none"),
                (self.tr("Custom proxy (HTTP or SOCKS)"), "url"),
            ],
            page,
        )
        self.proxy_url_edit = QLineEdit(page)
        self.proxy_url_edit.setObjectName("proxyUrlEdit")
        self.proxy_url_edit.setAccessibleName(self.tr("Proxy URL"))
        self.proxy_url_edit.setPlaceholderText("http://127.0.0.1:7890  ·  socks5h://proxy:1080")
        self.proxy_url_error = error_label("proxyUrlError", page)

        self.connect_timeout_spin = QDoubleSpinBox(page)
        self.connect_timeout_spin.setObjectName("connectTimeoutSpin")
        self.connect_timeout_spin.setAccessibleName(self.tr("Connect timeout"))
        self.connect_timeout_spin.setRange(0.5, 600.0)
        self.connect_timeout_spin.setDecimals(1)
        self.connect_timeout_spin.setSingleStep(1.0)
        self.connect_timeout_spin.setSuffix(self.tr(" s"))
        self.idle_timeout_spin = QDoubleSpinBox(page)
        self.idle_timeout_spin.setObjectName("idleTimeoutSpin")
        self.idle_timeout_spin.setAccessibleName(self.tr("Idle timeout"))
        self.idle_timeout_spin.setRange(5.0, 7200.0)
        self.idle_timeout_spin.setDecimals(0)
        self.idle_timeout_spin.setSingleStep(30.0)
        self.idle_timeout_spin.setSuffix(self.tr(" s"))
        idle_note = QLabel(
            self.tr(
                "Thinking models can stay silent for minutes before the first word; the gateway itself "
                "usually gives up after 300 s."
            ),
            page,
        )
        idle_note.setWordWrap(True)
        muted_label(idle_note)

        form.addRow(self.tr("Proxy"), self.proxy_mode_combo)
        form.addRow(self.tr("Proxy URL"), self.proxy_url_edit)
        form.addRow("", self.proxy_url_error)
        form.addRow(self.tr("Connect timeout"), self.connect_timeout_spin)
        form.addRow(self.tr("Idle timeout"), self.idle_timeout_spin)
        form.addRow("", idle_note)

        self.proxy_mode_combo.currentIndexChanged.connect(self._on_proxy_mode_changed)
        self.proxy_url_edit.textEdited.connect(lambda _t: self.proxy_url_error.hide())
        return page

    def _build_chat_tab(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("chatTab")
        form = form_layout(page)
        self.send_key_combo = _combo(
            "sendKeyCombo",
            self.tr("Send with"),
            [
                (self.tr("Enter sends, Shift+Enter adds a line"), "enter"),
                (self.tr("Ctrl+Enter sends, Enter adds a line"), "ctrl_enter"),
            ],
            page,
        )
        self.model_picker = ModelPicker(page)
        self.model_picker.setObjectName("defaultModelPicker")
        self.model_picker.combo.setAccessibleName(self.tr("Default model"))
        self.model_error = error_label("defaultModelError", page)
        form.addRow(self.tr("Send with"), self.send_key_combo)
        form.addRow(self.tr("Default model"), self.model_picker)
        form.addRow("", self.model_error)
        self.model_picker.refresh_requested.connect(self.refresh_models_requested)
        self.check_updates_box = QCheckBox(self.tr("Check for updates once a day"), page)
        self.check_updates_box.setObjectName("checkUpdatesBox")
        updates_note = QLabel(
            self.tr("Asks the release page for the newest version; sends nothing about you or this PC."), page
        )
        updates_note.setObjectName("checkUpdatesNote")
        updates_note.setWordWrap(True)
        muted_label(updates_note)
        form.addRow(self.tr("Updates"), self.check_updates_box)
        form.addRow("", updates_note)
        return page

    def _build_appearance_tab(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("appearanceTab")
        form = form_layout(page)
        self.theme_combo = _combo(
            "themeCombo",
            self.tr("Theme"),
            [
                (self.tr("Follow the system"), "system"),
                (self.tr("Light"), "light"),
                (self.tr("Dark"), "dark"),
                (self.tr("High contrast"), "contrast"),
            ],
            page,
        )
        # Language names are shown in their own language, so they are not translated.
        self.language_combo = _combo(
            "languageCombo",
            self.tr("Language"),
            [(self.tr("Follow the system"), "system"), ("English", "en"), ("简体中文", "zh_CN")],
            page,
        )
        language_note = QLabel(self.tr("A new language applies as soon as you click OK."), page)
        language_note.setObjectName("languageRestartNote")
        language_note.setWordWrap(True)
        muted_label(language_note)
        self.font_size_spin = QSpinBox(page)
        self.font_size_spin.setObjectName("fontSizeSpin")
        self.font_size_spin.setAccessibleName(self.tr("Font size"))
        self.font_size_spin.setRange(_FONT_DEFAULT, 72)
        self.font_size_spin.setSpecialValueText(self.tr("Default"))
        self.font_size_spin.setSuffix(self.tr(" pt"))
        form.addRow(self.tr("Theme"), self.theme_combo)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow("", language_note)
        form.addRow(self.tr("Font size"), self.font_size_spin)
        return page

    # Setters ------------------------------------------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        """Show ``settings`` in the fields (and keep it as the base for hidden fields)."""
        self._original = settings
        self.connection_tab.key_host = gateway_host(settings.base_url)
        self.base_url_edit.setText(settings.base_url)
        _select_data(self.proxy_mode_combo, settings.proxy_mode)
        self.proxy_url_edit.setText(settings.proxy_url)
        self.connect_timeout_spin.setValue(settings.connect_timeout)
        self.idle_timeout_spin.setValue(settings.idle_timeout)
        _select_data(self.send_key_combo, settings.send_key)
        self.model_picker.set_current_model(settings.default_model)
        _select_data(self.theme_combo, settings.theme)
        _select_data(self.language_combo, settings.language)
        self.font_size_spin.setValue(settings.font_size if settings.font_size is not None else _FONT_DEFAULT)
        self.check_updates_box.setChecked(settings.check_updates)
        self._on_proxy_mode_changed()
        for label in (self.base_url_error, self.proxy_url_error, self.key_error, self.model_error):
            label.hide()

    def set_key_state(self, state: KeyState) -> None:
        """Show the key in use (masked) and where it is kept."""
        self.connection_tab.set_key_state(state)

    def set_demo_gateway(self, base_url: str | None) -> None:
        """Say that the demo gateway at ``base_url`` answers now and how to leave it (None: hide that)."""
        self.connection_tab.set_demo_gateway(base_url)

    def set_models(self, models: Sequence[ModelInfo]) -> None:
        """Offer ``models`` for the default model."""
        self.model_picker.set_models(models)

    def set_quota(self, quota: KeyQuota | None) -> None:
        """Show the key's quota and expiry on the Account page (None: the gateway reports none)."""
        self.account_tab.set_quota(quota)

    def set_testing(self, testing: bool) -> None:
        """Show or end the busy state of a connection test."""
        self.connection_test.set_testing(testing)

    def show_test_result(self, ok: bool, message: str) -> None:
        """End the busy state and show the test's outcome (selectable text)."""
        self.set_testing(False)
        self.connection_test.show_result("ok" if ok else "error", message)

    # Reading ------------------------------------------------------------------------------------------------

    def edited_settings(self) -> Settings | None:
        """The settings as edited, or None after pointing at the first invalid field."""
        first_bad: QWidget | None = None
        base_url = self._checked(self.base_url_edit, self.base_url_error, validate_base_url)
        if base_url is None:
            first_bad = self.base_url_edit
        proxy_mode = str(self.proxy_mode_combo.currentData())
        proxy_url: str | None = ""
        if proxy_mode == "url":
            proxy_url = self._checked(self.proxy_url_edit, self.proxy_url_error, validate_proxy_url)
            if proxy_url is None:
                first_bad = first_bad or self.proxy_url_edit
        elif self.proxy_url_edit.text().strip():
            # A URL kept for later must not block OK while it is not in use; an invalid one is not kept.
            try:
                proxy_url = validate_proxy_url(self.proxy_url_edit.text())
            except ValidationError:
                proxy_url = ""
        model = self.model_picker.current_model() or DEFAULT_MODEL
        if first_bad is not None or base_url is None or proxy_url is None:
            self._reveal(first_bad)
            return None
        font_size = self.font_size_spin.value()
        return replace(
            self._original,
            base_url=base_url,
            proxy_mode=proxy_mode,  # type: ignore[arg-type]  # the combo only holds PROXY_MODES
            proxy_url=proxy_url,
            connect_timeout=self.connect_timeout_spin.value(),
            idle_timeout=self.idle_timeout_spin.value(),
            send_key=self.send_key_combo.currentData(),
            default_model=model,
            theme=self.theme_combo.currentData(),
            language=self.language_combo.currentData(),
            font_size=None if font_size == _FONT_DEFAULT else font_size,
            check_updates=self.check_updates_box.isChecked(),
        )

    def edited_key(self) -> str:
        """The key field's text, trimmed."""
        return self.key_field.key()

    def accept(self) -> None:
        """Validate; emit ``settings_accepted`` (and ``key_changed``) and close, or stay open on errors."""
        settings = self.edited_settings()
        if settings is None:
            return
        self.settings_accepted.emit(settings)
        key = self.edited_key()
        if key and key != self.connection_tab.initial_key:
            self.connection_tab.initial_key = key
            self.key_changed.emit(key)
        super().accept()

    # Internals ----------------------------------------------------------------------------------------------

    def _checked(self, edit: QLineEdit, error: QLabel, validate: Callable[[str], str]) -> str | None:
        try:
            value = validate(edit.text())
        except ValidationError as exc:
            error.setText(core_text(exc.user_message()))
            error.show()
            return None
        error.hide()
        return value

    def _reveal(self, widget: QWidget | None) -> None:
        """Switch to the tab holding ``widget`` and focus it."""
        if widget is None:
            return
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus()

    def _on_proxy_mode_changed(self, _index: int = 0) -> None:
        custom = self.proxy_mode_combo.currentData() == "url"
        self.proxy_url_edit.setEnabled(custom)
        if not custom:
            self.proxy_url_error.hide()

    def _on_test_clicked(self) -> None:
        if self.connection_test.is_testing:
            return
        base_url = self._checked(self.base_url_edit, self.base_url_error, validate_base_url)
        proxy_mode = str(self.proxy_mode_combo.currentData())
        proxy_url = ""
        if proxy_mode == "url":
            checked = self._checked(self.proxy_url_edit, self.proxy_url_error, validate_proxy_url)
            if checked is None:
                self._reveal(self.proxy_url_edit)
                return
            proxy_url = checked
        key = self.key_field.key()
        if base_url is None:
            self._reveal(self.base_url_edit)
            return
        if not key:
            self.key_error.setText(self.tr("Enter your API key."))
            self.key_error.show()
            self._reveal(self.key_field)
            return
        self.set_testing(True)
        self.test_requested.emit(base_url, key, proxy_mode, proxy_url)
