"""Opens the conversation settings dialog for the open conversation and stores what it applies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.chat.generation import GenerationSettings
from app.core.gemini.model_catalog import NATIVE
from app.core.store.conversations import ConversationStore
from app.core.store.db import StoreError
from app.core.visible_text import reveal_invisible
from app.qt.controllers.setup_controller import SetupController
from app.qt.controllers.window_controller import WindowController
from app.qt.main_window import MainWindow
from app.qt.model_reach_texts import reach_note
from app.qt.translations import core_text

if TYPE_CHECKING:
    from app.qt.dialogs.conversation_settings import ConversationSettingsDialog


class ConversationSettingsController(QObject):
    """Keeps the conversation settings dialog on the open conversation and saves its edits.

    The dialog is non-modal: it follows the conversation the user opens (its values are reloaded, unapplied
    edits dropped) and re-checks its values whenever the model picker changes the model.

    Args:
        window: The main window (its top bar has the button that opens the dialog).
        store: Where each conversation's settings are kept.
        window_controller: Knows the open conversation and announces when another one is opened.
        setup: Owns the app settings: the defaults for new conversations are read from and saved there.
    """

    def __init__(
        self,
        window: MainWindow,
        store: ConversationStore,
        window_controller: WindowController,
        setup: SetupController,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._window_controller = window_controller
        self._setup = setup
        self._dialog: ConversationSettingsDialog | None = None
        self._conversation: int | None = None
        # A conversation started only so the dialog had one to edit, while nothing was applied to it.
        self._started_for_dialog: int | None = None

        window.conversation_settings_button.clicked.connect(self.open_settings)
        window_controller.conversation_opened.connect(self._on_conversation_opened)
        window.model_picker.model_chosen.connect(self._on_model_chosen)

    @property
    def dialog(self) -> ConversationSettingsDialog | None:
        """The open dialog, if any."""
        return self._dialog

    def open_settings(self) -> None:
        """Show the dialog for the open conversation (a new one is started when none is open)."""
        if self._dialog is not None:
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        conversation_id = self._window_controller.current_conversation
        if conversation_id is None:
            conversation_id = self._window_controller.actions.new_conversation()
            if conversation_id is None:
                return  # the store refused it, and the window said so
            self._started_for_dialog = conversation_id
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return
        from app.qt.dialogs.conversation_settings import ConversationSettingsDialog  # built on first use

        dialog = ConversationSettingsDialog(
            GenerationSettings.from_dict(conversation.settings),
            self._model_of(conversation.model),
            self._defaults(),
            self._window,
        )
        self._conversation = conversation_id
        self._show_title(dialog, conversation.title)
        self._show_reach(dialog, self._model_of(conversation.model))
        dialog.settings_applied.connect(self._on_applied)
        dialog.save_default_requested.connect(self._on_save_default)
        dialog.finished.connect(self._on_closed)
        self._dialog = dialog
        dialog.show()  # non-modal: the user keeps chatting and picking models meanwhile

    def close_dialog(self) -> None:
        """Close the dialog now, dropping unapplied edits (at quit, before the store closes)."""
        if self._dialog is not None:
            self._dialog.reject()  # finished -> _on_closed, at once

    # --- slots --------------------------------------------------------------------------------------------

    def _on_conversation_opened(self, conversation_id: int) -> None:
        if self._dialog is None or conversation_id == self._conversation:
            return
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return
        self._conversation = conversation_id
        self._show_title(self._dialog, conversation.title)
        self._dialog.set_settings(GenerationSettings.from_dict(conversation.settings))
        self._dialog.set_model(self._model_of(conversation.model))
        self._show_reach(self._dialog, self._model_of(conversation.model))

    def _on_model_chosen(self, model: str) -> None:
        if self._dialog is not None:
            self._dialog.set_model(model)
            self._show_reach(self._dialog, model)

    def _show_reach(self, dialog: ConversationSettingsDialog, model: str) -> None:
        """Tell the dialog how the gateway answers ``model``: conversion drops the Gemini tools."""
        info = self._window.model_picker.model_info(model)
        if info is None:
            dialog.set_tools_note("")
            return
        dialog.set_tools_note(reach_note(info), tools_available=info.reach == NATIVE)

    def _on_applied(self, settings: GenerationSettings) -> None:
        conversation_id = self._conversation
        conversation = self._store.get(conversation_id) if conversation_id is not None else None
        if conversation_id is None or conversation is None or conversation.deleted_at is not None:
            if self._dialog is not None:
                self._dialog.show_notice(self.tr("This conversation was deleted; nothing was saved."), True)
            return
        try:
            self._store.set_settings(conversation_id, settings.to_dict())
        except StoreError as error:
            if self._dialog is not None:
                self._dialog.show_notice(f"{core_text(error.message)} {core_text(error.hint)}", True)
            return
        if conversation_id == self._started_for_dialog:
            self._started_for_dialog = None  # it has settings of its own now: it stays
        # The header's markers (own system instruction, tools) follow the new settings.
        self._window.sidebar.model.refresh_conversation(conversation_id)
        if self._dialog is not None:
            self._dialog.show_notice(self.tr("Applied to this conversation."))

    def _on_save_default(self, settings: GenerationSettings) -> None:
        dialog = self._dialog
        try:
            self._setup.save_generation_defaults(settings.to_dict())
        except OSError as error:
            if dialog is not None:
                reason = error.strerror or type(error).__name__
                text = self.tr("Could not save the settings file: %1").replace("%1", reason)
                dialog.show_notice(text, True)
            return
        if dialog is not None:
            dialog.set_defaults(settings)
            dialog.show_notice(self.tr("Saved as the default for new conversations."))

    def _on_closed(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None
        self._conversation = None
        started, self._started_for_dialog = self._started_for_dialog, None
        if started is not None:
            # Opened with no conversation, one was started to hold the settings; nothing was applied to it
            # (Cancel), so if it is still blank it goes again instead of lingering as an empty row.
            self._window_controller.actions.discard_if_blank(started)

    # --- helpers ------------------------------------------------------------------------------------------

    def _defaults(self) -> GenerationSettings:
        return GenerationSettings.from_dict(dict(self._setup.settings.generation_defaults))

    def _model_of(self, stored_model: str) -> str:
        """The model the next request will use: what the picker shows, else what the conversation stored."""
        return self._window.model_picker.current_model() or stored_model

    def _show_title(self, dialog: ConversationSettingsDialog, title: str) -> None:
        text = self.tr("Conversation settings")
        # A title is the model's or an import file's: a bidi override in it would reorder the window's title.
        dialog.setWindowTitle(f"{text} — {reveal_invisible(title)}" if title else text)
