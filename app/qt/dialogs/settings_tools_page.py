"""Settings → Tools: MCP servers, the tools always allowed, and the tool loop's limits.

Servers are added by pasting their mcpServers JSON (Claude Desktop, Cursor, Cherry Studio) or with the form
under the list (``tool_server_form``), edited there field by field, tested, switched on and off and
exported; "always allowed" tools can be revoked. The page is built of titled groups like the other
sections, full width, so the form never scrolls inside a narrow column: the page scrolls as a whole. A
passive page: the tool controller acts on its signals and saves each change at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.tools.credentials import plain_http_secrets
from app.core.tools.declarations import MAX_DECLARATION_BYTES, MAX_FUNCTIONS, MAX_TOTAL_BYTES, listed
from app.core.tools.host import ServerState
from app.core.tools.servers import McpServerConfig
from app.qt.dialogs.settings_sections import add_explained_row, settings_group
from app.qt.dialogs.tool_server_form import ServerForm
from app.qt.dialogs.welcome_page import muted_label
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.translations import core_text
from app.render.design import SPACE_L

_NAME_ROLE = Qt.ItemDataRole.UserRole


class ToolsPage(FollowsLanguageAndTheme, QWidget):
    """The servers, their states, the always-allowed tools and the limits.

    Signals carry what the user asked for; nothing here starts a server or writes settings.
    """

    import_requested = Signal(str)  # the pasted mcpServers JSON
    export_requested = Signal()
    test_requested = Signal(str)  # server name
    remove_requested = Signal(str)  # server name
    enabled_changed = Signal(str, bool)  # server name, enabled
    revoke_requested = Signal(str)  # server/tool
    limits_changed = Signal(int, int, int)  # step limit, timeout seconds, result limit characters
    log_requested = Signal(str)  # server name
    credentials_answered = Signal(bool)  # True: move the credentials found in the pasted JSON to the keyring

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolsPage")
        self.servers = QListWidget(self)
        self.servers.setObjectName("toolServerList")
        self.servers.setMinimumHeight(90)
        self.servers.setMaximumHeight(150)
        self.servers.itemChanged.connect(self._on_item_changed)
        self.servers.currentItemChanged.connect(lambda *_items: self._show_selected())
        self.test_button = self._button("toolTestButton", self._emit_selected(self.test_requested))
        self.remove_button = self._button("toolRemoveButton", self._emit_selected(self.remove_requested))
        self.log_button = self._button("toolLogButton", self._emit_selected(self.log_requested))
        self.new_button = self._button("toolNewButton", self._new_server)
        self.form = ServerForm(self)  # (its footer is a child of this page)
        self._form_shows: McpServerConfig | None = None
        self.status = self._label("toolServerStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stderr_tail = QPlainTextEdit(self)
        self.stderr_tail.setObjectName("toolServerStderr")
        self.stderr_tail.setReadOnly(True)
        self.stderr_tail.setMaximumHeight(90)
        self.stderr_tail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.stderr_tail.hide()
        self.json_edit = QPlainTextEdit(self)
        self.json_edit.setObjectName("toolJsonEdit")
        self.json_edit.setMaximumHeight(110)
        self.json_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.import_button = self._button(
            "toolImportButton", lambda: self.import_requested.emit(self.json_edit.toPlainText())
        )
        self.export_button = self._button("toolExportButton", self.export_requested.emit)
        self.import_result = self._label("toolImportResult")
        self.credentials_warning = self._label("toolCredentialsWarning")
        self.move_button = self._button("toolMoveCredentialsButton", lambda: self._answer_credentials(True))
        self.keep_button = self._button("toolKeepCredentialsButton", lambda: self._answer_credentials(False))
        self.plain_http_warning = self._label("toolPlainHttpWarning")
        self.plain_http_warning.hide()
        self.allowed = QListWidget(self)
        self.allowed.setObjectName("toolAlwaysAllowedList")
        self.allowed.setMaximumHeight(80)
        self.revoke_button = self._button("toolRevokeButton", self._on_revoke)
        self.step_limit = self._spin("toolStepLimit", 1, 100)
        self.timeout = self._spin("toolTimeout", 1, 3600)
        self.result_limit = self._spin("toolResultLimit", 1000, 1_000_000)
        self.result_limit.setSingleStep(1000)
        self._found_credentials = ""
        # The words of each group (heading, and the muted note under it), set in _retranslate.
        self._headings: dict[str, QLabel] = {}
        self._notes: dict[str, QLabel] = {}
        self._limit_labels: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        # The servers: the list with its buttons, and the selected one's state.
        card = self._group("servers", layout)
        server_buttons = QHBoxLayout()
        for button in (self.new_button, self.test_button, self.log_button, self.remove_button):
            server_buttons.addWidget(button)
        server_buttons.addStretch(1)
        for widget in (self.servers, self.status, self.plain_http_warning, self.stderr_tail):
            card.addWidget(widget)
        card.insertLayout(card.indexOf(self.status), server_buttons)
        # The selected server's fields, full width: the page scrolls rather than squeeze them.
        card = self._group("server", layout)
        card.addWidget(self.form)
        card.addWidget(self.form.footer)
        # Servers as mcpServers JSON, in and out.
        card = self._group("json", layout)
        json_buttons = QHBoxLayout()
        json_buttons.addWidget(self.import_button)
        json_buttons.addWidget(self.export_button)
        json_buttons.addStretch(1)
        credentials_buttons = QHBoxLayout()
        credentials_buttons.addWidget(self.move_button)
        credentials_buttons.addWidget(self.keep_button)
        credentials_buttons.addStretch(1)
        card.addWidget(self.json_edit)
        card.addLayout(json_buttons)
        card.addWidget(self.import_result)
        card.addWidget(self.credentials_warning)
        card.addLayout(credentials_buttons)
        # Tools that run without asking.
        card = self._group("allowed", layout)
        allowed_row = QHBoxLayout()
        allowed_row.addWidget(self.allowed, 1)
        allowed_row.addWidget(self.revoke_button, 0, Qt.AlignmentFlag.AlignTop)
        card.addLayout(allowed_row)
        # The loop's limits, each explained.
        frame, heading, form = settings_group(self, "limits")
        self._headings["limits"] = heading
        for key, spin in (
            ("steps", self.step_limit),
            ("timeout", self.timeout),
            ("result", self.result_limit),
        ):
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            spin.setMinimumWidth(140)
            self._limit_labels[key] = QLabel(frame)
            self._notes[key] = QLabel(frame)
            add_explained_row(form, self._limit_labels[key], spin, self._notes[key])
        layout.addWidget(frame)

        self._states: dict[str, ServerState] = {}
        self._left_out: dict[str, list[tuple[str, str]]] = {}
        self._configs: dict[str, McpServerConfig] = {}
        self._retranslate()
        self.ask_about_credentials("")
        for spin in (self.step_limit, self.timeout, self.result_limit):
            spin.editingFinished.connect(self._emit_limits)

    def _group(self, name: str, page: QVBoxLayout) -> QVBoxLayout:
        """A titled card on the page, with a muted note under its heading; returns its layout."""
        frame, heading, _form = settings_group(self, name)
        self._headings[name] = heading
        note = QLabel(frame)
        note.setObjectName("settingsNote")
        note.setWordWrap(True)
        muted_label(note)
        self._notes[name] = note
        card = frame.layout()
        assert isinstance(card, QVBoxLayout)  # settings_group's
        card.insertWidget(1, note)
        page.addWidget(frame)
        return card

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    def _retranslate(self) -> None:
        """Every word of the page in the current language (the server form words itself)."""
        groups = {
            "servers": (
                self.tr("Servers"),
                self.tr("Tick a server to offer its tools; Test starts it and lists what it offers."),
            ),
            "server": (
                self.tr("Selected server"),
                self.tr("Secret values (tokens, keys, passwords) are kept in the keyring, never shown here."),
            ),
            "json": (
                self.tr("mcpServers JSON"),
                self.tr(
                    "The format Claude Desktop, Cursor and Cherry Studio share: paste it to add servers."
                ),
            ),
            "allowed": (
                self.tr("Always allowed"),
                self.tr("These tools run without asking. Ask again puts the question back."),
            ),
        }
        for name, (heading, note) in groups.items():
            self._headings[name].setText(heading)
            self._notes[name].setText(note)
        self._headings["limits"].setText(self.tr("Limits"))
        limits = {
            "steps": (
                self.tr("Steps in a row"),
                self.tr("Tool steps the model may take for one question before it must answer."),
            ),
            "timeout": (
                self.tr("Tool timeout"),
                self.tr("How long a call may run before it counts as failed."),
            ),
            "result": (
                self.tr("Result sent at most"),
                self.tr("A longer result is cut, with a note, before it goes to the model."),
            ),
        }
        for key, (label, note) in limits.items():
            self._limit_labels[key].setText(label)
            self._notes[key].setText(note)
        self.step_limit.setAccessibleName(limits["steps"][0])
        self.timeout.setAccessibleName(limits["timeout"][0])
        self.result_limit.setAccessibleName(limits["result"][0])
        self.timeout.setSuffix(self.tr(" s"))
        self.result_limit.setSuffix(self.tr(" characters"))
        self.servers.setAccessibleName(self.tr("MCP servers"))
        self.stderr_tail.setAccessibleName(self.tr("The server's last output"))
        self.json_edit.setAccessibleName(self.tr("mcpServers JSON"))
        self.json_edit.setPlaceholderText(
            self.tr(
                'Paste the mcpServers JSON of Claude Desktop, Cursor or Cherry Studio: {"mcpServers": {…}}'
            )
        )
        self.allowed.setAccessibleName(self.tr("Tools always allowed"))
        for button, text in (
            (self.test_button, self.tr("Test")),
            (self.remove_button, self.tr("Remove")),
            (self.log_button, self.tr("Open log")),
            (self.new_button, self.tr("New server")),
            (self.import_button, self.tr("Add servers")),
            (self.export_button, self.tr("Export as mcpServers JSON…")),
            (self.move_button, self.tr("Move them into the keyring")),
            (self.keep_button, self.tr("Keep them as typed")),
            (self.revoke_button, self.tr("Ask again")),
        ):
            button.setText(text)
        self.ask_about_credentials(self._found_credentials)
        self._show_selected()

    def _button(self, name: str, slot: object) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        return spin

    def _emit_selected(self, signal: object) -> object:
        def emit() -> None:
            name = self.selected_server()
            if name:
                signal.emit(name)  # type: ignore[attr-defined]

        return emit

    def _emit_limits(self) -> None:
        self.limits_changed.emit(self.step_limit.value(), self.timeout.value(), self.result_limit.value())

    def _new_server(self) -> None:
        self.servers.setCurrentRow(-1)
        self._form_shows = None
        self.form.edit(None)
        self.form.name.setFocus()

    def _answer_credentials(self, move: bool) -> None:
        self.ask_about_credentials("")
        self.credentials_answered.emit(move)

    def _on_revoke(self) -> None:
        item = self.allowed.currentItem()
        if item is not None:
            self.revoke_requested.emit(item.text())

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        name = item.data(_NAME_ROLE)
        if isinstance(name, str):
            self.enabled_changed.emit(name, item.checkState() == Qt.CheckState.Checked)

    # --- what the controller shows -------------------------------------------------------------------------

    def selected_server(self) -> str:
        """The selected server's name ("" for none)."""
        item = self.servers.currentItem()
        name = item.data(_NAME_ROLE) if item is not None else None
        return name if isinstance(name, str) else ""

    def set_servers(self, servers: Sequence[McpServerConfig]) -> None:
        """List the servers (the selection is kept by name)."""
        selected = self.selected_server()
        self._configs = {server.name: server for server in servers}
        self.servers.blockSignals(True)
        self.servers.clear()
        for server in servers:
            where = server.url if server.transport == "http" else " ".join([server.command, *server.args])
            item = QListWidgetItem(f"{server.name} — {where}")
            item.setData(_NAME_ROLE, server.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if server.enabled else Qt.CheckState.Unchecked)
            self.servers.addItem(item)
            if server.name == selected or (not selected and self.servers.count() == 1):
                self.servers.setCurrentItem(item)
        self.servers.blockSignals(False)
        self._show_selected()

    def ask_about_credentials(self, found: str) -> None:
        """Ask whether to move the credentials ``found`` in the pasted JSON to the keyring ("" hides it)."""
        self._found_credentials = found
        if found:
            self.credentials_warning.setText(
                self.tr(
                    "Credentials are typed in the arguments or URLs: {0}. There they would be saved in "
                    "settings.json and in every export. Move them into the keyring? The server gets them "
                    "as before."
                ).format(found)
            )
        for widget in (self.credentials_warning, self.move_button, self.keep_button):
            widget.setVisible(bool(found))

    def select_server(self, name: str) -> None:
        """Select the server called ``name`` (its fields fill the form)."""
        for row in range(self.servers.count()):
            if self.servers.item(row).data(_NAME_ROLE) == name:
                self.servers.setCurrentRow(row)

    def set_state(self, name: str, state: ServerState, left_out: Sequence[tuple[str, str]] = ()) -> None:
        """A server's live state; shown when it is the selected one.

        Args:
            name: The server.
            state: Its state.
            left_out: Its tools that requests leave out, each with why (``ToolService.left_out``).
        """
        self._states[name] = state
        self._left_out[name] = list(left_out)
        if name == self.selected_server():
            self._show_selected()

    def set_always_allowed(self, keys: Sequence[str]) -> None:
        """The tools that run without asking."""
        self.allowed.clear()
        self.allowed.addItems(list(keys))
        self.revoke_button.setEnabled(bool(keys))

    def set_limits(self, step_limit: int, timeout: float, result_limit: int) -> None:
        """The loop's limits."""
        self.step_limit.setValue(step_limit)
        self.timeout.setValue(int(timeout))
        self.result_limit.setValue(result_limit)

    def show_import_result(self, text: str) -> None:
        """What adding the pasted servers did (or why it could not)."""
        self.import_result.setText(text)

    def _why(self, reason: str) -> str:
        """Why a tool is not offered, in a few words."""
        return {
            "schema": self.tr("its arguments' schema is not a JSON object"),
            "too_large": self.tr("declaration over {0} KB").format(MAX_DECLARATION_BYTES // 1024),
            "too_many": self.tr("past the first {0} tools").format(MAX_FUNCTIONS),
            "total_size": self.tr("past {0} KB of declarations").format(MAX_TOTAL_BYTES // 1024),
        }.get(reason, reason)

    def _show_selected(self) -> None:
        name = self.selected_server()
        for button in (self.test_button, self.remove_button, self.log_button):
            button.setEnabled(bool(name))
        state = self._states.get(name, ServerState())
        texts = {
            "stopped": self.tr("Not running (it starts when a conversation uses it, or with Test)."),
            "starting": self.tr("Starting…"),
            "ready": self.tr("Ready: {0} tools: {1}").format(
                len(state.tools), listed([t.name for t in state.tools], 50)
            ),
            "failed": self.tr("Failed: {0}").format(core_text(state.reason) if state.reason else state.error),
        }
        text = texts[state.state] if name else ""
        left_out = self._left_out.get(name, []) if state.state == "ready" else []
        if name and left_out:
            text += "\n" + self.tr("Not offered to the model ({0}): {1}").format(
                len(left_out), listed([f"{tool} ({self._why(reason)})" for tool, reason in left_out])
            )
        if name and state.state == "failed" and state.reason is not None and state.error:
            # The words of the error itself, unchanged: what a search or a bug report needs.
            text += "\n" + self.tr("In the error's own words: “{0}”").format(state.error)
        self.status.setText(text)
        config = self._configs.get(name)
        if config is None and self._form_shows is not None and self._form_shows.name not in self._configs:
            self._form_shows = None  # the server it showed is gone
            self.form.edit(None)
        if config is not None and config != self._form_shows:
            # Only a new selection, or a changed server, refills the form: a state change must not wipe edits.
            self._form_shows = config
            self.form.edit(config)
        plain = config is not None and plain_http_secrets(config)
        self.plain_http_warning.setText(
            self.tr(
                "⚠ This server is reached over plain http:// and is sent secrets (headers or a token in its "
                "URL): anyone on the network between can read them. Use https:// if the server offers it."
            )
            if plain
            else ""
        )
        self.plain_http_warning.setVisible(plain)
        self.stderr_tail.setPlainText(state.stderr_tail if state.state == "failed" else "")
        self.stderr_tail.setVisible(state.state == "failed" and bool(state.stderr_tail))
