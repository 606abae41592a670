"""Vietnamese number formats: decimal comma, dot for thousands."""


def vn_number(value: float, decimals: int = 0) -> str:
    """``vn_number(443565) == '443.565'``, ``vn_number(53.13, 2) == '53,13'``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(value: float, decimals: int = 1) -> str:
    return vn_number(value, decimals) + "%"

