"""Bytes to text for pages whose charset may be wrong, missing or lying.

Crawled pages declare charsets badly: legacy labels on UTF-8 bytes, no declaration at all, UTF-16
without a byte-order mark. `decode_html` never raises; it says in its warnings what it guessed.
"""

from __future__ import annotations

import codecs
import re

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
# WHATWG: these labels mean windows-1252 in browsers, which is what servers actually send.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# Python codec names of single-byte Latin-script code pages (not Cyrillic, Greek, Hebrew...).
_LATIN_SINGLE_BYTE = frozenset(
    "cp1250 cp1252 cp1254 cp1257 mac-roman mac-latin2 iso8859-1 iso8859-2 iso8859-3 iso8859-4 "
    "iso8859-9 iso8859-10 iso8859-13 iso8859-14 iso8859-15 iso8859-16".split()
)


def _fits(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes to text: (text, encoding used, warnings). Never raises.

    Order: BOM; valid UTF-8 (a declared legacy charset on valid non-ASCII UTF-8 is almost
    always a mislabel); the HTTP `charset` or the page's own meta/XML declaration; detection
    (charset_normalizer via trafilatura); finally cp1252 with replacement characters.
    """
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc, warnings
            except UnicodeDecodeError:
                break
    bare16 = _bare_utf16(data)
    if bare16:
        try:
            return data.decode(bare16), bare16, [*warnings, f"charset: {bare16} without BOM"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    declared = [charset]
    for rx in (_META_CHARSET, _XML_ENCODING):
        m = rx.search(head)
        if m:
            declared.append(m.group(1).decode("ascii", "ignore"))
    for label in declared:
        enc = _codec(label)
        if enc and not enc.startswith("utf"):
            try:
                return data.decode(enc), enc, warnings
            except UnicodeDecodeError:
                warnings.append(f"charset: declared {label!r} does not fit the bytes")
    try:
        from trafilatura.utils import detect_encoding

        for guess in detect_encoding(data):
            enc = _codec(guess)
            if enc in _LATIN_SINGLE_BYTE and enc != "cp1252" and _fits(data, "cp1252"):
                # Latin-script code pages differ only in a few accented letters, where the
                # detector guesses from too little evidence; undeclared pages from English
                # and western European publishers are windows-1252.
                enc = "cp1252"
            if enc:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                warnings.append(f"charset: detected {enc}")
                return text, enc, warnings
    except Exception as err:  # detection is best effort; the lossy decode below always works
        warnings.append(f"charset: detection failed ({type(err).__name__})")
    warnings.append("charset: unknown, decoded as cp1252 with replacements")
    return data.decode("cp1252", errors="replace"), "cp1252", warnings


def _bare_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII markup leaves a zero in every other byte."""
    sample = data[:512]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
GZIP_MAGIC = b"\x1f\x8b"


def looks_binary(data: bytes) -> str | None:
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            return {b"%PDF": "PDF", b"\x1f\x8b": "gzip"}.get(magic, "binary file")
    sample = data[:2048]
    if (
        sample.count(0) > len(sample) // 10
        and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
        and not _bare_utf16(data)
    ):
        return "binary data"
    return None
