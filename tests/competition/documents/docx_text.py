"""Reading a generated .docx back with python-docx, as the acceptance asks."""

import io

import docx


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """Every paragraph and every table cell (merged cells once), in order, one per line."""
    document = open_docx(content)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    lines.append(cell.text)
    return "\n".join(lines)


def pictures_in(content: bytes) -> int:
    """Inline pictures anywhere in the body (the photo sits in a table cell, which inline_shapes does not see)."""
    body = open_docx(content).element.body
    return len(body.findall(".//" + "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"))
