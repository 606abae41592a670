"""Vietnamese text: NFC storage, accent-insensitive keys and tone-placement-insensitive name matching."""

import re
import unicodedata

# Old-style tone placement puts the mark on the first vowel of "oa", "oe", "uy" ("hòa", "thủy");
# new-style puts it on the second ("hoà", "thuỷ"). Matching keys use old style consistently.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_NEW_STYLE = re.compile(r"([oO])([aAeE])([" + _TONES + r"])|([uU])([yY])([" + _TONES + r"])")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC with surrounding whitespace removed and inner runs of whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _old_style(decomposed: str) -> str:
    def move(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)

    return _NEW_STYLE.sub(move, decomposed)


def name_key(text: str) -> str:
    """A key for matching names: case-folded, tone placement unified, diacritics kept.

    ``name_key("Phường Hoà Bình") == name_key("phường hòa bình")`` but
    ``name_key("Hòa") != name_key("Hóa")``.
    """
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold())
    return unicodedata.normalize("NFC", _old_style(decomposed))


def ascii_key(text: str) -> str:
    """A key without any diacritics, for enumerations typed in ASCII ("Truc tuyen", "ngay lam viec")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


_UNIT_PREFIX = re.compile(r"^(ubnd|ủy ban nhân dân)\s+")


def unit_key(text: str) -> str:
    """A unit's name for matching (``name_key``), the "UBND" prefix left out: "UBND Phường Hòa Bình" and
    "Phường Hoà Bình" match."""
    return _UNIT_PREFIX.sub("", name_key(text))
