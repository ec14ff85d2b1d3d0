"""Masked secret entries with a Show/Hide toggle: the API key, and the proxy's password."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme


class KeyField(FollowsLanguageAndTheme, QWidget):
    """An API key entry: masked by default, revealed only while the toggle is on.

    The inner line edit is named ``apiKeyEdit`` and the toggle ``revealKeyButton``. Input methods are told the
    text is sensitive (no prediction, no learning), and the key is never put in a tooltip or placeholder.

    Signals:
        key_edited(str): The user changed the text (not emitted for ``set_key``).
    """

    key_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyField")
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("apiKeyEdit")
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.line_edit.setClearButtonEnabled(False)
        self.line_edit.textEdited.connect(self.key_edited)

        self.reveal_button = QToolButton(self)
        self.reveal_button.setObjectName("revealKeyButton")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.reveal_button.toggled.connect(self._on_reveal_toggled)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.reveal_button)
        self.setFocusProxy(self.line_edit)
        # Like a QLineEdit: grows in width, never squeezed in height by a crowded form.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._on_reveal_toggled(False)

    def _retranslate(self) -> None:
        self.line_edit.setAccessibleName(self.tr("API key"))
        self.line_edit.setPlaceholderText(self.tr("Paste your API key (sk-…)"))
        revealed = self.is_revealed()
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Show"))
        self.reveal_button.setAccessibleName(
            self.tr("Hide the API key") if revealed else self.tr("Show the API key")
        )
        self.reveal_button.setToolTip(self.reveal_button.accessibleName())

    def key(self) -> str:
        """The key as typed, without surrounding whitespace (pasted keys often carry a newline)."""
        return self.line_edit.text().strip()

    def set_key(self, key: str) -> None:
        """Show ``key`` (masked again, whatever the toggle was)."""
        self.line_edit.setText(key)
        self.set_revealed(False)

    def is_revealed(self) -> bool:
        """Whether the key is shown in clear text."""
        return self.line_edit.echoMode() == QLineEdit.EchoMode.Normal

    def set_revealed(self, revealed: bool) -> None:
        """Show or mask the key."""
        self.reveal_button.setChecked(revealed)

    def set_read_only(self, read_only: bool) -> None:
        """Make the key read-only (for example when it comes from the environment)."""
        self.line_edit.setReadOnly(read_only)

    def _on_reveal_toggled(self, revealed: bool) -> None:
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password)
        self._retranslate()


class ProxyPasswordField(KeyField):
    """The proxy's password: masked like the key, with its own names and words.

    The inner line edit is named ``proxyPasswordEdit`` and the toggle ``revealProxyPasswordButton``. Unlike a
    key, the password is taken as typed (spaces included): ``password()`` never trims it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proxyPasswordField")
        self.line_edit.setObjectName("proxyPasswordEdit")
        self.reveal_button.setObjectName("revealProxyPasswordButton")

    def _retranslate(self) -> None:
        self.line_edit.setAccessibleName(self.tr("Proxy password"))
        self.line_edit.setPlaceholderText(self.tr("Only if the proxy asks for one"))
        revealed = self.is_revealed()
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Show"))
        self.reveal_button.setAccessibleName(
            self.tr("Hide the proxy password") if revealed else self.tr("Show the proxy password")
        )
        self.reveal_button.setToolTip(self.reveal_button.accessibleName())

    def password(self) -> str:
        """The password exactly as typed."""
        return self.line_edit.text()
