"""The Settings dialog: sections for the gateway and key, quota, models, general, appearance, network, tools.

A passive view: it is filled with a ``Settings`` value and the key's state, and on OK it emits the edited
``Settings`` (and the new key, if one was typed). It never touches the settings file, the keyring or the
network. Open it with ``open()`` or ``show()``; it validates on OK and stays open, pointing at the field,
while something is invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.gemini.models_list import ModelInfo
from app.core.gemini.quota import KeyQuota
from app.core.proxy_credentials import has_user
from app.core.settings import (
    DEFAULT_MODEL,
    Settings,
    ValidationError,
    validate_base_url,
    validate_proxy_url,
)
from app.qt.dialogs.settings_account_page import AccountPage
from app.qt.dialogs.settings_connection_page import ConnectionPage, gateway_host
from app.qt.dialogs.settings_pages import FONT_DEFAULT, AppearancePage, GeneralPage, ModelsPage, NetworkPage
from app.qt.dialogs.settings_sections import SettingsSections, section_style
from app.qt.dialogs.settings_tools_page import ToolsPage
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.render.palette import palette_for
from app.qt.translations import core_text
from app.render.design import RADIUS_M, SPACE_L, SPACE_M, SPACE_S
from app.render.palette import RenderPalette

if TYPE_CHECKING:
    from app.qt.controllers.key_controller import KeyState


def _style(p: RenderPalette) -> str:
    """Errors, the test result, the key warning and the demo notice in the theme's colours; the sections."""
    return f"""
QLabel#baseUrlError, QLabel#proxyUrlError, QLabel#apiKeyError, QLabel#defaultModelError {{
    color: {p.error_text}; }}
QLabel#testResultLabel[state="ok"] {{ color: {p.success_text}; }}
QLabel#testResultLabel[state="error"] {{ color: {p.error_text}; }}
QLabel#keyStatusLabel[state="warning"] {{ color: {p.notice_text}; }}
QLabel#demoNotice {{ background: {p.notice_background}; color: {p.text}; border: 1px solid {p.notice_border};
    border-radius: {RADIUS_M}px; padding: {SPACE_S}px; }}
""" + section_style(p)


def _select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


SCREEN_MARGIN = 40  # pixels left around the dialog on a screen smaller than its usual size


