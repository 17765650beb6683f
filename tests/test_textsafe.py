import random
import sys
import unicodedata

import pytest

from mcpaudit.textsafe import is_literal_safe, literal


def _unsafe_chars(text):
    """Characters a terminal interprets or a reader cannot see."""
    bad = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\t":
            continue
        if cat in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            bad.append(ch)
    return bad


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x1b]8;;http://evil\x07click\x1b]8;;\x07", "\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07"),
        ("a\x00b", "a\\x00b"),
        ("back\x08space", "back\\x08space"),
        ("del\x7f", "del\\x7f"),
        ("csi\x9b31m", "csi\\x9b31m"),  # C1 CSI
        ("osc\x9d0;title\x9c", "osc\\x9d0;title\\x9c"),  # C1 OSC ... ST
        ("nel\x85", "nel\\x85"),
        ("line1\nline2", "line1\\nline2"),
        ("over\rwrite", "over\\rwrite"),
        ("crlf\r\n", "crlf\\r\\n"),
        ("vt\x0bff\x0c", "vt\\x0bff\\x0c"),
    ],
)
def test_controls_are_escaped(raw, expected):
    assert literal(raw) == expected


@pytest.mark.parametrize(
    "cp", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
)
def test_bidi_controls_are_visible(cp):
    out = literal(f"a{chr(cp)}b")
    assert out == "a<U+%04X>b" % cp


@pytest.mark.parametrize("cp", [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x3164, 0x115F, 0x034F])
def test_zero_width_and_invisible_are_visible(cp):
    assert literal(chr(cp)) == "<U+%04X>" % cp


def test_tag_characters_ascii_smuggling_is_visible():
    smuggled = "".join(chr(0xE0000 + ord(c)) for c in "rm -rf")
    out = literal("ok" + smuggled)
    assert out == "ok<U+E0072><U+E006D><U+E0020><U+E002D><U+E0072><U+E0066>"


def test_line_and_paragraph_separators_and_surrogates():
    assert literal("a\u2028b\u2029c") == "a<U+2028>b<U+2029>c"
    lone = b"caf\xff".decode("utf-8", "surrogateescape")
    out = literal(lone)
    assert out == "caf<U+DCFF>"
    out.encode("utf-8")  # now encodable


def test_keeps_tabs_and_normal_unicode():
    text = "\tcafé 中文 naïve Ωμέγα emoji \U0001f600 ✓ — “quotes” \u00a0nbsp"
    assert literal(text) == text


def test_rich_markup_is_not_touched():
    # escaping markup is the reporter's job (it builds Text objects); literal keeps it verbatim
    assert literal("[red]boom[/red] [link=http://x]") == "[red]boom[/red] [link=http://x]"


def test_newlines_option():
    assert literal("a\nb\r\nc\rd", newlines=True) == "a\nb\nc\\rd"
    assert literal("a\x1b\nb\u202e", newlines=True) == "a\\x1b\nb<U+202E>"


def test_none_and_non_str():
    assert literal(None) == ""
    assert literal(42) == "42"


def test_idempotent():
    raw = "x\x1b[0m\u202e\u200b\n\ttab"
    once = literal(raw)
    assert literal(once) == once


def test_is_literal_safe():
    assert is_literal_safe("plain é\t")
    assert not is_literal_safe("a\x1bb")
    assert not is_literal_safe("a\nb")
    assert is_literal_safe("a\nb", newlines=True)
    assert not is_literal_safe("a\u202eb", newlines=True)


def test_every_control_and_format_character_is_escaped():
    """Covers every Cc/Cf/Cs/Zl/Zp code point the running Python's Unicode database knows."""
    missed = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ch == "\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            if literal(ch) == ch:
                missed.append(hex(cp))
    assert missed == []


def test_random_strings_never_leak_unsafe_characters():
    rng = random.Random(1234)
    pools = [
        (0, 0x200),
        (0x2000, 0x2070),
        (0xFE00, 0x10000),
        (0xE0000, 0xE0080),
        (0xD800, 0xE000),
        (0x4E00, 0x4E40),
    ]
    for _ in range(2000):
        chars = []
        for _ in range(rng.randint(0, 40)):
            lo, hi = rng.choice(pools)
            chars.append(chr(rng.randrange(lo, hi)))
        raw = "".join(chars)
        out = literal(raw)
        assert _unsafe_chars(out) == []
        out.encode("utf-8")
        kept = literal(raw, newlines=True)
        assert _unsafe_chars(kept.replace("\n", "")) == []
