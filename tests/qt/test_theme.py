"""Light, dark and system themes: the palette, and every colour the transcript draws itself, switch live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt.theme import ThemeController, apply_theme, is_dark
from app.qt.widgets.model_picker import MODEL_ID_ROLE, ModelPicker
from app.qt.widgets.transcript_view import TranscriptView
from app.render.palette import DARK, LIGHT

REPLY = """Here is code and a [link](https://example.com):

```python
def answer() -> int:
    return 42
```
"""


def _transcript(qtbot: QtBot) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.add_message(1, "user", "Show me code", header="You")
    view.add_message(2, "model", REPLY, header="Gemini")
    return view


def _system_scheme_changes_to(scheme: Qt.ColorScheme) -> None:
    """What Qt reports when the desktop switches between light and dark."""
    QGuiApplication.styleHints().colorSchemeChanged.emit(scheme)


def test_dark_theme_darkens_the_window_and_the_transcript_follows(
    qtbot: QtBot, theme: ThemeController
) -> None:
    view = _transcript(qtbot)
    assert LIGHT.code_background in view.toHtml()
    theme.apply("dark")
    qtbot.waitUntil(lambda: is_dark(view.palette()), timeout=2000)
    html = view.toHtml()
    # Messages rendered before the switch are re-rendered: code blocks, links and accents in dark colours.
    assert DARK.code_background in html and LIGHT.code_background not in html
    assert DARK.link in html and DARK.model_accent in html
    assert LIGHT.model_accent not in html
    theme.apply("light")
    qtbot.waitUntil(lambda: not is_dark(view.palette()), timeout=2000)
    html = view.toHtml()
    assert LIGHT.code_background in html and DARK.code_background not in html


def test_code_highlighting_uses_a_style_made_for_each_theme(qtbot: QtBot, theme: ThemeController) -> None:
    view = _transcript(qtbot)
    theme.apply("light")
    qtbot.waitUntil(lambda: not is_dark(view.palette()), timeout=2000)
    light_html = view.toHtml()
    theme.apply("dark")
    qtbot.waitUntil(lambda: is_dark(view.palette()), timeout=2000)
    dark_html = view.toHtml()
    # The "def" keyword: Pygments' default style is green, GitHub dark's is red.
    assert "#008000" in light_html and "#008000" not in dark_html
    assert "#ff7b72" in dark_html


def test_the_system_theme_follows_the_desktop_while_running(qtbot: QtBot, theme: ThemeController) -> None:
    view = _transcript(qtbot)
    theme.apply("system")
    _system_scheme_changes_to(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: is_dark(QApplication.palette()) and is_dark(view.palette()), timeout=2000)
    assert DARK.code_background in view.toHtml()
    _system_scheme_changes_to(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: not is_dark(view.palette()), timeout=2000)
    assert LIGHT.code_background in view.toHtml()


def test_a_chosen_theme_ignores_the_desktop(qtbot: QtBot, theme: ThemeController) -> None:
    theme.apply("light")
    _system_scheme_changes_to(Qt.ColorScheme.Dark)
    QApplication.processEvents()
    assert not is_dark(QApplication.palette())
    theme.apply("dark")
    _system_scheme_changes_to(Qt.ColorScheme.Light)
    QApplication.processEvents()
    assert is_dark(QApplication.palette())


def test_apply_theme_drives_the_one_controller(qapp: QApplication, theme: ThemeController) -> None:
    apply_theme("dark")
    assert qapp.findChildren(ThemeController) == [theme]
    assert theme.theme == "dark" and is_dark(qapp.palette())


def test_widgets_with_drawn_colours_recolour(qtbot: QtBot, theme: ThemeController) -> None:
    from app.core.gemini.models_list import ModelInfo
    from app.qt.widgets.composer import Composer

    composer = Composer()
    qtbot.addWidget(composer)
    picker = ModelPicker()
    qtbot.addWidget(picker)
    picker.set_models(
        [
            ModelInfo(id="gemini-2.5-flash", display_name="Flash", owned_by="", is_chat=True),
            ModelInfo(id="text-embedding-004", display_name="Embedding", owned_by="", is_chat=False),
        ]
    )

    def icon_colour() -> int:
        image = composer.attach_button.icon().pixmap(20, 20).toImage()
        return max(
            image.pixelColor(x, y).lightness()
            for x in range(20)
            for y in range(20)
            if image.pixelColor(x, y).alpha() > 200
        )

    picker.set_show_all(True)

    def grey() -> int:
        model = picker.combo.model()
        row = picker.combo.findData("text-embedding-004", MODEL_ID_ROLE)
        return int(model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color().rgb())

    theme.apply("light")
    light_icon, light_grey = icon_colour(), grey()
    theme.apply("dark")
    qtbot.waitUntil(lambda: is_dark(composer.palette()), timeout=2000)
    assert icon_colour() > light_icon + 60  # a light paperclip on the dark background
    disabled = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert grey() == disabled.rgb() != light_grey
