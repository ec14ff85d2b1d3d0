"""Every theme's text colours pass WCAG AA against the backgrounds they are shown on."""

from __future__ import annotations

import pytest

from app.render.palette import (
    DARK,
    EDGE_ON_BACKGROUND,
    HIGH_CONTRAST,
    LIGHT,
    TEXT_ON_BACKGROUND,
    RenderPalette,
    contrast_ratio,
)

THEMES = {"light": LIGHT, "dark": DARK, "high contrast": HIGH_CONTRAST}


def test_the_ratio_follows_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


@pytest.mark.parametrize("name", THEMES)
def test_text_reaches_aa(name: str) -> None:
    palette: RenderPalette = THEMES[name]
    low = {
        f"{fg} on {bg}": round(contrast_ratio(getattr(palette, fg), getattr(palette, bg)), 2)
        for fg, bg in TEXT_ON_BACKGROUND
        if contrast_ratio(getattr(palette, fg), getattr(palette, bg)) < 4.5
    }
    assert not low, low


@pytest.mark.parametrize("name", THEMES)
def test_borders_and_focus_rings_stand_out(name: str) -> None:
    palette = THEMES[name]
    low = {
        f"{edge} on {bg}": round(contrast_ratio(getattr(palette, edge), getattr(palette, bg)), 2)
        for edge, bg in EDGE_ON_BACKGROUND
        if contrast_ratio(getattr(palette, edge), getattr(palette, bg)) < 3.0
    }
    assert not low, low


def test_high_contrast_goes_further_than_aaa_for_body_text() -> None:
    assert contrast_ratio(HIGH_CONTRAST.text, HIGH_CONTRAST.base) >= 7.0
    assert contrast_ratio(HIGH_CONTRAST.muted, HIGH_CONTRAST.base) >= 7.0


@pytest.mark.parametrize("name", THEMES)
def test_a_code_blocks_edge_stands_out_from_the_page(name: str) -> None:
    # In dark the code's shade is 1.1:1 from the page: the edge the transcript draws is what shows the block.
    palette = THEMES[name]
    assert contrast_ratio(palette.code_border, palette.base) >= 3.0
