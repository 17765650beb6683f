"""Reading scanned files as text, without ever executing or importing them."""

from __future__ import annotations

import codecs
import re
from typing import Tuple

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class SourceError(Exception):
    """A file that cannot be read as Python source; the message says why."""


def decode_source(data: bytes) -> Tuple[str, str]:
    """Decode Python source bytes the way the interpreter would (PEP 263 / PEP 3120).

    Returns ``(text, encoding)``. A UTF-8 BOM is stripped; an encoding cookie on line 1 or 2 is
    honoured. Raises :class:`SourceError` for NUL bytes (binary files), unknown encodings and
    undecodable bytes.
    """
    if b"\x00" in data:
        raise SourceError("contains NUL bytes (binary file?)")
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8-sig"
    else:
        for line in data.split(b"\n", 2)[:2]:
            m = _COOKIE.match(line)
            if m:
                encoding = m.group(1).decode("ascii", "replace")
                break
            if line.strip() and not line.lstrip().startswith(b"#"):
                break
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise SourceError(f"unknown source encoding {encoding!r}") from None
    # bytes-to-bytes and str-to-str codecs (rot13, base64, zlib, uu ...) are not source encodings;
    # the interpreter refuses them too
    if not getattr(info, "_is_text_encoding", True):
        raise SourceError(f"{encoding!r} is not a text encoding")
    try:
        text = data.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None
    except (UnicodeError, LookupError, ValueError, TypeError) as exc:
        # codecs such as 'undefined' or 'punycode' fail in their own ways
        raise SourceError(f"cannot be decoded as {encoding}: {type(exc).__name__}") from None
    return text, encoding
