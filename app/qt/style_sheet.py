"""The window's small style sheet, written from the theme's colours and the design tokens.

Kept to what the platform style cannot do from a palette: visible input borders and focus rings in the dark
themes, rounded buttons with the default one in the accent colour, the composer's rounded frame, the New chat
button, borderless panes, thin rounded scroll bars without arrow buttons. Selectors are few and simple:
Qt matches every rule against every widget it polishes, so a long sheet would slow start-up.
"""

from __future__ import annotations

from pathlib import Path

from app.render.design import RADIUS_L, RADIUS_M, RADIUS_S, SCROLL_BAR, SPACE_S
from app.render.palette import RenderPalette, relative_luminance

__all__ = ["mark", "style_sheet"]

#: The marks the sheet draws: check, arrow-down, arrow-up (rendered by ``scripts/icons``, with "@2x", "@3x").
MARKS_DIR = Path(__file__).resolve().parent / "icons" / "indicator"


def mark(name: str, colour: str) -> str:
    """The file of mark ``name`` in white or black, whichever is nearer ``colour`` (the text it stands in)."""
    shade = "black" if relative_luminance(colour) < 0.5 else "white"
    return (MARKS_DIR / f"{name}-{shade}.png").as_posix()


#: Tool buttons that show a word (Show/Hide of a secret): drawn as the push buttons beside them.
_TEXT_TOOL_BUTTONS = "#revealKeyButton, #revealProxyPasswordButton"


def _in_state(selectors: str, state: str) -> str:
    """``selectors`` (comma-separated) each in pseudo-state ``state``."""
    return ", ".join(f"{name.strip()}:{state}" for name in selectors.split(","))