class SettingsDialog(FollowsLanguageAndTheme, QDialog):
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
        test_cancel_requested(): The user cancelled the connection test in flight.
        refresh_models_requested(): The model list's refresh button was pressed.
    """

    settings_accepted = Signal(object)
    key_changed = Signal(str)
    key_forgotten = Signal()
    test_requested = Signal(str, str, str, str)
    test_cancel_requested = Signal()
    refresh_models_requested = Signal()
    quota_refresh_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setStyleSheet(_style(palette_for(self.palette())))
        # Roomy where the screen allows, never larger than it (an 800x600 screen, a small laptop at 200%).
        room = (parent or self).screen().availableGeometry().size() - QSize(SCREEN_MARGIN, SCREEN_MARGIN)
        self.setMinimumSize(QSize(720, 480).boundedTo(room))
        self.resize(QSize(880, 620).boundedTo(room))
        self._original = settings

        # The sections (named ``tabs`` as before: it answers as the tab widget did).
        self.tabs = SettingsSections(self)
        self.tabs.list.setAccessibleName(self.tr("Settings sections"))
        self.connection_tab = ConnectionPage(parent=self)
        # The Connection page's fields, named here as well: the dialog reads and validates them.
        page = self.connection_tab
        self.demo_notice, self.key_status_label = page.demo_notice, page.key_status_label
        self.base_url_edit, self.base_url_error = page.base_url_edit, page.base_url_error
        self.key_field, self.key_error = page.key_field, page.key_error
        self.forget_button, self.connection_test = page.forget_button, page.connection_test
        self.test_button, self.result_label = page.connection_test.button, page.connection_test.result_label
        page.key_forgotten.connect(self.key_forgotten)
        self.connection_test.test_clicked.connect(self._on_test_clicked)
        self.connection_test.cancel_requested.connect(self.test_cancel_requested)
        self.account_tab = AccountPage(self)
        self.account_tab.refresh_requested.connect(self.quota_refresh_requested)
        self.models_tab = ModelsPage(self)
        self.model_picker, self.model_error = self.models_tab.model_picker, self.models_tab.model_error
        self.model_picker.refresh_requested.connect(self.refresh_models_requested)
        self.chat_tab = GeneralPage(self)
        self.send_key_combo, self.check_updates_box = (
            self.chat_tab.send_key_combo,
            self.chat_tab.check_updates_box,
        )
        self.appearance_tab = AppearancePage(self)
        self.theme_combo, self.language_combo = (
            self.appearance_tab.theme_combo,
            self.appearance_tab.language_combo,
        )
        self.font_size_spin = self.appearance_tab.font_size_spin
        self.network_tab = NetworkPage(self)
        network = self.network_tab
        self.proxy_mode_combo, self.proxy_url_edit = network.proxy_mode_combo, network.proxy_url_edit
        self.proxy_url_error = network.proxy_url_error
        self.proxy_password_field = network.proxy_password
        self.connect_timeout_spin, self.idle_timeout_spin = (
            network.connect_timeout_spin,
            network.idle_timeout_spin,
        )
        self.proxy_mode_combo.currentIndexChanged.connect(self._on_proxy_mode_changed)
        self.proxy_url_edit.textEdited.connect(lambda _t: self.proxy_url_error.hide())
        self.proxy_password_field.key_edited.connect(lambda _t: self.proxy_url_error.hide())
        self.tools_tab = ToolsPage(self)
        for section, icon in (
            (self.connection_tab, "key"),
            (self.account_tab, "gauge"),
            (self.models_tab, "sparkle"),
            (self.chat_tab, "settings"),
            (self.appearance_tab, "sliders"),
            (self.network_tab, "globe"),
            (self.tools_tab, "tools"),
        ):
            self.tabs.add_section(section, icon)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.button_box.setObjectName("settingsButtonBox")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_M)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.button_box)

        self._retranslate()
        self._align_form_labels()
        self.set_settings(settings)

    # Building -----------------------------------------------------------------------------------------------

    def _follow_palette(self) -> None:
        self.setStyleSheet(_style(palette_for(self.palette())))

    def _retranslate(self) -> None:
        sections = (
            (self.tr("Gateway & key"), self.tr("Where requests go, and the key that pays for them.")),
            (self.tr("Usage & quota"), self.tr("What the gateway says is left on the key, and until when.")),
            (self.tr("Models"), self.tr("The model new conversations start with.")),
            (self.tr("General"), self.tr("How messages are sent, and keeping the app up to date.")),
            (self.tr("Appearance"), self.tr("Theme, language and text size; they apply when you click OK.")),
            (
                self.tr("Network"),
                self.tr("The proxy between this computer and the gateway, and how long to wait."),
            ),
            (
                self.tr("Tools"),
                self.tr("MCP servers whose tools the model may call, each call with your approval."),
            ),
        )
        for index, (title, summary) in enumerate(sections):
            self.tabs.set_texts(index, title, summary)

    def _align_form_labels(self) -> None:
        """Give the forms of the sections built here one label width, so fields line up across sections."""
        labels: list[QWidget] = []
        for page in (
            self.connection_tab,
            self.models_tab,
            self.chat_tab,
            self.appearance_tab,
            self.network_tab,
            self.tools_tab,
        ):
            for form in page.findChildren(QFormLayout):
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

    # Setters ------------------------------------------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        """Show ``settings`` in the fields (and keep it as the base for hidden fields)."""
        self._original = settings
        self.connection_tab.key_host = gateway_host(settings.base_url)
        self.base_url_edit.setText(settings.base_url)
        _select_data(self.proxy_mode_combo, settings.proxy_mode)
        self.network_tab.set_proxy_url(settings.proxy_url)
        self.connect_timeout_spin.setValue(settings.connect_timeout)
        self.idle_timeout_spin.setValue(settings.idle_timeout)
        _select_data(self.send_key_combo, settings.send_key)
        self.model_picker.set_current_model(settings.default_model)
        _select_data(self.theme_combo, settings.theme)
        _select_data(self.language_combo, settings.language)
        self.font_size_spin.setValue(settings.font_size if settings.font_size is not None else FONT_DEFAULT)
        self.check_updates_box.setChecked(settings.check_updates)
        self._on_proxy_mode_changed()
        for label in (self.base_url_error, self.proxy_url_error, self.key_error, self.model_error):
            label.hide()

    def set_key_state(self, state: KeyState) -> None:
        """Show the key in use (masked) and where it is kept."""
        self.connection_tab.set_key_state(state)

    def set_demo_gateway(self, base_url: str | None, *, own_folder: bool = False) -> None:
        """Say that the demo gateway at ``base_url`` answers now and how to leave it (None: hide that).

        ``own_folder``: the demo keeps a data folder of its own, which leaving it puts aside.
        """
        self.connection_tab.set_demo_gateway(base_url, own_folder=own_folder)

    def set_models(self, models: Sequence[ModelInfo]) -> None:
        """Offer ``models`` for the default model."""
        self.model_picker.set_models(models)

    def set_quota(self, quota: KeyQuota | None) -> None:
        """Show the key's quota and expiry in the Usage & quota section (None: the gateway reports none)."""
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
            proxy_url = self._checked_proxy_url()
            if proxy_url is None:
                first_bad = first_bad or self.proxy_url_edit
        elif self.proxy_url_edit.text().strip():
            # A URL kept for later must not block OK while it is not in use; an invalid one is not kept.
            try:
                proxy_url = self.network_tab.with_password(validate_proxy_url(self.proxy_url_edit.text()))
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
            font_size=None if font_size == FONT_DEFAULT else font_size,
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

    def _checked_proxy_url(self) -> str | None:
        """The proxy URL with the password field's password, or None after saying what is wrong."""
        url = self._checked(self.proxy_url_edit, self.proxy_url_error, validate_proxy_url)
        if url is None:
            return None
        if self.proxy_password_field.password() and not has_user(url):
            self.proxy_url_error.setText(
                self.tr(
                    "Put the proxy's user name in the URL (http://user@proxy:3128): the password is for it."
                )
            )
            self.proxy_url_error.show()
            return None
        return self.network_tab.with_password(url)

    def _reveal(self, widget: QWidget | None) -> None:
        """Show the section holding ``widget``, scrolled to it, and focus it."""
        if widget is None:
            return
        self.tabs.reveal(widget)
        widget.setFocus()

    def _on_proxy_mode_changed(self, _index: int = 0) -> None:
        custom = self.proxy_mode_combo.currentData() == "url"
        self.proxy_url_edit.setEnabled(custom)
        self.proxy_password_field.setEnabled(custom)
        if not custom:
            self.proxy_url_error.hide()

    def _on_test_clicked(self) -> None:
        if self.connection_test.is_testing:
            return
        base_url = self._checked(self.base_url_edit, self.base_url_error, validate_base_url)
        proxy_mode = str(self.proxy_mode_combo.currentData())
        proxy_url = ""
        if proxy_mode == "url":
            checked = self._checked_proxy_url()
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
