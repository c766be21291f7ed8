"""Lets oscrypto (under flask-ask-sdk's certificate checks) start on OpenSSL 3.0.10 and later.

Call `apply()` before anything imports flask_ask_sdk, ask_sdk_webservice_support.verifier,
certvalidator or oscrypto.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

# oscrypto 1.3.0, the last release, reads the libcrypto version with `\d\.\d\.\d[a-z]*`, which
# misses two-digit patch levels such as 3.0.19 and so raises LibraryNotFoundError on import
# (wbond/oscrypto issues #75 and #78, fixed on main but never released): its two libcrypto
# modules are loaded with the upstream regex, and a copy that no longer has the old one is left alone.
_BROKEN = r"'\\b(\\d\\.\\d\\.\\d[a-z]*)\\b'"
_FIXED = r"'\\b(\\d\\.\\d\\.\\d+[a-z]*)\\b'"
_MODULES = frozenset({"oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes"})


class _PatchedSourceLoader(importlib.abc.Loader):
    def __init__(self, source: str, origin: str) -> None:
        self._source = source
        self._origin = origin

    def exec_module(self, module: ModuleType) -> None:
        # Compiled from the patched text every time: no bytecode cache that the stock loader
        # could later mistake for the file on disk.
        exec(compile(self._source, self._origin, "exec"), module.__dict__)


class _OscryptoVersionFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        source = spec.loader.get_source(fullname)
        if source is None or _BROKEN not in source:
            return None  # already fixed (a newer oscrypto): import it unchanged
        spec.loader = _PatchedSourceLoader(source.replace(_BROKEN, _FIXED), spec.origin or fullname)
        spec.cached = None
        return spec


def apply() -> None:
    """Installs the fix for every later import; calling it again does nothing."""
    if not any(isinstance(finder, _OscryptoVersionFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OscryptoVersionFinder())