def style_sheet(p: RenderPalette) -> str:
    """The style sheet for the colours ``p``."""
    return f"""
{_controls(p)}
QLineEdit {{ border: 1px solid {p.border_strong}; border-radius: {RADIUS_S}px; padding: 4px 6px;
    background: {p.base}; color: {p.text}; selection-background-color: {p.selection};
    selection-color: {p.selection_text}; }}
QLineEdit:focus {{ border: 2px solid {p.focus}; padding: 3px 5px; }}
QLineEdit:disabled {{ color: {p.disabled_text}; border-color: {p.border}; }}
QComboBox QLineEdit, QAbstractSpinBox QLineEdit, QLineEdit#plainLineEdit {{ border: none; padding: 0;
    background: transparent; }}
QPushButton, {_TEXT_TOOL_BUTTONS} {{ border: 1px solid {p.border_strong}; border-radius: {RADIUS_M}px;
    padding: 4px 10px; background: {p.base}; color: {p.text}; }}
QPushButton:hover, {_in_state(_TEXT_TOOL_BUTTONS, "hover")} {{ background: {p.surface}; }}
QPushButton:focus, {_in_state(_TEXT_TOOL_BUTTONS, "focus")} {{ border: 2px solid {p.focus};
    padding: 3px 9px; }}
QPushButton:default {{ background: {p.accent}; color: {p.accent_text}; border-color: {p.accent}; }}
QPushButton:default:focus {{ border-color: {p.focus}; }}
QPushButton:disabled {{ background: {p.surface}; color: {p.disabled_text}; border-color: {p.border}; }}
QPushButton:flat {{ border: none; background: transparent; color: {p.link}; }}
QPushButton:flat:hover {{ text-decoration: underline; }}
#conversationList {{ border: none; background: {p.window}; }}
#conversationList::item {{ padding: 6px 4px; border-radius: {RADIUS_S}px; color: {p.text}; }}
#conversationList::item:hover {{ background: {p.surface}; }}
#conversationList::item:selected {{ background: {p.selection}; color: {p.selection_text}; }}
#composerFrame {{ border: 1px solid {p.border_strong}; border-radius: {RADIUS_L}px; background: {p.base}; }}
#composerFrame[focused="true"] {{ border: 2px solid {p.focus}; }}
#composerFrame QPlainTextEdit {{ border: none; background: transparent; color: {p.text};
    selection-background-color: {p.selection}; selection-color: {p.selection_text}; }}
#newConversationButton {{ background: {p.accent}; color: {p.accent_text}; border: none;
    border-radius: {RADIUS_M}px; padding: 7px 12px; font-weight: 600; text-align: left; }}
#newConversationButton:focus {{ border: 2px solid {p.focus}; padding: 5px 10px; }}
#sendButton, #stopButton {{ background: {p.accent}; color: {p.accent_text}; border: none;
    border-radius: {RADIUS_M}px; padding: 6px; }}
#sendButton:disabled {{ background: {p.surface}; color: {p.disabled_text}; border: 1px solid {p.border};
    padding: 5px; }}
#sendButton:focus, #stopButton:focus {{ border: 2px solid {p.focus}; padding: 4px; }}
#attachButton {{ border: none; border-radius: {RADIUS_S}px; padding: 4px; }}
#attachButton:hover {{ background: {p.surface}; }}
#attachButton:focus {{ border: 2px solid {p.focus}; padding: 2px; }}
#settingsButton, #conversationSettingsButton, #toolsButton, #compareModelsButton {{
    border: 1px solid transparent; border-radius: {RADIUS_S}px; padding: 4px 8px; color: {p.text}; }}
#settingsButton:hover, #conversationSettingsButton:hover, #toolsButton:hover, #compareModelsButton:hover {{
    background: {p.surface}; border-color: {p.border}; }}
#settingsButton:focus, #conversationSettingsButton:focus, #toolsButton:focus, #compareModelsButton:focus {{
    border: 2px solid {p.focus}; padding: 3px 7px; }}
#toolsButton::menu-indicator, #compareModelsButton::menu-indicator {{ image: none; width: 0; }}
#modelPickerPopup {{ border: 1px solid {p.border_strong}; background: {p.base}; }}
#modelList, #compareModelList {{ border: none; background: {p.base}; outline: none;
    selection-background-color: {p.selection}; selection-color: {p.selection_text}; }}
#modelList::item {{ padding: 2px {SPACE_S}px; border-radius: {RADIUS_S}px; color: {p.text}; }}
#compareModelList::item {{ padding: 4px {SPACE_S}px; border-radius: {RADIUS_S}px; color: {p.text}; }}
#compareModelList::item:disabled {{ color: {p.disabled_text}; }}
#modelList::item:hover, #compareModelList::item:hover {{ background: {p.surface}; }}
#modelList::item:selected, #compareModelList::item:selected {{ background: {p.selection};
    color: {p.selection_text}; }}
#refreshModelsButton {{ border: none; border-radius: {RADIUS_S}px; padding: 4px; }}
#refreshModelsButton:hover {{ background: {p.surface}; }}
#refreshModelsButton:focus {{ border: 2px solid {p.focus}; padding: 2px; }}
#modelChip {{ border: 1px solid {p.border}; border-radius: {RADIUS_M}px; padding: 3px 8px;
    background: {p.surface}; color: {p.text}; }}
#modelChip:hover {{ border-color: {p.border_strong}; }}
#modelChip:focus {{ border: 2px solid {p.focus}; padding: 2px 7px; }}
QLineEdit#conversationTitle {{ border: 1px solid transparent; background: transparent; font-weight: 600;
    padding: 4px 6px; }}
QLineEdit#conversationTitle:hover {{ border: 1px solid {p.border}; }}
QLineEdit#conversationTitle:focus {{ border: 2px solid {p.focus}; background: {p.base}; padding: 3px 5px; }}
#examplePrompt {{ text-align: left; padding: 10px 14px; border: 1px solid {p.border};
    border-radius: {RADIUS_M}px; background: {p.base}; color: {p.text}; }}
#examplePrompt:hover {{ background: {p.surface}; border-color: {p.border_strong}; }}
#examplePrompt:focus {{ border: 2px solid {p.focus}; padding: 9px 13px; }}
#emptyShortcuts, #demoNote, #attachmentDetail {{ color: {p.muted}; }}
#attachmentDetail[warning="true"] {{ color: {p.error_text}; }}
#editingBanner {{ border: 1px solid {p.user_bubble_border}; border-radius: {RADIUS_M}px;
    background: {p.user_bubble}; }}
#editingTitle {{ color: {p.text}; font-weight: 600; background: transparent; }}
#editingHint {{ color: {p.muted}; background: transparent; }}
#cancelEditButton {{ border: none; border-radius: {RADIUS_S}px; padding: 2px 6px; color: {p.text};
    background: transparent; }}
#cancelEditButton:hover {{ background: {p.surface}; }}
#cancelEditButton:focus {{ border: 2px solid {p.focus}; padding: 0 4px; }}
#sidebarToggle, #conversationsMoreButton {{ border: none; border-radius: {RADIUS_S}px; padding: 4px; }}
#sidebarToggle:hover, #conversationsMoreButton:hover {{ background: {p.surface}; }}
#sidebarToggle:focus, #conversationsMoreButton:focus {{ border: 2px solid {p.focus}; padding: 2px; }}
#conversationsMoreButton {{ padding: 4px 8px; color: {p.text}; }}
#conversationsMoreButton::menu-indicator {{ image: none; width: 0; }}
#toolApprovalCard {{ border: 1px solid {p.notice_border}; border-radius: {RADIUS_L}px;
    background: {p.notice_background}; margin: 0 {2 * SPACE_S}px; }}
#toolApprovalTitle {{ color: {p.text}; font-weight: 600; background: transparent; }}
#toolApprovalArguments {{ border: 1px solid {p.code_border}; border-radius: {RADIUS_S}px;
    background: {p.code_background}; color: {p.code_text}; }}
#toolApprovalCard QPushButton#toolAllowOnceButton {{ background: {p.accent}; color: {p.accent_text};
    border-color: {p.accent}; }}
QFrame[replyCard="true"] {{ border: 1px solid {p.border}; border-radius: {RADIUS_L}px;
    background: {p.base}; }}
#parallelReplyModel {{ color: {p.model_accent}; font-weight: 600; }}
#parallelReplyTime, #parallelReplyFigures, #parallelReplyState {{ color: {p.muted}; }}
#parallelReplyStop, #parallelReplyPick {{ border: none; border-radius: {RADIUS_S}px; padding: 3px; }}
#parallelReplyStop:hover, #parallelReplyPick:hover {{ background: {p.surface}; }}
#parallelReplyStop:focus, #parallelReplyPick:focus {{ border: 2px solid {p.focus}; padding: 1px; }}
QScrollBar:vertical {{ background: transparent; border: none; width: {SCROLL_BAR}px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; border: none; height: {SCROLL_BAR}px; margin: 0; }}
QScrollBar::handle {{ background: {p.scroll_thumb}; border-radius: {SCROLL_BAR // 2 - 2}px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {p.border_strong}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ border: none; background: none; width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QToolTip {{ color: {p.text}; background: {p.surface}; border: 1px solid {p.border}; padding: 4px; }}
"""


