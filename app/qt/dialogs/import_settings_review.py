"""Asking, before an import takes effect, whether its conversations keep settings that change what is sent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.chat.import_review import SettingsToReview
from app.core.visible_text import reveal_invisible

_INSTRUCTION_PREVIEW = 300


def _tool_names() -> dict[str, str]:
    return {
        "google_search": QCoreApplication.translate("ImportSettingsReview", "Google Search"),
        "url_context": QCoreApplication.translate("ImportSettingsReview", "URL context"),
        "code_execution": QCoreApplication.translate("ImportSettingsReview", "Code execution"),
        "image_output": QCoreApplication.translate("ImportSettingsReview", "Image output"),
    }


def describe_review(reviews: Sequence[SettingsToReview]) -> str:
    """The settings of each conversation, as plain text lines."""
    names = _tool_names()
    lines: list[str] = []
    for review in reviews:
        lines.append(
            QCoreApplication.translate("ImportSettingsReview", "“{0}”").format(
                reveal_invisible(review.title)
                or QCoreApplication.translate("ImportSettingsReview", "Untitled")
            )
        )
        if review.system_instruction.strip():
            instruction = reveal_invisible(review.system_instruction.strip())
            if len(instruction) > _INSTRUCTION_PREVIEW:
                instruction = instruction[:_INSTRUCTION_PREVIEW] + "…"
            lines.append(
                "  "
                + QCoreApplication.translate("ImportSettingsReview", "System instruction: {0}").format(
                    instruction
                )
            )
        if review.tools:
            lines.append(
                "  "
                + QCoreApplication.translate("ImportSettingsReview", "Tools: {0}").format(
                    ", ".join(names[t] for t in review.tools)
                )
            )
        for category, threshold in review.safety:
            lines.append(
                "  "
                + QCoreApplication.translate("ImportSettingsReview", "Safety: {0} = {1}").format(
                    category, threshold
                )
            )
    return "\n".join(lines)


def ask_about_imported_settings(parent: QWidget, reviews: Sequence[SettingsToReview]) -> QMessageBox:
    """An open question: keep the imported settings (button role Accept) or reset them (the default).

    The caller reads ``clickedButton().property("keep")`` when ``finished`` is emitted. Everything shown is
    plain text: it comes from the file.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("ImportSettingsReview", "Keep the imported settings?"),
        QCoreApplication.translate(
            "ImportSettingsReview",
            "The file sets a system instruction, tools or safety filters for these conversations. They "
            "change what is sent to the model and what it may do, and the transcript does not show them.",
        )
        + "\n\n"
        + describe_review(reviews),
        parent=parent,
    )
    box.setObjectName("importSettingsReview")
    # Only the main text can be made plain (the informative text is always auto-detected): it carries the
    # file's own words.
    box.setTextFormat(Qt.TextFormat.PlainText)
    keep = box.addButton(
        QCoreApplication.translate("ImportSettingsReview", "Keep them"), QMessageBox.ButtonRole.AcceptRole
    )
    keep.setProperty("keep", True)
    keep.setObjectName("keepImportedSettings")
    reset = box.addButton(
        QCoreApplication.translate("ImportSettingsReview", "Reset to defaults"),
        QMessageBox.ButtonRole.RejectRole,
    )
    reset.setObjectName("resetImportedSettings")
    box.setDefaultButton(reset)
    box.setEscapeButton(reset)
    box.open()  # never exec(): the qasync loop keeps running
    return box
