"""The first-run page: gateway address and API key, a connection test, and the demo."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import DEFAULT_BASE_URL, ValidationError, validate_base_url
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.render.palette import palette_for
from app.qt.translations import core_text
from app.qt.widgets.connection_test import ConnectionTestControls
from app.qt.widgets.key_field import KeyField
from app.render.palette import RenderPalette

_CARD_WIDTH = 560


def _style(p: RenderPalette) -> str:
    """The page's style; errors and the test result in the theme's colours (checked against WCAG AA)."""
    return f"""
QFrame#welcomeCard {{
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 12px;
}}
QLabel#welcomeTitle {{ font-weight: 600; }}
QLabel#baseUrlError, QLabel#apiKeyError {{ color: {p.error_text}; }}
QLabel#keyringProblemNote {{
    color: palette(text);
    background: rgba(178, 106, 0, 0.10);
    border: 1px solid rgba(178, 106, 0, 0.45);
    border-radius: 6px;
    padding: 6px;
}}
QLabel#testResultLabel[state="ok"] {{ color: {p.success_text}; }}
QLabel#testResultLabel[state="error"] {{
    color: {p.error_text};
    background: rgba(198, 40, 40, 0.07);
    border-radius: 6px;
    padding: 6px;
}}
QPushButton#tryDemoButton {{ border: none; color: palette(link); text-decoration: underline; }}
"""


def error_label(name: str, parent: QWidget) -> QLabel:
    """A hidden, word-wrapped label for an inline validation message."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def with_error(field: QWidget, error: QLabel) -> QVBoxLayout:
    """Stack an input and its (usually hidden) inline error message, for one form row."""
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    column.addWidget(field)
    column.addWidget(error)
    return column


def muted_label(label: QLabel) -> None:
    """Give ``label`` the smaller, muted look of secondary text."""
    _mute_colour(label)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)


