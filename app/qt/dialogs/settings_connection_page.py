"""The Settings dialog's Connection page: gateway URL, API key (and where it is kept), connection test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.link_safety import host_of
from app.core.settings import ValidationError, validate_base_url
from app.qt.dialogs.settings_sections import add_explained_row, settings_group
from app.qt.dialogs.welcome_page import error_label
from app.qt.widgets.connection_test import ConnectionTestControls
from app.qt.widgets.key_field import KeyField
from app.render.design import SPACE_L

if TYPE_CHECKING:
    from app.qt.controllers.key_controller import KeyState


class ConnectionPage(QWidget):
    """The gateway's address, the key field with the key's status and Forget, and the connection test.

    Args:
        parent: The dialog.

    Signals:
        key_forgotten(): The user asked to remove the stored key (the field is emptied already).
    """

    key_forgotten = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionTab")
        self.initial_key = ""  # the key shown when the dialog was filled: OK reports only a new one
        # The host of the gateway the shown key belongs to; set with the settings.
        self.key_host = ""
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(SPACE_L)

        # Shown only while the demo gateway answers (set_demo_gateway): the fields below are the user's own.
        self.demo_notice = QLabel(self)
        self.demo_notice.setObjectName("demoNotice")
        self.demo_notice.setWordWrap(True)
        self.demo_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_notice.hide()
        page.addWidget(self.demo_notice)

        gateway, heading, form = settings_group(self, "gateway")
        heading.setText(self.tr("Gateway"))
        self.base_url_edit = QLineEdit(self)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.base_url_edit.setAccessibleName(self.tr("Gateway base URL"))
        self.base_url_edit.setPlaceholderText("https://gogogotoken.ai")
        self.base_url_error = error_label("baseUrlError", self)

        self.key_field = KeyField(self)
        self.key_error = error_label("apiKeyError", self)
        self.key_status_label = QLabel(self)
        self.key_status_label.setObjectName("keyStatusLabel")
        self.key_status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # In a row shared with a button the form gives the label one line's height; see eventFilter.
        self.key_status_label.installEventFilter(self)
        self.forget_button = QPushButton(self.tr("Forget key"), self)
        self.forget_button.setObjectName("forgetKeyButton")
        self.forget_button.setAccessibleName(self.tr("Forget the stored API key"))
        self.forget_button.setAutoDefault(False)
        status_row = QHBoxLayout()
        status_row.addWidget(self.key_status_label, 1)
        status_row.addWidget(self.forget_button)

        self.connection_test = ConnectionTestControls(self)
        self.connection_test.button.setAutoDefault(False)
        test_row = QHBoxLayout()
        test_row.addWidget(self.connection_test.button)
        test_row.addWidget(self.connection_test.busy_bar, 1)
        test_row.addStretch(1)

        add_explained_row(
            form,
            self.tr("Gateway URL"),
            self.base_url_edit,
            QLabel(
                self.tr("The address of your new-api or one-api gateway; the key below belongs to it."), self
            ),
        )
        form.addRow("", self.base_url_error)
        page.addWidget(gateway)

        key_group, heading, form = settings_group(self, "key")
        heading.setText(self.tr("API key"))
        add_explained_row(
            form,
            self.tr("API key"),
            self.key_field,
            # True wherever the key is (keyring, file, session, environment): the status line says which.
            QLabel(
                self.tr("The key is never kept in the settings file; the line below says where it is."), self
            ),
        )
        form.addRow("", self.key_error)
        form.addRow("", status_row)
        form.addRow("", test_row)
        form.addRow("", self.connection_test.result_label)
        page.addWidget(key_group)

        self.base_url_edit.textEdited.connect(lambda _t: self.base_url_error.hide())
        self.base_url_edit.textChanged.connect(self._on_base_url_changed)
        self.key_field.key_edited.connect(lambda _t: self.key_error.hide())
        self.forget_button.clicked.connect(self._on_forget_clicked)

    def set_key_state(self, state: KeyState) -> None:
        """Show the key in use (masked) and where it is kept."""
        self.initial_key = state.key or ""
        self.key_field.set_key(self.initial_key)
        from_env = state.source == "environment"
        self.key_field.set_read_only(from_env)
        if state.source == "keyring":
            backend = state.backend_name or self.tr("the system keyring")
            text = self.tr("Stored in: %1").replace("%1", backend)
        elif state.source == "file":
            text = self.tr("In a file only you can read (less safe than a keyring): %1").replace(
                "%1", state.backend_name
            )
        elif state.source == "session":
            text = self.tr("Session only (not saved)")
        elif from_env:
            text = self.tr("From GEMINI_API_KEY (session only; unset it to use a stored key)")
        else:
            text = self.tr("No key saved")
        if state.error:
            text += "\n" + state.error
        self.key_status_label.setText(text)
        # Wrapped, or a long line ("From GEMINI_API_KEY …" in a narrow dialog) widens the page past the
        # dialog's edge; _fit_key_status gives a wrapped label the height its lines need.
        self.key_status_label.setWordWrap(True)
        self._fit_key_status()
        self.key_status_label.setProperty("state", "warning" if state.error else "")
        self.key_status_label.style().unpolish(self.key_status_label)
        self.key_status_label.style().polish(self.key_status_label)
        self.forget_button.setEnabled(state.source in ("keyring", "file", "session"))

    def set_demo_gateway(self, base_url: str | None, *, own_folder: bool = False) -> None:
        """Say that the demo gateway at ``base_url`` answers now and how to leave it (None: hide that).

        ``own_folder``: the demo keeps a data folder of its own; leaving it opens the user's own.
        """
        if base_url:
            text = (
                self.tr(
                    "The built-in demo gateway (%1) is answering now, with scripted replies. To leave the "
                    "demo, enter your gateway address and API key, then click OK: Gemini Desk then reopens "
                    "with your own settings and conversations, and the demo's conversations are not kept."
                )
                if own_folder
                else self.tr(
                    "The built-in demo gateway (%1) is answering now, with scripted replies. To leave the "
                    "demo, enter your gateway address and API key, then click OK."
                )
            )
            self.demo_notice.setText(text.replace("%1", base_url))
        self.demo_notice.setVisible(bool(base_url))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the wrapped key status (a long keyring error) tall enough for all its lines."""
        # On show too: a label resized while hidden is not resized again when the dialog first shows.
        if watched is self.key_status_label and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_key_status()
        return super().eventFilter(watched, event)

    def _fit_key_status(self) -> None:
        label = self.key_status_label
        if not label.isVisible():
            return  # its width is not known yet; the first layout resizes it
        height = label.heightForWidth(label.width()) if label.wordWrap() else 0
        if height != label.minimumHeight():
            label.setMinimumHeight(max(height, 0))

    def _on_base_url_changed(self, text: str) -> None:
        """A key belongs to its gateway: another host, or plain http, empties the field; going back fills it.

        Otherwise OK would store the old gateway's key for the new host, and send it there.
        """
        try:
            host = gateway_host(text)
        except ValidationError:
            return
        if not self.key_host or not self.initial_key:
            return
        shown = self.key_field.key()
        if host != self.key_host and shown == self.initial_key:
            self.key_field.set_key("")
            self.key_error.setText(
                self.tr("The key shown was for another gateway: enter the key for this one.")
            )
            self.key_error.show()
        elif host == self.key_host and not shown:
            self.key_field.set_key(self.initial_key)
            self.key_error.hide()

    def _on_forget_clicked(self) -> None:
        self.key_field.set_key("")
        self.initial_key = ""
        self.forget_button.setEnabled(False)
        self.key_forgotten.emit()


def gateway_host(base_url: str) -> str:
    """The host name of a gateway address, ``http://host`` for plain http, whose key the field may show.

    The port aside, the same machine keeps the same key; plain http keeps keys of its own
    (``app.core.secrets.account_for_base_url``), so an https key is never handed on to be sent in clear text.

    Raises:
        ValidationError: Not a gateway address.
    """
    url = validate_base_url(base_url)
    return f"http://{host_of(url)}" if url.startswith("http://") else host_of(url)
