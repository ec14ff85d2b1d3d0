"""The design tokens of the window: spacing, corner radii, type scale, sizes. Colours are in ``palette``.

Every widget and the transcript's HTML take their measures from here, so the app looks like one thing and a
change of rhythm is made once. Values are logical pixels (Qt scales them for high-DPI screens) or factors of
the user's text size.
"""

from __future__ import annotations

from typing import Final

#: The spacing scale; layouts use these steps and nothing in between.
SPACE_XS: Final = 4
SPACE_S: Final = 8
SPACE_M: Final = 12
SPACE_L: Final = 16
SPACE_XL: Final = 24

#: Corner radii: small controls, cards and frames, the composer and bubbles.
RADIUS_S: Final = 6
RADIUS_M: Final = 10
RADIUS_L: Final = 14

#: The type scale. Qt's rich text takes only the CSS size keywords, each a step of about 1.2 from the body
#: text ("large" 1.2x, "x-large" 1.5x, "small" 0.85x); widgets scale their font by the same factors.
TYPE_CAPTION: Final = "small"
TYPE_BODY: Final = "medium"
TYPE_H3: Final = "medium"
TYPE_H2: Final = "large"
TYPE_H1: Final = "x-large"
TYPE_DISPLAY: Final = "xx-large"
#: The same steps as factors of the body text size, for widget fonts.
TYPE_FACTORS: Final = {"small": 0.85, "medium": 1.0, "large": 1.2, "x-large": 1.5}
#: Line height of prose in the transcript, in percent.
LINE_HEIGHT_PERCENT: Final = 150

#: Markdown headings h1-h6: (size, space above in px, muted). The steps browsers give headings (2, 1.5, 1.2,
#: 1, 0.85 of the body text), all bold; h6 is the caption size in the muted colour, so each level differs
#: from the next and from bold body text. A heading sits closer to its own text than to what is above it.
HEADINGS: Final = {
    "h1": (TYPE_DISPLAY, SPACE_XL, False),
    "h2": (TYPE_H1, SPACE_XL, False),
    "h3": (TYPE_H2, SPACE_L, False),
    "h4": (TYPE_BODY, SPACE_L, False),
    "h5": (TYPE_CAPTION, SPACE_M, False),
    "h6": (TYPE_CAPTION, SPACE_M, True),
}
#: Space below a heading, in px.
HEADING_SPACE_BELOW: Final = SPACE_S

#: Lists: each nesting level is set in this far (px), so a nested list's marker sits just right of its
#: parent's text; items of a tight list (the usual kind) are this far apart, items of a loose one (blank
#: lines between them in the Markdown) a little further. Items keep the prose's line height.
LIST_INDENT: Final = 26
LIST_ITEM_GAP: Final = SPACE_XS
LOOSE_ITEM_GAP: Final = SPACE_S

#: The widest the transcript's reading column gets (prose past ~80 characters a line tires the eye).
READING_WIDTH: Final = 820
#: The least room left and right of the reading column: the document margin (Qt fits a wide table into the
#: width left by the document margin only; a wider side margin would make it scroll sideways). The user's
#: bubble reaches ``BUBBLE_PADDING`` past the column, so this keeps ``SPACE_L`` between it and the scroll bar
#: once the window is narrower than the column's cap.
READING_GUTTER: Final = 26

#: How far the user's bubble is set in from the left of the reading column.
BUBBLE_INDENT: Final = 120
#: Padding around the text inside the user's bubble.
BUBBLE_PADDING: Final = 10
#: Room between a code block's shaded edge and its text: a left margin the transcript paints in the code's
#: colour (``app.qt.widgets.transcript_code``), so the document's text is exactly the code.
CODE_PADDING: Final = SPACE_S
#: A user message up to this long on one line is right-aligned (its bubble shrinks to fit it).
SHORT_USER_CHARS: Final = 70

#: Icon sizes: in buttons and in the transcript's action row.
ICON_M: Final = 20
ICON_S: Final = 16

#: The thickness of every scroll bar (a thin rounded thumb, no arrow buttons), in pixels.
SCROLL_BAR: Final = 10

#: The composer grows with its text up to this many lines, then scrolls.
COMPOSER_MAX_LINES: Final = 10

#: Below this window width the sidebar folds away on its own.
SIDEBAR_FOLD_WIDTH: Final = 900

#: The first window (nothing saved yet) takes this share of the screen's free area in each direction, up to
#: ``FIRST_WINDOW_MAX``: past that a chat window only adds empty margin around the reading column.
FIRST_WINDOW_SHARE: Final = 0.85
FIRST_WINDOW_MAX: Final = (1440, 960)


def reading_margin(view_width: int) -> int:
    """The margin left and right of the reading column in a view ``view_width`` pixels wide."""
    return max(READING_GUTTER, (view_width - READING_WIDTH) // 2)
