"""The ``tls-off-options`` section of the Python models: per library, the options that switch
certificate checks off when set true, given to that library's constructor either as an item of
an options dict (yt-dlp's ``YoutubeDL({"nocheckcertificate": True})``) or as a keyword
(``httplib2.Http(disable_ssl_certificate_validation=True)``). The ``tls-verify-disabled`` rule
reads them (``engines/semgrep/catalogrules.py`` writes one pattern per row)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Tuple

from ._yaml import ModelError


@dataclass(frozen=True)
class TlsOffOption:
    """``calls``: the constructors (last name) that take the options; ``keys``: dict items,
    ``keywords``: keyword arguments, that turn the checks off when true; ``detail``: what the
    library's documentation says of them."""

    library: str
    calls: Tuple[str, ...]
    keys: Tuple[str, ...]
    keywords: Tuple[str, ...]
    detail: str


class TlsRows:
    """Mixed into the Python models' loader (``m``)."""

    def section_tls_off_options(self, value: Dict[str, Any], name: str, section: str) -> None:
        if not isinstance(value, dict):
            raise ModelError(f"{name}: {section} maps a library to its options")
        for lib, row in value.items():
            where = f"{name} {section} {lib}"
            calls, keys, kws = (tuple(str(x) for x in (row or {}).get(k) or ()) for k in ("calls", "keys", "keywords"))
            if not calls or not (keys or kws) or not isinstance(row.get("detail"), str):
                raise ModelError(f"{where}: a row needs calls, keys or keywords, and detail")
            self.m.tls_off_options.append(TlsOffOption(str(lib), calls, keys, kws, row["detail"]))
