"""The HTML of an image the app registered (``gd-image:KEY``) in a message.

The picture and its actions, its label while it is decoded, or why it is not shown. The renderer
(``app.render.markdown``) decides which images are the app's own; this module draws them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from app.render.design import ICON_M
from app.render.icons import icon_html
from app.render.markdown_extensions import MATH_PENDING_KEY
from app.render.palette import RenderPalette

__all__ = [
    "IMAGE_MAX_WIDTH",
    "IMAGE_PENDING",
    "IMAGE_SCHEME",
    "THUMBNAIL_MAX_SIZE",
    "ImageActionHref",
    "ImageRefusal",
    "ImageSize",
    "ShownImages",
]

#: (action, image key) -> href of an image action ("image" opens the viewer, "copy-image", "save-image").
ImageActionHref = Callable[[str, str], str]

#: Image key -> the image's natural ``(width, height)`` in pixels, ``None`` when the image is unknown, or
#: ``IMAGE_PENDING`` while it is decoded.
ImageSize = Callable[[str], tuple[int, int] | None]

#: Image key -> why the image cannot be shown ("image too large: 20000×20000", translated), or ``None``.
ImageRefusal = Callable[[str], str | None]

# The actions under a shown image, and their icons.
_ACTIONS = ("copy-image", "save-image")
_ICONS = ("copy", "download")

IMAGE_PENDING = (0, 0)
"""The size of an image that is being decoded (off the GUI thread): it is shown as its label meanwhile, and
the block or body showing it waits, as for a formula being typeset (``math_pending``), to be drawn again."""

IMAGE_SCHEME = "gd-image"
"""Markdown images with this URL scheme are shown (from registered resources); every other image is a link."""

IMAGE_MAX_WIDTH = 480
"""Widest an image is shown in the transcript, in pixels; the viewer shows it at full size."""

THUMBNAIL_MAX_SIZE = 200
"""Widest and highest a thumbnail (a user's attached image) is shown, in pixels."""


@dataclass(frozen=True, slots=True)
class ShownImages:
    """How registered images are drawn.

    Attributes:
        palette: The colours.
        label: The text shown instead of an image; ``{alt}`` is replaced by the alt text.
        size: Natural sizes, to cap the shown size; ``None`` shows every image at most as wide as the view.
        action_href: Builds the links of a shown image; ``None`` renders the bare image.
        action_labels: The (translated) names of the "Copy image" and "Save image…" icons: their tooltips and
            alt texts.
        refusal: Why an image is not shown; ``None`` never says.
        refused_label: The text shown instead of a refused image; ``{alt}`` and ``{reason}`` are replaced.
    """

    palette: RenderPalette
    label: str = "[image: {alt}]"
    size: ImageSize | None = None
    action_href: ImageActionHref | None = None
    action_labels: tuple[str, str] = ("Copy image", "Save image…")
    refusal: ImageRefusal | None = None
    refused_label: str = "[image: {alt}] ({reason})"

    def html(self, key: str, alt: str, env: MutableMapping[str, Any], *, thumbnail: bool) -> str:
        """The HTML of image ``key`` (``alt``: its alt text; ``thumbnail``: shown small)."""
        size = self.size(key) if self.size is not None else None
        muted = self.palette.muted
        if size == IMAGE_PENDING:
            env[MATH_PENDING_KEY] = env.get(MATH_PENDING_KEY, 0) + 1
            label = html.escape(self.label.replace("{alt}", alt), quote=False)
            return f'<span style="color:{muted}">{label}</span>'
        reason = self.refusal(key) if size is None and self.refusal is not None else None
        if reason is not None:
            # Not Qt's broken-image glyph and actions that do nothing: which image, and why it is missing.
            text = self.refused_label.replace("{alt}", alt).replace("{reason}", reason)
            return f'<span style="color:{muted}">{html.escape(text, quote=False)}</span>'
        # An explicit width without a height keeps the aspect ratio; max-width keeps it inside a narrow view.
        width = f' width="{_shown_width(size, thumbnail)}"' if size and size[0] > 0 else ""
        image = f'<img src="{IMAGE_SCHEME}:{key}" alt="{html.escape(alt)}"{width} style="max-width:100%" />'
        href = self.action_href
        if href is None:
            return image
        # The actions are icons under the image, as a message's own actions are: named by their tooltips (the
        # anchors' titles) and, for the keyboard and screen readers, by their message stops.
        icons = "&nbsp;&nbsp;&nbsp;".join(
            f'<a href="{html.escape(href(action, key))}" title="{html.escape(label)}" '
            f'style="text-decoration:none">{icon_html(icon, muted, ICON_M, alt=label)}</a>'
            for action, icon, label in zip(_ACTIONS, _ICONS, self.action_labels, strict=True)
        )
        return f'<a href="{html.escape(href("image", key))}">{image}</a><br />{icons}'


def _shown_width(size: tuple[int, int], thumbnail: bool) -> int:
    """The width an image of natural ``size`` is shown at: capped, never enlarged."""
    width, height = size
    if not thumbnail:
        return min(width, IMAGE_MAX_WIDTH)
    scale = min(1.0, THUMBNAIL_MAX_SIZE / width, THUMBNAIL_MAX_SIZE / max(height, 1))
    return max(1, round(width * scale))