def _controls(p: RenderPalette) -> str:
    """Check boxes (also those in lists), combo boxes and spin boxes, drawn from the palette in every theme.

    The platform style draws their outlines from the window colour made a little darker, which on a dark
    window all but vanishes (an unticked box could not be seen): here every boundary is ``border_strong`` and
    every ticked box ``accent``, both at least 3:1 against the window and the fields they sit on (WCAG 2.1
    non-text contrast; ``tests/qt/test_control_contrast.py`` measures the drawn pixels). Keyboard focus is a
    2-pixel ``focus`` ring, as on the line edits; a check box's goes round the box and its words, as a ring
    on the box itself would vanish into a ticked box of the same accent colour.
    """
    check, down, up = mark("check", p.accent_text), mark("arrow-down", p.text), mark("arrow-up", p.text)
    return f"""
QCheckBox::indicator, QAbstractItemView::indicator {{ width: 14px; height: 14px;
    border: 1px solid {p.border_strong}; border-radius: 3px; background: {p.base}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{ border-color: {p.accent};
    background: {p.accent}; image: url({check}); }}
QCheckBox {{ border: 2px solid transparent; border-radius: {RADIUS_S}px; padding: 1px 3px; }}
QCheckBox:focus {{ border-color: {p.focus}; }}
QAbstractItemView::indicator:checked:selected {{ border-color: {p.selection_text}; }}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {{ border-color: {p.border};
    background: {p.surface}; }}
QCheckBox::indicator:checked:disabled, QAbstractItemView::indicator:checked:disabled {{
    background: {p.border}; }}
QComboBox, QAbstractSpinBox {{ border: 1px solid {p.border_strong}; border-radius: {RADIUS_S}px;
    padding: 3px 6px; background: {p.base}; color: {p.text}; }}
QComboBox:focus, QAbstractSpinBox:focus {{ border: 2px solid {p.focus}; padding: 2px 5px; }}
QComboBox:disabled, QAbstractSpinBox:disabled {{ border-color: {p.border}; color: {p.disabled_text}; }}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox {{ combobox-popup: 0; }}
QComboBox QAbstractItemView {{ padding: 2px; outline: 0; }}
QComboBox QAbstractItemView::item {{ padding: 4px 8px; min-height: 18px; }}
QComboBox::down-arrow {{ image: url({down}); }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ border: none; width: 18px; }}
QAbstractSpinBox::up-arrow {{ image: url({up}); }}
QAbstractSpinBox::down-arrow {{ image: url({down}); }}
QComboBox::down-arrow:disabled, QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::down-arrow:disabled {{
    image: none; }}"""
