"""The app's keyboard shortcuts: one table for the window's actions and the "Keyboard shortcuts" dialog.

Keys are Qt standard keys where one exists (``QKeySequence.StandardKey.New`` is Cmd+N on macOS and Ctrl+N
elsewhere); the portable text ``"Ctrl+…"`` also means Cmd on macOS. Some standard keys are empty on some
desktops (``Preferences`` on most Linux desktops, ``Quit`` on Windows), which is why several rows add an
explicit sequence as well.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSlider, QPlainTextEdit, QTextEdit

__all__ = [
    "CHAT_PAGE_ACTIONS",
    "CONTEXT",
    "EDITOR_YIELDS",
    "MENU_GROUP_STARTS",
    "SHORTCUTS",
    "TRANSCRIPT_ROWS",
    "PageKeysScroll",
    "ShortcutPriority",
    "ShortcutSpec",
    "UndoWhenNothingToUndo",
    "composer_rows",
    "key_sequences",
    "native_text",
]

#: The translation context of every text in this table.
CONTEXT = "Shortcuts"

Key = QKeySequence.StandardKey | str


@dataclass(frozen=True, slots=True)
class ShortcutSpec:
    """One row of the table.

    Attributes:
        name: The action's name; ``MainWindow.shortcut_actions`` is keyed by it.
        text: What the shortcut does, in English (translated with ``QCoreApplication.translate(CONTEXT, …)``).
        keys: Standard keys and portable key texts, most preferred first.
        menu: The menu showing the action ("conversation", "view", "help"), or "" for none.
    """

    name: str
    text: str
    keys: tuple[Key, ...]
    menu: str = ""

    def label(self) -> str:
        """The translated description."""
        return QCoreApplication.translate(CONTEXT, self.text)


SHORTCUTS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec(
        "new_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "New conversation")),
        (QKeySequence.StandardKey.New,),
        "conversation",
    ),
    ShortcutSpec(
        "rename_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Rename conversation")),
        ("F2",),
        "conversation",
    ),
    # Only while the conversation list has the keyboard (elsewhere Delete edits text); always from the menu.
    ShortcutSpec(
        "delete_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Delete conversation")),
        ("Del",),
        "conversation",
    ),
    # Text fields keep their own Ctrl+Z (they claim it first); elsewhere it restores a deleted conversation.
    ShortcutSpec(
        "undo_delete",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Undo deleting a conversation")),
        (QKeySequence.StandardKey.Undo,),
    ),
    ShortcutSpec(
        "next_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Next conversation")),
        ("Ctrl+PgDown", "Ctrl+Tab"),
        "conversation",
    ),
    ShortcutSpec(
        "previous_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Previous conversation")),
        ("Ctrl+PgUp", "Ctrl+Shift+Tab"),
        "conversation",
    ),
    ShortcutSpec(
        "attach_files",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Attach files…")),
        ("Ctrl+O",),
        "conversation",
    ),
    ShortcutSpec(
        "regenerate",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Regenerate the last answer")),
        ("Ctrl+R",),
        "conversation",
    ),
    ShortcutSpec(
        "copy_last_answer",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Copy the last answer")),
        ("Ctrl+Shift+C",),
        "conversation",
    ),
    ShortcutSpec(
        "previous_version",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Show the previous version of the last answer")),
        ("Ctrl+[",),
        "conversation",
    ),
    ShortcutSpec(
        "next_version",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Show the next version of the last answer")),
        ("Ctrl+]",),
        "conversation",
    ),
    ShortcutSpec(
        "stop",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Stop the answer, or stop editing a sent message")),
        ("Esc",),
        "conversation",
    ),
    ShortcutSpec(
        "conversation_settings",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Conversation settings…")),
        ("Ctrl+Shift+,",),
        "conversation",
    ),
    ShortcutSpec(
        "settings",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Settings…")),
        (QKeySequence.StandardKey.Preferences, "Ctrl+,"),
        "conversation",
    ),
    ShortcutSpec(
        "quit",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
        (QKeySequence.StandardKey.Quit, "Ctrl+Q"),
        "conversation",
    ),
    ShortcutSpec(
        "focus_search",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Search conversations")),
        ("Ctrl+K", "Ctrl+Shift+F"),
        "view",
    ),
    ShortcutSpec(
        "find_in_conversation",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Find in this conversation")),
        (QKeySequence.StandardKey.Find,),
        "view",
    ),
    ShortcutSpec(
        "find_next",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Next match")),
        (QKeySequence.StandardKey.FindNext,),
    ),
    ShortcutSpec(
        "find_previous",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Previous match")),
        (QKeySequence.StandardKey.FindPrevious,),
    ),
    ShortcutSpec(
        "focus_composer",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Go to the message box")),
        ("Ctrl+L",),
        "view",
    ),
    ShortcutSpec(
        "toggle_sidebar",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the conversation list")),
        ("Ctrl+B",),
        "view",
    ),
    ShortcutSpec(
        "zoom_in",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Larger text")),
        (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
        "view",
    ),
    ShortcutSpec(
        "zoom_out",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Smaller text")),
        (QKeySequence.StandardKey.ZoomOut,),
        "view",
    ),
    ShortcutSpec(
        "zoom_reset",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Default text size")),
        ("Ctrl+0",),
        "view",
    ),
    ShortcutSpec(
        "show_shortcuts",
        str(QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts")),
        (QKeySequence.StandardKey.HelpContents, "Ctrl+/"),
        "help",
    ),
    ShortcutSpec("about", str(QT_TRANSLATE_NOOP("Shortcuts", "About Gemini Desk")), (), "help"),
)

#: Actions that need the chat page (the window disables them while the first-run welcome page is shown).
CHAT_PAGE_ACTIONS = (
    "new_conversation",
    "rename_conversation",
    "delete_conversation",
    "next_conversation",
    "previous_conversation",
    "attach_files",
    "regenerate",
    "copy_last_answer",
    "previous_version",
    "next_version",
    "stop",
    "conversation_settings",
    "focus_search",
    "focus_composer",
    "find_in_conversation",
)
#: Menu entries that start a new group of their menu.
MENU_GROUP_STARTS = frozenset(
    {
        "next_conversation",
        "attach_files",
        "stop",
        "conversation_settings",
        "quit",
        "toggle_sidebar",
        "zoom_in",
    }
)
#: Keys the message box gives up to the window (on Linux and macOS it binds Ctrl+K to "delete to line end").
EDITOR_YIELDS = ("Ctrl+K",)


# Keys on a message of the transcript (``MessageFocus``), listed in the sheet; they are no window actions.
TRANSCRIPT_ROWS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec(
        "message_step",
        str(
            QT_TRANSLATE_NOOP(
                "Shortcuts", "In the conversation: previous or next message (above the first: earlier ones)"
            )
        ),
        ("Up", "Down"),
    ),
    ShortcutSpec(
        "message_versions",
        str(QT_TRANSLATE_NOOP("Shortcuts", "In the conversation: the message's other versions")),
        ("Left", "Right"),
    ),
    ShortcutSpec(
        "message_copy",
        str(QT_TRANSLATE_NOOP("Shortcuts", "In the conversation: copy the message, or the code block")),
        ("Ctrl+C",),
    ),
    ShortcutSpec(
        "message_actions",
        str(
            QT_TRANSLATE_NOOP(
                "Shortcuts",
                "In the conversation: the message's buttons, then its code blocks, images and Retry",
            )
        ),
        ("Return", "Tab"),
    ),
    ShortcutSpec(
        "message_press",
        str(
            QT_TRANSLATE_NOOP(
                "Shortcuts", "In the conversation: press the button, code block or link the keyboard is on"
            )
        ),
        ("Return", "Space"),
    ),
    ShortcutSpec(
        "message_leave",
        str(QT_TRANSLATE_NOOP("Shortcuts", "In the conversation: back to the message box")),
        ("Esc",),
    ),
)


def composer_rows(send_key: str) -> tuple[ShortcutSpec, ...]:
    """Rows for the keys the message box handles itself, which depend on the "send with" setting.

    Args:
        send_key: "enter" or "ctrl_enter" (``Settings.send_key``).
    """
    # The key is labelled Return on Mac keyboards and Enter elsewhere; the editor accepts either.
    enter = "Return" if sys.platform == "darwin" else "Enter"
    if send_key == "ctrl_enter":
        send: tuple[Key, ...] = (f"Ctrl+{enter}",)
        newline: tuple[Key, ...] = (enter, f"Shift+{enter}")
    else:
        send, newline = (enter, f"Ctrl+{enter}"), (f"Shift+{enter}",)
    return (
        ShortcutSpec("send", str(QT_TRANSLATE_NOOP("Shortcuts", "Send the message")), send),
        ShortcutSpec("new_line", str(QT_TRANSLATE_NOOP("Shortcuts", "New line in the message")), newline),
    )


def key_sequences(keys: Sequence[Key], *, alternatives: bool = True) -> list[QKeySequence]:
    """The non-empty, distinct sequences of ``keys`` on this platform, in the table's order.

    Args:
        keys: A row's keys.
        alternatives: Include every binding of a standard key (on X11, ``Find`` is Ctrl+F and the
            keyboard's Find key); otherwise only its primary one.
    """
    result: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, str):
            sequences = [QKeySequence(key)]
        elif alternatives:
            sequences = QKeySequence.keyBindings(key)
        else:
            sequences = [QKeySequence(key)]
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in result:
                result.append(sequence)
    return result


def native_text(keys: Sequence[Key]) -> str:
    """The keys as this platform writes them (``Ctrl+N``; ``⌘N`` on macOS), alternatives joined."""
    texts = [
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in key_sequences(keys, alternatives=False)
    ]
    # A literal context: lupdate reads only literals (CONTEXT would leave the text out of the catalogue).
    return QCoreApplication.translate("Shortcuts", " or ").join(texts)


class ShortcutPriority(QObject):
    """Lets the window's shortcuts win over a text field's own bindings for the same keys.

    Text editors claim some keys for editing (on Linux, Ctrl+K deletes to the end of the line); installed on
    such an editor, this filter swallows the editor's claim for ``sequences`` so the window's action runs.

    Args:
        sequences: The key sequences the window keeps.
        parent: The owner.
    """

    def __init__(self, sequences: Sequence[QKeySequence], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._combinations = {
            sequence[0].toCombined()  # type: ignore[index]  # QKeySequence.operator[] is untyped
            for sequence in sequences
            if sequence.count() == 1
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stop ``ShortcutOverride`` for the kept keys before the editor accepts it."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination().toCombined() in self._combinations
        ):
            event.ignore()
            return True
        return False


class PageKeysScroll(QObject):
    """PageUp and PageDown in the message box scroll the transcript (a short box has nothing to page).

    Args:
        editor: The message box; also the owner.
        scroll_bar: The transcript's vertical scroll bar.
    """

    def __init__(self, editor: QObject, scroll_bar: QAbstractSlider) -> None:
        super().__init__(editor)
        self._scroll_bar = scroll_bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Turn an unmodified PageUp/PageDown into a page step of the transcript."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        steps = {
            Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
            Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None:
            return False
        self._scroll_bar.triggerAction(step)
        return True


class UndoWhenNothingToUndo(QObject):
    """Lets the window's Undo (bring back a deleted conversation) work from a text field with nothing to undo.

    A text field claims Ctrl+Z for its own undo even when it has none, so "Press Ctrl+Z to undo" did nothing
    while the message box had focus. Installed on such a field, this filter gives up the field's claim only
    when its own undo history is empty; typing then Ctrl+Z still undoes the typing first.

    Args:
        editor: The text field (a ``QPlainTextEdit`` or ``QTextEdit``); it is also the owner.
    """

    def __init__(self, editor: QPlainTextEdit | QTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stop ``ShortcutOverride`` for Undo while the field has nothing of its own to undo."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self._editor.document().isUndoAvailable()
        ):
            event.ignore()
            return True
        return False
