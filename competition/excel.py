"""Excel helpers shared by every export.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheet
programs strip before parsing) would be read as a formula when the office opens the file: a name typed by a
candidate could then run a formula on the office's machine (CSV/formula injection). Every exported value
goes through ``safe_cell``.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as written to a cell: text that a spreadsheet would read as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
