"""Table cells as text in Vietnamese number formats (Word, PDF), or as Excel number formats."""

from chiso.domain.formatting import vn_number
from chiso.reports.document import Cell

# Excel stores numbers; a Vietnamese-locale Excel shows these formats with a decimal comma and dot thousands.
EXCEL_FORMATS = {"text": "@", "int": "#,##0", "dec2": "#,##0.00", "pct1": "0.0", "signed2": "+#,##0.00;-#,##0.00;0.00"}


def cell_text(value: Cell, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str) or fmt == "text":
        return str(value)
    if fmt == "int":
        return vn_number(value, 0)
    if fmt == "pct1":
        return vn_number(value, 1)
    if fmt == "signed2":
        return ("+" if value > 0 else "") + vn_number(value, 2)
    return vn_number(value, 2)
