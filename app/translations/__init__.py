"""Compiled translations (``gemini_desk_<locale>.qm``), built by ``scripts/translations``.

The ``.qm`` files are build output (git-ignored); their sources are in ``resources/translations``.
"""