def _mute_colour(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


class WelcomePage(FollowsLanguageAndTheme, QWidget):
    """Shown in the main window on first start, while no API key is available.

    It only collects input and emits intents; the controllers test, store and start.

    Args:
        parent: The parent widget.

    Signals:
        test_requested(str, str): Base URL (normalised) and key, for a connection test.
        test_cancel_requested(): The user cancelled the connection test in flight.
        save_requested(str, str): Base URL (normalised) and key, to store the key and start.
        session_only_requested(str, str): Use the key without storing it (the keyring failed or is missing).
        key_file_requested(str, str): Keep the key in a file only the user can read (offered, never chosen,
            when the keyring failed or is missing).
        demo_requested(): Start with the built-in demo gateway.
    """

    test_requested = Signal(str, str)
    test_cancel_requested = Signal()
    save_requested = Signal(str, str)
    session_only_requested = Signal(str, str)
    key_file_requested = Signal(str, str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self._saving = False
        self._keyring_problem = ""
        self._styled_for = QApplication.palette().cacheKey()  # the palette the style sheet was resolved in
        self._watched_window: QWidget | None = None
        self.setStyleSheet(_style(palette_for(QApplication.palette())))

        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFixedWidth(_CARD_WIDTH)
        card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        title = self._title = QLabel(card)
        title.setObjectName("welcomeTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        title.setFont(font)
        intro = self._intro = QLabel(card)
        intro.setWordWrap(True)

        self.base_url_edit = QLineEdit(DEFAULT_BASE_URL, card)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.base_url_edit.setPlaceholderText(DEFAULT_BASE_URL)
        self.base_url_error = error_label("baseUrlError", card)

        self.key_field = KeyField(card)
        # Taller inputs read better on a first-run card; set before the form lays them out.
        for control in (self.base_url_edit, self.key_field.line_edit, self.key_field.reveal_button):
            control.setMinimumHeight(30)
        self.key_field.updateGeometry()
        self.key_error = error_label("apiKeyError", card)

        privacy = QLabel(card)
        privacy.setObjectName("privacyNote")
        privacy.setWordWrap(True)
        muted_label(privacy)
        self.privacy_note = privacy
        # Takes the privacy note's place while the keyring is known not to work (set_keyring_problem).
        self.keyring_note = QLabel(card)
        self.keyring_note.setObjectName("keyringProblemNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)
        self.keyring_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_note.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(12)
        form.setHorizontalSpacing(12)
        self._url_label, self._key_label = QLabel(card), QLabel(card)
        form.addRow(self._url_label, with_error(self.base_url_edit, self.base_url_error))
        form.addRow(self._key_label, with_error(self.key_field, self.key_error))

        self.connection_test = ConnectionTestControls(card)
        self.test_button = self.connection_test.button
        self.busy_bar = self.connection_test.busy_bar
        self.result_label = self.connection_test.result_label
        self.save_button = QPushButton(card)
        self.save_button.setObjectName("saveKeyButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)

        self.session_button = QPushButton(card)
        self.session_button.setObjectName("sessionOnlyButton")
        self.session_button.hide()

        # The explicit opt-in for systems without a keyring: never a silent fallback (docs/SECURITY.md).
        self.key_file_button = QPushButton(card)
        self.key_file_button.setObjectName("keyFileButton")
        self.key_file_button.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.session_button)
        buttons.addWidget(self.save_button)

        self.demo_button = QPushButton(card)
        self.demo_button.setObjectName("tryDemoButton")
        self.demo_button.setFlat(True)
        self.demo_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._retranslate()

        for button in (self.test_button, self.save_button, self.session_button):
            button.setMinimumHeight(30)
        self.save_button.setMinimumWidth(110)

        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(32, 28, 32, 24)
        card_layout.setSpacing(12)
        card_layout.addWidget(title)
        card_layout.addWidget(intro)
        card_layout.addSpacing(4)
        card_layout.addLayout(form)
        card_layout.addWidget(privacy)
        card_layout.addWidget(self.keyring_note)
        card_layout.addWidget(self.busy_bar)
        card_layout.addWidget(self.result_label)
        card_layout.addLayout(buttons)
        card_layout.addWidget(self.key_file_button, 0, Qt.AlignmentFlag.AlignRight)
        card_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        # Centred with stretches rather than an alignment flag: an aligned item loses height-for-width, and
        # the word-wrapped texts would then squeeze the inputs.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.connection_test.test_clicked.connect(self._on_test_clicked)
        self.connection_test.cancel_requested.connect(self.test_cancel_requested)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.session_button.clicked.connect(self._on_session_clicked)
        self.key_file_button.clicked.connect(self._on_key_file_clicked)
        self.demo_button.clicked.connect(self.demo_requested)
        self.base_url_edit.returnPressed.connect(self._on_return_pressed)
        self.key_field.line_edit.returnPressed.connect(self._on_return_pressed)
        self.base_url_edit.textEdited.connect(lambda _text: self._clear_feedback(self.base_url_error))
        self.key_field.key_edited.connect(lambda _text: self._clear_feedback(self.key_error))

    def _retranslate(self) -> None:
        self.connection_test.retranslate()
        self._title.setText(self.tr("Welcome to Gemini Desk"))
        self._intro.setText(
            self.tr(
                "Chat with Google Gemini models through your API gateway. Enter the gateway address and your "
                "API key to get started."
            )
        )
        self.base_url_edit.setAccessibleName(self.tr("Gateway base URL"))
        self.privacy_note.setText(
            self.tr(
                "Your key is stored in your system's keyring (Keychain, Credential Manager or Secret "
                "Service), never in a file, and it is only sent to this gateway."
            )
        )
        self._url_label.setText(self.tr("Gateway URL"))
        self._key_label.setText(self.tr("API key"))
        self.save_button.setText(self.tr("Saving…") if self._saving else self.tr("Save and start"))
        self.save_button.setAccessibleName(self.tr("Save and start"))
        self.session_button.setText(self.tr("Use this key for this session only"))
        self.session_button.setAccessibleName(self.tr("Use this key for this session only"))
        self.key_file_button.setText(
            self.tr("Store the key in a file that only you can read (less safe than a keyring)")
        )
        self.key_file_button.setToolTip(
            self.tr(
                "Other user accounts on this computer cannot read the file. Programs running as you, "
                "administrators and anyone with your disk can."
            )
        )
        self.demo_button.setText(self.tr("No key yet? Try the demo"))
        self.demo_button.setAccessibleName(self.tr("Try the demo"))
        self.demo_button.setToolTip(
            self.tr("Explore the app with a built-in pretend gateway; nothing is sent")
        )

    # Setters ------------------------------------------------------------------------------------------------

    def set_base_url(self, base_url: str) -> None:
        """Prefill the gateway URL."""
        self.base_url_edit.setText(base_url)

    def set_key(self, key: str) -> None:
        """Prefill the key (masked)."""
        self.key_field.set_key(key)

    def set_testing(self, testing: bool) -> None:
        """Show or end the busy state of a connection test."""
        self.connection_test.set_testing(testing)

    def is_testing(self) -> bool:
        """Whether a connection test is shown as running."""
        return self.connection_test.is_testing

    def show_test_result(self, ok: bool, message: str) -> None:
        """End the busy state and show the outcome (an error text is shown verbatim and is selectable)."""
        self.set_testing(False)
        self._show_result("ok" if ok else "error", message)

    def clear_test_result(self) -> None:
        """Hide the last connection test's outcome (it was about settings no longer in force)."""
        self.connection_test.clear_result()

    def set_saving(self, saving: bool) -> None:
        """Disable the buttons while the key is being stored."""
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.session_button.setEnabled(not saving)
        self._retranslate()

    def show_save_failed(self, message: str) -> None:
        """The keyring refused the key: say why and offer to use it for this session only.

        When the card already says it (a known keyring problem), its words are not repeated below it: a short
        line says the click did not save (without it the page looked unchanged, as if the click was lost),
        and the keyboard goes to "Use this key for this session only".
        """
        self.set_saving(False)
        self._set_session_primary(True)
        if message.strip() and message.strip() == self._keyring_problem.strip():
            self._show_result(
                "error",
                self.tr("The key was not saved. Use it for this session only, or store it in a file."),
            )
            self.session_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._show_result("error", message)

    def set_keyring_problem(self, message: str) -> None:
        """Say in the card that the keyring cannot be used (``message``, in full), or "" when it can.

        While a problem is known, "Use this key for this session only" is the primary action (Enter
        triggers it); "Save and start" stays available in case the keyring works again.
        """
        self._keyring_problem = message
        self.keyring_note.setText(message)
        self.keyring_note.setVisible(bool(message))
        self.privacy_note.setVisible(not message)
        self._set_session_primary(bool(message))

    def focus_first_empty_field(self) -> None:
        """Put the cursor in the gateway URL if it is empty, else in the key field."""
        if not self.base_url_edit.text().strip():
            self.base_url_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.key_field.line_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # Internals ----------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Follow the theme, and start typing where input is missing, as soon as the page shows."""
        self._follow_theme()
        window = self.window()
        if window is not self and window is not self._watched_window:
            # The window hears of a new theme (the page itself is not told: see _follow_theme).
            window.installEventFilter(self)
            self._watched_window = window
        super().showEvent(event)
        if not event.spontaneous():
            self.focus_first_empty_field()

    def _follow_palette(self) -> None:
        self._follow_theme()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow a new theme that the window was told of."""
        if watched is self._watched_window and event.type() == QEvent.Type.PaletteChange:
            self._follow_theme()
        return super().eventFilter(watched, event)

    def _follow_theme(self) -> None:
        """Resolve the style sheet's ``palette(...)`` colours again after the theme changed.

        A style sheet's palette colours are fixed when it is applied, and a widget with a style sheet keeps
        that palette: the page is not told when the application's palette changes, so without this the card
        would stay light on a dark window (the page is built before the theme is applied at start).
        """
        key = QApplication.palette().cacheKey()
        if key == self._styled_for:
            return
        self._styled_for = key
        self.setStyleSheet("")
        self.setStyleSheet(_style(palette_for(QApplication.palette())))
        self.privacy_note.setPalette(QPalette())  # back to the page's colours, then muted again
        _mute_colour(self.privacy_note)

    def _set_session_primary(self, primary: bool) -> None:
        self.session_button.setVisible(primary)
        self.key_file_button.setVisible(primary)
        self.session_button.setDefault(primary)
        self.session_button.setAutoDefault(primary)
        self.save_button.setDefault(not primary)
        self.save_button.setAutoDefault(not primary)

    def _on_return_pressed(self) -> None:
        if self.session_button.isDefault():
            self._on_session_clicked()
        else:
            self._on_save_clicked()

    def _show_result(self, state: str, message: str) -> None:
        self.connection_test.show_result(state, message)

    def _clear_feedback(self, label: QLabel) -> None:
        label.hide()
        if not self._keyring_problem:
            # The offer answered a failed save of the text being edited; a known keyring problem stays.
            self._set_session_primary(False)

    def _validated(self) -> tuple[str, str] | None:
        """The normalised URL and key, or None after showing what is wrong next to the field."""
        base_url: str | None
        try:
            base_url = validate_base_url(self.base_url_edit.text())
        except ValidationError as exc:
            base_url = None
            self.base_url_error.setText(core_text(exc.user_message()))
            self.base_url_error.show()
        else:
            self.base_url_error.hide()
        key = self.key_field.key()
        if not key:
            self.key_error.setText(self.tr("Enter your API key."))
            self.key_error.show()
        else:
            self.key_error.hide()
        if base_url is None:
            self.base_url_edit.setFocus()
            return None
        if not key:
            self.key_field.setFocus()
            return None
        return base_url, key

    def _on_test_clicked(self) -> None:
        if self.connection_test.is_testing:
            return
        values = self._validated()
        if values is None:
            return
        self.set_testing(True)
        self.test_requested.emit(*values)

    def _on_save_clicked(self) -> None:
        if self._saving:
            return
        values = self._validated()
        if values is None:
            return
        if not self._keyring_problem:
            self._set_session_primary(False)
        self.save_requested.emit(*values)

    def _on_session_clicked(self) -> None:
        values = self._validated()
        if values is not None:
            self.session_only_requested.emit(*values)

    def _on_key_file_clicked(self) -> None:
        values = self._validated()
        if values is not None:
            self.key_file_requested.emit(*values)
