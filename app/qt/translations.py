"""The UI language: which one to use, and installing its translators into the application.

One decision serves the whole app: ``resolve_language`` turns the ``language`` setting ("system", "en",
"zh_CN") into the UI language, whose ``.qm`` files translate every ``tr()`` string (ours and Qt's own
standard buttons and dialogs). The core's texts (codes and parameters, see ``app.core.texts``) follow the
same decision: ``core_text`` words them in the language of the installed translation, read at display time
like ``tr()`` reads it, so nothing is handed a language and a change of translators changes both alike.
The core itself stays free of Qt.

Compiled translations live next to this package in ``app/translations/`` (built from
``resources/translations/*.ts`` by ``scripts/translations``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.texts import Param, catalogue_language, render

# The UI languages the app ships, as locale names; English is the language of the source code.
SHIPPED = ("en", "zh_CN")
# Where the compiled ``gemini_desk_<locale>.qm`` files are (package data).
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
CATALOG = "gemini_desk"

_log = logging.getLogger(__name__)

# Texts of Qt's own file dialog that Qt's Chinese catalogue (qtbase_zh_CN) lacks: Qt 6 gave these labels
# mnemonics and the translation never followed, so the dialog read half English. Listed here, they are in our
# catalogue under Qt's own context, where the dialog finds them (our translator is asked after Qt's).
QT_TEXTS_QT_LACKS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """The UI language for the ``language`` setting.

    Args:
        setting: "system", "en" or "zh_CN" (anything unknown counts as "system").
        system: The system's locale; by default ``QLocale.system()``.

    Returns:
        "en" or "zh_CN". For "system", the first of the system's preferred UI languages that the app ships
        decides (any Chinese variant reads Simplified Chinese better than English); otherwise English.
    """
    if setting in SHIPPED:
        return setting
    locale = system if system is not None else QLocale.system()
    for name in [*locale.uiLanguages(), locale.name()]:
        primary = name.lower().replace("-", "_").split("_")[0]
        for shipped in SHIPPED:
            if shipped.lower().split("_")[0] == primary:
                return shipped
    return "en"


def core_text(text: Param) -> str:
    """Word one of the core's texts in the UI language (the one whose translation is installed)."""
    return render(text, core_catalogue())


def core_catalogue() -> str:
    """The locale name of the core's catalogue (``app/core/texts/<name>.py``) for the installed language."""
    # Each translation names its core catalogue: the two always speak the same language, without a second
    # record of the decision that could disagree (English, the source language, has no translation).
    #: Not a text to translate: the locale name of this language's catalogue in app/core/texts (zh_CN).
    return QCoreApplication.translate("CoreTexts", "en", "locale name of the core's text catalogue")


class InstalledLanguage:
    """The translators installed for one UI language; ``remove()`` undoes everything ``install`` did.

    Attributes:
        language: The UI language ("en" or "zh_CN").
        loaded: The catalogues that were found and installed (``gemini_desk``, ``qtbase``).
    """

    def __init__(self, language: str, translators: list[tuple[str, QTranslator]], previous: QLocale) -> None:
        self.language = language
        self.loaded = [name for name, _ in translators]
        self._translators = [translator for _, translator in translators]
        self._previous_locale = previous

    def remove(self) -> None:
        """Uninstall the translators and restore the default locale (tests start several apps in one run)."""
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators.clear()
        QLocale.setDefault(self._previous_locale)


def install_language(language: str, directory: Path = TRANSLATIONS_DIR) -> InstalledLanguage:
    """Install the translators of ``language``; call it before building any widget.

    Also makes ``language`` the default locale when the current one speaks another language, so ``QLocale()``
    (dates, numbers, and code that asks for the locale) agrees with the translated text.

    Args:
        language: A UI language from ``resolve_language``.
        directory: Where the app's ``.qm`` files are.

    Returns:
        What was installed. A missing ``.qm`` (translations not compiled) is not an error: the UI stays in
        English, the language of the source strings.
    """
    previous = QLocale()
    if catalogue_language(previous.name()) != catalogue_language(language):
        # Only when the languages differ: an English UI on an en_GB system keeps its day-month dates.
        QLocale.setDefault(QLocale(language))
    translators: list[tuple[str, QTranslator]] = []
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((CATALOG, str(directory)), ("qtbase", qt_dir)):
            translator = QTranslator()
            # Qt's files are named by locale (qtbase_zh_CN.qm); so are ours.
            if translator.load(f"{name}_{language}", folder) and QCoreApplication.installTranslator(
                translator
            ):
                translators.append((name, translator))
            else:
                # Not fatal (the UI falls back to English), but a build that forgot to compile them.
                _log.warning("no %s translations for %s in %s", name, language, folder)
    return InstalledLanguage(language, translators, previous)
