"""Settings → Tools: a form to edit one MCP server field by field, beside the pasted mcpServers JSON.

Name, transport, then either the program (command, one argument per line, working folder, environment
variables) or the URL and its headers, and whether it is enabled. Secret values (variables and headers named
like credentials, or ticked "Secret") are password fields: their stored value lives in the keyring and is
never shown; left empty it is kept, typed it is replaced. Credentials typed in the arguments or the URL are
pointed out, with a button that moves them into secret variables. A passive widget: ``saved`` carries the
edited server and the secret values typed; the tool controller checks, stores and applies them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.tools.credentials import find_credentials, move_credentials
from app.core.tools.servers import McpServerConfig, Transport, is_secret_name
from app.qt.follows_changes import FollowsLanguageAndTheme

__all__ = ["PairsEditor", "ServerForm"]


class PairsEditor(QWidget):
    """Rows of name, value and "Secret" (environment variables or headers); secret values are password fields.

    Args:
        kind: ``env`` or ``header`` (names the widgets: ``toolFormEnvName0``, ``toolFormHeaderValue1``...).
    """

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self._prefix = "toolFormEnv" if kind == "env" else "toolFormHeader"
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._rows: list[tuple[QLineEdit, QLineEdit, QCheckBox, QToolButton, bool]] = []
        self.add_button = QPushButton(self)
        self.add_button.setObjectName(f"{self._prefix}Add")
        self.add_button.clicked.connect(lambda: self.add_row("", "", secret=False, stored=False))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        """Word the buttons and placeholders in the current language."""
        self.add_button.setText(self.tr("Add variable") if self._kind == "env" else self.tr("Add header"))
        for name, value, secret, remove, stored in self._rows:
            self._word_row(name, value, secret, remove, stored)

    def _word_row(
        self, name: QLineEdit, value: QLineEdit, secret: QCheckBox, remove: QToolButton, stored: bool
    ) -> None:
        name.setPlaceholderText(self.tr("Name"))
        name.setAccessibleName(self.tr("Name"))
        value.setAccessibleName(self.tr("Value"))
        if secret.isChecked():
            value.setPlaceholderText(
                self.tr("Stored in the keyring (type to replace)") if stored else self.tr("Secret value")
            )
        else:
            value.setPlaceholderText(self.tr("Value"))
        secret.setText(self.tr("Secret"))
        remove.setToolTip(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove"))

    def set_pairs(self, values: dict[str, str], secret_names: set[str]) -> None:
        """Show ``values`` and the secret names (their values are in the keyring: empty fields)."""
        while self._rows:
            self._drop(0)
        for name, value in values.items():
            self.add_row(name, value, secret=name in secret_names, stored=False)
        for name in sorted(secret_names - set(values)):
            self.add_row(name, "", secret=True, stored=True)

    def add_row(self, name: str, value: str, *, secret: bool, stored: bool) -> None:
        """Add a row (``stored``: its value is in the keyring and the field stays empty until typed)."""
        index = len(self._rows)
        name_edit = QLineEdit(name, self)
        name_edit.setObjectName(f"{self._prefix}Name{index}")
        value_edit = QLineEdit(value, self)
        value_edit.setObjectName(f"{self._prefix}Value{index}")
        secret_box = QCheckBox(self)
        secret_box.setObjectName(f"{self._prefix}Secret{index}")
        secret_box.setChecked(secret or is_secret_name(name))
        remove = QToolButton(self)
        remove.setObjectName(f"{self._prefix}Remove{index}")
        remove.setText("✕")
        row = (name_edit, value_edit, secret_box, remove, stored)

        def secret_changed() -> None:
            value_edit.setEchoMode(
                QLineEdit.EchoMode.Password if secret_box.isChecked() else QLineEdit.EchoMode.Normal
            )
            self._word_row(*row)

        def name_changed(text: str) -> None:
            if is_secret_name(text) and not secret_box.isChecked():
                secret_box.setChecked(True)  # a TOKEN or an Authorization header is a secret by convention

        secret_box.toggled.connect(secret_changed)
        name_edit.textChanged.connect(name_changed)
        remove.clicked.connect(lambda: self._drop(self._rows.index(row)))
        self._rows.append(row)
        for column, widget in enumerate(row[:4]):
            self._grid.addWidget(widget, index, column)
        secret_changed()

    def _drop(self, index: int) -> None:
        row = self._rows.pop(index)
        for widget in row[:4]:
            self._grid.removeWidget(widget)
            widget.hide()
            widget.setParent(None)  # gone at once: a new row may take its object name before the deletion
            widget.deleteLater()

    def pairs(self) -> tuple[dict[str, str], dict[str, str], set[str]]:
        """The plain values, the secret values typed, and every secret name (typed or kept)."""
        plain: dict[str, str] = {}
        typed: dict[str, str] = {}
        secret_names: set[str] = set()
        for name_edit, value_edit, secret_box, _remove, _stored in self._rows:
            name = name_edit.text().strip()
            if not name:
                continue
            if secret_box.isChecked():
                secret_names.add(name)
                if value_edit.text():
                    typed[name] = value_edit.text()
            else:
                plain[name] = value_edit.text()
        return plain, typed, secret_names


class ServerForm(FollowsLanguageAndTheme, QWidget):
    """One server's fields.

    ``saved`` carries the name the server had ("" for a new one), the server as filled in (its secret values
    absent), and the secret values typed, by ``env:NAME`` / ``header:NAME``.
    """

    saved = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolServerForm")
        self._editing = ""
        self.name = QLineEdit(self)
        self.name.setObjectName("toolFormName")
        self.transport = QComboBox(self)
        self.transport.setObjectName("toolFormTransport")
        self.transport.addItem("", "stdio")
        self.transport.addItem("", "http")
        self.command = QLineEdit(self)
        self.command.setObjectName("toolFormCommand")
        self.args = QPlainTextEdit(self)
        self.args.setObjectName("toolFormArgs")
        self.args.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.args.setMaximumHeight(70)
        self.args.setTabChangesFocus(True)
        self.cwd = QLineEdit(self)
        self.cwd.setObjectName("toolFormCwd")
        self.url = QLineEdit(self)
        self.url.setObjectName("toolFormUrl")
        self.env = PairsEditor("env", self)
        self.headers = PairsEditor("header", self)
        self.enabled = QCheckBox(self)
        self.enabled.setObjectName("toolFormEnabled")
        self.warning = QLabel(self)
        self.warning.setObjectName("toolFormCredentials")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.move_button = QPushButton(self)
        self.move_button.setObjectName("toolFormMoveCredentials")
        self.move_button.clicked.connect(self._move_credentials)
        self.error = QLabel(self)
        self.error.setObjectName("toolFormError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("toolFormSave")
        self.save_button.clicked.connect(self._save)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels = {
            key: QLabel(self)
            for key in ("name", "transport", "command", "args", "cwd", "env", "url", "headers")
        }
        for key, field in (
            ("name", self.name),
            ("transport", self.transport),
            ("command", self.command),
            ("args", self.args),
            ("cwd", self.cwd),
            ("env", self.env),
            ("url", self.url),
            ("headers", self.headers),
        ):
            self._labels[key].setBuddy(field)
            self.form.addRow(self._labels[key], field)
        self.form.addRow("", self.enabled)
        # The warning, the refusal and the buttons: the page places them under the fields, which may scroll.
        self.footer = QWidget(parent)
        self.footer.setObjectName("toolServerFormFooter")
        for widget in (self.warning, self.error, self.move_button, self.save_button):
            widget.setParent(self.footer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        footer = QVBoxLayout(self.footer)
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.warning)
        footer.addWidget(self.error)
        footer.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.transport.currentIndexChanged.connect(lambda _index: self._show_transport())
        for edit in (self.args,):
            edit.textChanged.connect(self._check_credentials)
        self.url.textChanged.connect(self._check_credentials)
        self._retranslate()
        self.edit(None)

    def _retranslate(self) -> None:
        http = self.transport.currentData() == "http"
        texts = {
            "name": self.tr("&Name"),
            "transport": self.tr("&Runs as"),
            "command": self.tr("&Command"),
            "args": self.tr("&Arguments"),
            "cwd": self.tr("&Working folder"),
            # An HTTP server has no environment: its variables fill ${NAME} placeholders in its URL.
            "env": self.tr("&Variables") if http else self.tr("&Environment"),
            "url": self.tr("&URL"),
            "headers": self.tr("&Headers"),
        }
        for key, label in self._labels.items():
            label.setText(texts[key])
        self.transport.setItemText(0, self.tr("A program on this computer (stdio)"))
        self.transport.setItemText(1, self.tr("A streamable-HTTP URL"))
        self.args.setPlaceholderText(self.tr("One argument per line"))
        self.cwd.setPlaceholderText(self.tr("The app's own (leave empty)"))
        self.url.setPlaceholderText("https://…/mcp")
        self.enabled.setText(self.tr("Ena&bled"))
        self.move_button.setText(self.tr("&Move them to secret variables"))
        self.save_button.setText(self.tr("&Save server"))
        self.env.retranslate()
        self.headers.retranslate()
        self._check_credentials()

    # --- what the controller shows -------------------------------------------------------------------------

    def edit(self, server: McpServerConfig | None) -> None:
        """Show ``server``'s fields (None: an empty form for a new server)."""
        server = server or McpServerConfig("")
        self._editing = server.name
        self.name.setText(server.name)
        self.transport.setCurrentIndex(1 if server.transport == "http" else 0)
        self.command.setText(server.command)
        self.args.setPlainText("\n".join(server.args))
        self.cwd.setText(server.cwd)
        self.url.setText(server.url)
        secret = {
            kind: {n.partition(":")[2] for n in server.secret_names if n.startswith(kind + ":")}
            for kind in ("env", "header")
        }
        self.env.set_pairs(dict(server.env), secret["env"])
        self.headers.set_pairs(dict(server.headers), secret["header"])
        self.enabled.setChecked(server.enabled)
        self.show_error("")
        self._show_transport()

    def editing(self) -> str:
        """The name of the server shown ("" for a new one)."""
        return self._editing

    def show_error(self, text: str) -> None:
        """Why the last save was refused ("" hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # --- reading it back -----------------------------------------------------------------------------------

    def server(self) -> tuple[McpServerConfig, dict[str, str]]:
        """The server as filled in (secret values absent), and the secret values typed by entry."""
        env, typed_env, secret_env = self.env.pairs()
        headers, typed_headers, secret_headers = self.headers.pairs()
        transport: Transport = "http" if self.transport.currentData() == "http" else "stdio"
        http = transport == "http"
        server = McpServerConfig(
            name=self.name.text().strip(),
            transport=transport,
            command="" if http else self.command.text().strip(),
            args=() if http else tuple(a for a in self.args.toPlainText().split("\n") if a.strip()),
            env=env,  # an HTTP server's variables fill ${NAME} placeholders in its URL
            cwd="" if http else self.cwd.text().strip(),
            url=self.url.text().strip() if http else "",
            headers=headers if http else {},
            enabled=self.enabled.isChecked(),
            secret_names=tuple(
                {f"env:{n}" for n in secret_env}
                | ({f"header:{n}" for n in secret_headers} if http else set())
            ),
        )
        typed = {f"env:{n}": v for n, v in typed_env.items()}
        if http:
            typed |= {f"header:{n}": v for n, v in typed_headers.items()}
        return server, typed

    def _save(self) -> None:
        server, typed = self.server()
        self.saved.emit(self._editing, server, typed)

    def _show_transport(self) -> None:
        http = self.transport.currentData() == "http"
        self._retranslate_env_label(http)
        for key, field, shown in (
            ("command", self.command, not http),
            ("args", self.args, not http),
            ("cwd", self.cwd, not http),
            ("url", self.url, http),
            ("headers", self.headers, http),
        ):
            self._labels[key].setVisible(shown)
            field.setVisible(shown)
        self._check_credentials()

    def _retranslate_env_label(self, http: bool) -> None:
        self._labels["env"].setText(self.tr("&Variables") if http else self.tr("&Environment"))

    def _check_credentials(self) -> None:
        if not hasattr(self, "move_button"):
            return
        server, _typed = self.server()
        found = find_credentials(server)
        self.warning.setText(
            self.tr(
                "Credentials are typed in the arguments or the URL ({0}): they would be saved in "
                "settings.json and in exports. Move them to secret variables, kept in the keyring."
            ).format(", ".join(f.label for f in found))
            if found
            else ""
        )
        self.warning.setVisible(bool(found))
        self.move_button.setVisible(bool(found))

    def _move_credentials(self) -> None:
        server, _typed = self.server()
        moved = move_credentials(server)
        # The moved values become new secret rows (typed, so they are stored on Save).
        new = {n.partition(":")[2] for n in moved.secret_names} - {
            n.partition(":")[2] for n in server.secret_names
        }
        self.args.setPlainText("\n".join(moved.args))
        self.url.setText(moved.url)
        for name in sorted(new):
            kind, values = ("header", moved.headers) if name in moved.headers else ("env", moved.env)
            editor = self.headers if kind == "header" else self.env
            editor.add_row(name, values[name], secret=True, stored=False)
        self._check_credentials()
