"""The Settings dialog's simpler sections: General, Models, Appearance and Network.

Each page is passive: it holds its controls (named for tests and the dialog, which fills and reads them) in
groups with one-line explanations (``settings_sections``). The gateway and key, the quota and the tools have
pages of their own modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.proxy_credentials import join_password, readable_password, split_password
from app.qt.dialogs.settings_sections import add_explained_row, settings_group
from app.qt.dialogs.welcome_page import error_label
from app.qt.widgets.key_field import ProxyPasswordField
from app.qt.widgets.model_picker import ModelPicker
from app.render.design import SPACE_L

# The font size spin box's "Default" position, one below the smallest real size.
FONT_DEFAULT = 5


def combo(name: str, accessible: str, items: Sequence[tuple[str, str]], parent: QWidget) -> QComboBox:
    """A combo box offering ``items`` as (text, value) pairs."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    for text, value in items:
        box.addItem(text, value)
    return box


def _page(name: str, parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget(parent)
    page.setObjectName(name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(SPACE_L)
    return page, layout


def _fixed_width(*spins: QWidget) -> None:
    for spin in spins:
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        spin.setMinimumWidth(140)


class GeneralPage(QWidget):
    """How messages are sent, and whether the app looks for updates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        card, heading, form = settings_group(self, "writing")
        heading.setText(self.tr("Writing"))
        self.send_key_combo = combo(
            "sendKeyCombo",
            self.tr("Send with"),
            [
                (self.tr("Enter sends, Shift+Enter adds a line"), "enter"),
                (self.tr("Ctrl+Enter sends, Enter adds a line"), "ctrl_enter"),
            ],
            card,
        )
        add_explained_row(
            form,
            self.tr("Send with"),
            self.send_key_combo,
            QLabel(self.tr("Ctrl+Enter suits long messages written in several lines."), card),
        )
        layout.addWidget(card)
        card, heading, form = settings_group(self, "updates")
        heading.setText(self.tr("Updates"))
        self.check_updates_box = QCheckBox(self.tr("Check for updates once a day"), card)
        self.check_updates_box.setObjectName("checkUpdatesBox")
        note = QLabel(
            self.tr("Asks the release page for the newest version; sends nothing about you or this PC."), card
        )
        note.setObjectName("checkUpdatesNote")
        add_explained_row(form, "", self.check_updates_box, note)
        layout.addWidget(card)


class ModelsPage(QWidget):
    """The model new conversations start with.

    Signals are the picker's own: the dialog passes on its ``refresh_requested``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        card, heading, form = settings_group(self, "default-model")
        heading.setText(self.tr("Default model"))
        self.model_picker = ModelPicker(card)
        self.model_picker.setObjectName("defaultModelPicker")
        self.model_picker.combo.setAccessibleName(self.tr("Default model"))
        self.model_error = error_label("defaultModelError", card)
        add_explained_row(
            form,
            self.tr("New conversations"),
            self.model_picker,
            QLabel(
                self.tr(
                    "Each conversation keeps its own model: choose it with the model button in the "
                    "message box."
                ),
                card,
            ),
        )
        form.addRow("", self.model_error)
        layout.addWidget(card)


class AppearancePage(QWidget):
    """Theme, language and text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appearanceTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        card, heading, form = settings_group(self, "look")
        heading.setText(self.tr("Look"))
        self.theme_combo = combo(
            "themeCombo",
            self.tr("Theme"),
            [
                (self.tr("Follow the system"), "system"),
                (self.tr("Light"), "light"),
                (self.tr("Dark"), "dark"),
                (self.tr("High contrast"), "contrast"),
            ],
            card,
        )
        add_explained_row(
            form,
            self.tr("Theme"),
            self.theme_combo,
            QLabel(self.tr("High contrast gives text and borders the strongest colours."), card),
        )
        self.font_size_spin = QSpinBox(card)
        self.font_size_spin.setObjectName("fontSizeSpin")
        self.font_size_spin.setAccessibleName(self.tr("Font size"))
        self.font_size_spin.setRange(FONT_DEFAULT, 72)
        self.font_size_spin.setSpecialValueText(self.tr("Default"))
        self.font_size_spin.setSuffix(self.tr(" pt"))
        _fixed_width(self.font_size_spin)
        add_explained_row(
            form,
            self.tr("Font size"),
            self.font_size_spin,
            QLabel(self.tr("The size of the messages; Ctrl+plus and Ctrl+minus change it too."), card),
        )
        layout.addWidget(card)
        card, heading, form = settings_group(self, "language")
        heading.setText(self.tr("Language"))
        # Language names are shown in their own language, so they are not translated.
        self.language_combo = combo(
            "languageCombo",
            self.tr("Language"),
            [(self.tr("Follow the system"), "system"), ("English", "en"), ("简体中文", "zh_CN")],
            card,
        )
        note = QLabel(self.tr("A new language applies as soon as you click OK."), card)
        note.setObjectName("languageRestartNote")
        add_explained_row(form, self.tr("Language"), self.language_combo, note)
        layout.addWidget(card)


class NetworkPage(QWidget):
    """The proxy and the timeouts.

    The proxy's password has a masked field of its own: the URL field never shows it. A URL typed or pasted
    with ``user:password@`` keeps the user name and hands the password to that field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        card, heading, form = settings_group(self, "proxy")
        heading.setText(self.tr("Proxy"))
        self.proxy_mode_combo = combo(
            "proxyModeCombo",
            self.tr("Proxy"),
            [
                (self.tr("Use the system proxy settings"), "system"),
                (self.tr("No proxy (direct connection)"), "none"),
                (self.tr("Custom proxy (HTTP or SOCKS)"), "url"),
            ],
            card,
        )
        self.proxy_url_edit = QLineEdit(card)
        self.proxy_url_edit.setObjectName("proxyUrlEdit")
        self.proxy_url_edit.setAccessibleName(self.tr("Proxy URL"))
        self.proxy_url_edit.setPlaceholderText("http://127.0.0.1:7890  ·  socks5h://proxy:1080")
        self.proxy_url_error = error_label("proxyUrlError", card)
        self.proxy_password = ProxyPasswordField(card)
        # The password as it was written in the URL it came from (percent-encoded), kept if unchanged.
        self._written_password = ""
        self.proxy_url_edit.textChanged.connect(self._take_password_from_url)
        add_explained_row(
            form,
            self.tr("Proxy"),
            self.proxy_mode_combo,
            QLabel(
                self.tr(
                    "How requests reach the gateway. A custom proxy is an http://, https:// or socks5:// "
                    "address."
                ),
                card,
            ),
        )
        form.addRow(self.tr("Proxy URL"), self.proxy_url_edit)
        form.addRow("", self.proxy_url_error)
        add_explained_row(
            form,
            self.tr("Proxy password"),
            self.proxy_password,
            QLabel(
                self.tr(
                    "Kept in the system keyring like the API key, never in the settings file. The user name "
                    "goes in the URL: http://user@proxy:3128."
                ),
                card,
            ),
        )
        layout.addWidget(card)

        card, heading, form = settings_group(self, "timeouts")
        heading.setText(self.tr("Timeouts"))
        self.connect_timeout_spin = QDoubleSpinBox(card)
        self.connect_timeout_spin.setObjectName("connectTimeoutSpin")
        self.connect_timeout_spin.setAccessibleName(self.tr("Connect timeout"))
        self.connect_timeout_spin.setRange(0.5, 600.0)
        self.connect_timeout_spin.setDecimals(1)
        self.connect_timeout_spin.setSingleStep(1.0)
        self.connect_timeout_spin.setSuffix(self.tr(" s"))
        self.idle_timeout_spin = QDoubleSpinBox(card)
        self.idle_timeout_spin.setObjectName("idleTimeoutSpin")
        self.idle_timeout_spin.setAccessibleName(self.tr("Idle timeout"))
        self.idle_timeout_spin.setRange(5.0, 7200.0)
        self.idle_timeout_spin.setDecimals(0)
        self.idle_timeout_spin.setSingleStep(30.0)
        self.idle_timeout_spin.setSuffix(self.tr(" s"))
        _fixed_width(self.connect_timeout_spin, self.idle_timeout_spin)
        add_explained_row(
            form,
            self.tr("Connect timeout"),
            self.connect_timeout_spin,
            QLabel(self.tr("How long to wait for the gateway to accept the connection."), card),
        )
        add_explained_row(
            form,
            self.tr("Idle timeout"),
            self.idle_timeout_spin,
            QLabel(
                self.tr(
                    "Thinking models can stay silent for minutes before the first word; the gateway itself "
                    "usually gives up after 300 s."
                ),
                card,
            ),
        )
        layout.addWidget(card)

    def set_proxy_url(self, url: str) -> None:
        """Show the proxy ``url``: the address and user name in the URL field, the password in its own."""
        bare, written = split_password(url)
        self._written_password = written
        self.proxy_url_edit.setText(bare)
        self.proxy_password.set_key(readable_password(written))

    def with_password(self, url: str) -> str:
        """``url`` (checked, without a password) with the password field's password put in."""
        return join_password(url, self.proxy_password.password(), self._written_password)

    def _take_password_from_url(self, text: str) -> None:
        """A URL holding ``user:password@`` keeps the user; the password moves to the password field."""
        bare, written = split_password(text)
        if bare == text:
            return
        self._written_password = written
        self.proxy_password.set_key(readable_password(written))
        self.proxy_url_edit.setText(bare)
