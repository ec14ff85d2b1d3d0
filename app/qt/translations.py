"""The UI language: which one to use, and installing its translators into the application.

One decision serves the whole app: ``resolve_language`` turns the ``language`` setting ("system", "en",
"zh_CN") into the UI language, whose ``.qm`` files translate every ``tr()`` string (ours and Qt's own
standard buttons and dialogs), and ``core_language`` turns the same answer into the ``en``/``zh`` that the
core's bilingual messages are picked by. The core itself stays free of Qt.

Compiled translations live next to this package in ``app/translations/`` (built from
``resources/translations/*.ts`` by ``scripts/translations``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.i18n import language_code

#: The UI languages the app ships, as locale names; English is the language of the source code.
SHIPPED = ("en", "zh_CN")
#: Where the compiled ``gemini_desk_<locale>.qm`` files are (package data).
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
CATALOG = "gemini_desk"

_log = logging.getLogger(__name__)


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
        lowered = name.lower().replace("-", "_")
        if lowered.startswith("zh"):
            return "zh_CN"
        if lowered.startswith("en"):
            return "en"
    return "en"


def core_language(ui_language: str) -> str:
    """The language the core's bilingual messages are shown in for ``ui_language``: "en" or "zh"."""
    return language_code(ui_language)


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
    if language_code(previous.name()) != language_code(language):
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
