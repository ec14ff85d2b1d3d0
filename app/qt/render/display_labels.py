"""The translated words of a reply's Markdown and figures line, shared by the transcript and the status line.

Both show a reply's figures ("prompt 1,200 · answer 56 · first token 0.41 s"): built from one set of labels
by ``app.core.chat.display.usage_line``, the two always read the same, counts in the locale's digits.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.core.chat.display import DisplayLabels


def display_labels() -> DisplayLabels:
    """The labels in the UI language, token counts with the current locale's thousands separators."""
    # The reply presenter built these first, so their translations are in its context: a literal context
    # (the translation tools read it from the call) keeps them.
    return DisplayLabels(
        code=QCoreApplication.translate("ReplyPresenter", "Code"),
        output=QCoreApplication.translate("ReplyPresenter", "Output"),
        failed=QCoreApplication.translate("ReplyPresenter", "Failed"),
        timed_out=QCoreApplication.translate("ReplyPresenter", "Timed out"),
        result=QCoreApplication.translate("ReplyPresenter", "Result ({0})"),
        function_call=QCoreApplication.translate("ReplyPresenter", "Function call: {0}"),
        image=QCoreApplication.translate("ReplyPresenter", "image {0}"),
        sources=QCoreApplication.translate("ReplyPresenter", "Sources"),
        search_suggestions=QCoreApplication.translate("ReplyPresenter", "Search suggestions"),
        usage_prompt=QCoreApplication.translate("ReplyPresenter", "prompt {0}"),
        usage_answer=QCoreApplication.translate("ReplyPresenter", "answer {0}"),
        usage_thoughts=QCoreApplication.translate("ReplyPresenter", "thoughts {0}"),
        usage_cached=QCoreApplication.translate("ReplyPresenter", "cached {0}"),
        first_token=QCoreApplication.translate("ReplyPresenter", "first token {0:.2f} s"),
        tokens_per_second=QCoreApplication.translate("ReplyPresenter", "{0:g} tok/s"),
        number=group_digits,
    )


def group_digits(value: int) -> str:
    """``value`` with the current locale's thousands separators: "1,310", "1.310" in German.

    The C locale omits them unless asked; they are asked for here, so a count reads the same everywhere.
    """
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)
