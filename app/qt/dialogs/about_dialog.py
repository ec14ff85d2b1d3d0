"""Help → About: the app's version, where it keeps its data, and the licences of what it is built from."""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app import __version__
from app.qt.follows_changes import FollowsLanguageAndTheme

# What the app is built from and the licence each is used under (SPDX), by distribution name. Kept here, not
# read from the installed packages: a bundle may carry no package metadata, and the list must not go blank.
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0-only"),
    ("Python", "", "PSF-2.0"),
    ("qasync", "qasync", "BSD-2-Clause"),
    ("httpx", "httpx", "BSD-3-Clause"),
    ("keyring", "keyring", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("markdown-it-py", "markdown-it-py", "MIT"),
    ("mdit-py-plugins", "mdit-py-plugins", "MIT"),
    ("linkify-it-py", "linkify-it-py", "MIT"),
    ("ziamath", "ziamath", "MIT"),
    ("Pygments", "Pygments", "BSD-2-Clause"),
    ("orjson", "orjson", "Apache-2.0 OR MIT"),
    ("python-tuf", "tuf", "Apache-2.0 OR MIT"),
    ("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
)


def component_version(distribution: str) -> str:
    """The installed version of ``distribution`` ("" when the bundle carries no metadata for it)."""
    if not distribution:
        return sys.version.split()[0]
    if distribution == "PySide6-Essentials":
        return qVersion()
    # Imported here, when the dialog is opened: importlib.metadata costs 10-20 ms of start-up otherwise.
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


class AboutDialog(FollowsLanguageAndTheme, QDialog):
    """The About box: name, version, data folder (selectable, to find the files), and the licences.

    Args:
        data_folder: Where conversations and settings are kept.
        parent: The main window.
    """

    def __init__(self, data_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self._data_folder = data_folder

        self.title_label = QLabel(self)
        self.title_label.setObjectName("aboutTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("aboutDataFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.licences = QTextBrowser(self)
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenLinks(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(520, 460)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Gemini Desk"))
        name, shown_version = self.tr("Gemini Desk"), self.tr("Version {0}").format(__version__)
        self.title_label.setText(f"<h2>{html.escape(name)}</h2><p>{html.escape(shown_version)}</p>")
        self.folder_label.setText(
            self.tr("Your conversations and settings are kept in:\n{0}").format(self._data_folder)
        )
        self.licences.setAccessibleName(self.tr("Licences"))
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(component_version(distribution))}</td><td>{html.escape(licence)}</td></tr>"
            for name, distribution, licence in COMPONENTS
        )
        own = html.escape(self.tr("Gemini Desk is free software under the MIT License."))
        built = html.escape(self.tr("It is built with these components, under their own licences:"))
        self.licences.setHtml(f"<p>{own}</p><p>{built}</p><table cellpadding='3'>{rows}</table>")
