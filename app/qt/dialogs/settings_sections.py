"""The frame of the Settings dialog: a list of sections on the left, the chosen section's page on the right.

Each page scrolls on its own and opens with its title and one line saying what the section is for.
Inside, controls sit in groups (``settings_group``): a rounded card with a heading, the controls as a form,
and under a control, when it needs one, a short explanation in the muted colour (``add_explained_row``).
Colours, radii and spacing come from the design tokens (``app.render.design``, ``app.render.palette``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.qt.dialogs.welcome_page import muted_label
from app.qt.icons.ui_icons import ui_icon
from app.qt.render.palette import palette_for
from app.render.design import (
    ICON_M,
    RADIUS_M,
    RADIUS_S,
    SPACE_L,
    SPACE_M,
    SPACE_S,
    SPACE_XS,
    TYPE_FACTORS,
    TYPE_H2,
)
from app.render.palette import RenderPalette

__all__ = ["SettingsSections", "add_explained_row", "page_head", "section_style", "settings_group"]

# The width of the section list.
_LIST_WIDTH = 200


class SettingsSections(QWidget):
    """Sections of settings, one page shown at a time; the list on the left chooses it.

    Works like the tab widget it replaces: ``count``, ``widget``, ``indexOf``, ``currentIndex``,
    ``setCurrentIndex``, ``currentWidget`` and ``setCurrentWidget`` speak of the pages as they were added.
    Ctrl+Tab and Ctrl+Shift+Tab (and Ctrl+PgDown / Ctrl+PgUp) step through the sections from anywhere in the
    dialog, as they did through tabs; in the list, the arrow keys do.

    Signals:
        currentChanged(int): Another section is shown.
    """

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsTabs")
        self.list = QListWidget(self)
        self.list.setObjectName("settingsSectionList")
        self.list.setFixedWidth(_LIST_WIDTH)
        self.list.setIconSize(QSize(ICON_M, ICON_M))
        self.list.setSpacing(1)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        self._pages: list[QWidget] = []
        self._titles: list[QLabel] = []
        self._summaries: list[QLabel] = []
        self._icons: list[str] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.list.currentRowChanged.connect(self._on_row_changed)
        for keys, step in (
            (QKeySequence.StandardKey.NextChild, 1),
            (QKeySequence.StandardKey.PreviousChild, -1),
            (QKeySequence("Ctrl+PgDown"), 1),
            (QKeySequence("Ctrl+PgUp"), -1),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._step(step))

    # The tab widget's API ---------------------------------------------------------------------------------

    def add_section(self, page: QWidget, icon: str) -> int:
        """Add ``page`` as a section with the interface icon ``icon``; its texts come with ``set_texts``."""
        holder = QWidget()
        holder.setObjectName("settingsSectionPage")
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, SPACE_M, SPACE_M)
        inner.setSpacing(SPACE_XS)
        title, summary = page_head(holder, "settingsSection")
        inner.addWidget(title)
        inner.addWidget(summary)
        inner.addSpacing(SPACE_S)
        inner.addWidget(page)
        inner.addStretch(1)
        scroll = QScrollArea(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a tab stop of its own: Tab goes to the fields, and the area scrolls to the focused one.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(holder)
        self.stack.addWidget(scroll)
        self._pages.append(page)
        self._titles.append(title)
        self._summaries.append(summary)
        self._icons.append(icon)
        item = QListWidgetItem(self.list)
        item.setSizeHint(QSize(_LIST_WIDTH - SPACE_S, ICON_M + 2 * SPACE_S + 4))
        self._set_icon(len(self._pages) - 1)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        return len(self._pages) - 1

    def set_texts(self, index: int, title: str, summary: str) -> None:
        """Name section ``index`` in the list and on its page, and say in one line what it is for."""
        item = self.list.item(index)
        item.setText(title)
        item.setToolTip(summary)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, summary)
        self._titles[index].setText(title)
        self._summaries[index].setText(summary)

    def count(self) -> int:
        """How many sections there are."""
        return len(self._pages)

    def widget(self, index: int) -> QWidget | None:
        """The page of section ``index`` (None when there is none)."""
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def indexOf(self, page: QWidget) -> int:
        """The section showing ``page``, or -1."""
        return self._pages.index(page) if page in self._pages else -1

    def currentIndex(self) -> int:
        """The section shown."""
        return self.list.currentRow()

    def setCurrentIndex(self, index: int) -> None:
        """Show section ``index``."""
        if 0 <= index < len(self._pages):
            self.list.setCurrentRow(index)

    def currentWidget(self) -> QWidget | None:
        """The page shown."""
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, page: QWidget) -> None:
        """Show the section holding ``page``."""
        self.setCurrentIndex(self.indexOf(page))

    def reveal(self, widget: QWidget) -> None:
        """Show the section holding ``widget`` and scroll it into view."""
        for index, page in enumerate(self._pages):
            if page is widget or page.isAncestorOf(widget):
                self.setCurrentIndex(index)
                scroll = self.stack.widget(index)
                if isinstance(scroll, QScrollArea):
                    scroll.ensureWidgetVisible(widget)
                return

    # Internals --------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """The list's icons in a new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for index in range(len(self._pages)):
                self._set_icon(index)

    def _set_icon(self, index: int) -> None:
        item = self.list.item(index)
        if item is not None:
            item.setIcon(ui_icon(self._icons[index], palette_for(self.palette()).muted, ICON_M))

    def _on_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)
            self.currentChanged.emit(row)

    def _step(self, step: int) -> None:
        if self._pages:
            self.setCurrentIndex((self.currentIndex() + step) % len(self._pages))


