"""Update checks and verified self-updates (pure Python, no Qt).

- :mod:`.feed`: what the release feed (the GitHub Releases API) says is the newest release;
- :mod:`.schedule`: at most one check a day;
- :mod:`.install_kind`: how this copy was installed, so whether it may update itself and with which file;
- :mod:`.verify`: downloads a release file and proves it genuine with The Update Framework (python-tuf);
- :mod:`.staging`: installs a verified file when the app restarts (never before the user asks).
"""