def page_head(parent: QWidget, name: str) -> tuple[QLabel, QLabel]:
    """The head of a page of settings: its title in the heading size, and a muted, wrapped summary under it.

    Returns:
        The title and the summary labels, named ``{name}Title`` and ``{name}Summary`` (the caller words them).
    """
    title = QLabel(parent)
    title.setObjectName(f"{name}Title")
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * TYPE_FACTORS[TYPE_H2])
    font.setWeight(QFont.Weight.DemiBold)
    title.setFont(font)
    summary = QLabel(parent)
    summary.setObjectName(f"{name}Summary")
    summary.setWordWrap(True)
    muted_label(summary)
    return title, summary


def settings_group(parent: QWidget, name: str) -> tuple[QFrame, QLabel, QFormLayout]:
    """A group of settings: a rounded card with a heading (its text set by the caller) above a form.

    Returns:
        The card (add it to the page's layout), its heading label and its form.
    """
    card = QFrame(parent)
    card.setObjectName("settingsGroup")
    card.setProperty("group", name)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
    layout.setSpacing(SPACE_S)
    heading = QLabel(card)
    heading.setObjectName("settingsGroupHeading")
    font = QFont(heading.font())
    font.setWeight(QFont.Weight.DemiBold)
    heading.setFont(font)
    layout.addWidget(heading)
    form = settings_form_layout()
    layout.addLayout(form)
    return card, heading, form


def settings_form_layout() -> QFormLayout:
    """The form of a settings card (Settings' groups, the conversation's parameters), spaced as designed."""
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setVerticalSpacing(SPACE_S)
    form.setHorizontalSpacing(SPACE_M)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def add_explained_row(
    form: QFormLayout, label: QLabel | str, field: QWidget, note: QLabel | None = None
) -> None:
    """A form row, and under its field a one-line explanation (``note``, muted and wrapped) when given."""
    form.addRow(label, field)
    if note is not None:
        note.setWordWrap(True)
        note.setObjectName(note.objectName() or "settingsNote")
        muted_label(note)
        form.addRow("", note)


def section_style(p: RenderPalette) -> str:
    """The dialog's style for the sections and groups, from the theme's colours and the design tokens."""
    return f"""
#settingsSectionList {{ background: transparent; outline: none; }}
#settingsSectionList::item {{ padding: {SPACE_S}px; border-radius: {RADIUS_S}px; color: {p.text}; }}
#settingsSectionList::item:hover {{ background: {p.surface}; }}
#settingsSectionList::item:selected {{ background: {p.selection}; color: {p.selection_text}; }}
#settingsSectionList::item:selected:focus {{ border: 2px solid {p.focus}; padding: {SPACE_S - 2}px; }}
QFrame#settingsGroup, QGroupBox[card="true"] {{ border: 1px solid {p.border}; border-radius: {RADIUS_M}px;
    background: {p.base}; margin-top: 0; padding: 0; }}
QFrame#settingsGroup QLabel, QGroupBox[card="true"] QLabel {{ background: transparent; }}
QGroupBox[card="true"] QPlainTextEdit {{ border: 1px solid {p.border_strong}; border-radius: {RADIUS_S}px;
    background: {p.base}; color: {p.text}; padding: {SPACE_XS}px; selection-background-color: {p.selection};
    selection-color: {p.selection_text}; }}
QGroupBox[card="true"] QPlainTextEdit:focus {{ border: 2px solid {p.focus}; padding: {SPACE_XS - 1}px; }}
#settingsSectionPage {{ background: transparent; }}
#toolsPage QListWidget, #toolsPage QPlainTextEdit {{ border: 1px solid {p.border_strong};
    border-radius: {RADIUS_S}px; background: {p.base}; color: {p.text}; padding: {SPACE_XS}px;
    selection-background-color: {p.selection}; selection-color: {p.selection_text}; }}
#toolsPage QListWidget:focus, #toolsPage QPlainTextEdit:focus {{ border: 2px solid {p.focus}; }}
#toolsPage QListWidget::item {{ padding: {SPACE_XS}px; border-radius: {RADIUS_S}px; }}
#toolsPage QListWidget::item:selected {{ background: {p.selection}; color: {p.selection_text}; }}
"""
