"""Writes the default Word templates (``manage.py build_document_templates``); the office may replace each.

The templates are committed under ``templates/``; run this after changing a layout here, and commit the result.
Fields are docxtpl (Jinja) tags: ``{{ name }}``, and ``{%tr for ... %}`` for table rows repeated per item.
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .kinds import (
    APPLICATION_FORM,
    APPOINTMENT_NOTICE,
    APPROVAL_FORM,
    CERTIFICATE,
    DECISION_RECORD,
    PUBLICITY_NOTICE,
    SELECTION_RECORD,
    TEMPLATES,
)


def _document(font: str = "宋体", size: int = 12) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return document


def _paragraph(document, text: str = "", *, size: int | None = None, bold: bool = False, align=None, indent=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    return paragraph


def _title(document, text: str, size: int = 18):
    return _paragraph(document, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _grid(document, rows: list[list[str | tuple[str, int]]], columns: int, widths: list[int] | None = None):
    """A bordered table; a cell given as (text, span) spans that many columns; ``widths`` in millimetres."""
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths:  # Word reads the cells' widths, LibreOffice the grid's: set both
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            target = table.cell(r, c)
            if span > 1:
                target = target.merge(table.cell(r, c + span - 1))
            target.text = text
            c += span
    return table


def _merge_down(table, column: int, first: int, last: int, text: str):
    cell = table.cell(first, column).merge(table.cell(last, column))
    cell.text = text


# The forms' seven columns: label, value, label, value, label, value, photo (a 25 mm portrait).
FORM_WIDTHS = [24, 22, 20, 22, 24, 24, 30]


def _family(document):
    rows = [
        ["称谓", "姓名", "出生年月", "政治面貌", ("工作单位及职务", 2)],
        ["{%tr for m in family %}", "", "", "", ("", 2)],
        ["{{ m.relation }}", "{{ m.name }}", "{{ m.birth_month }}", "{{ m.political_status }}", ("{{ m.work }}", 2)],
        ["{%tr endfor %}", "", "", "", ("", 2)],
    ]
    _paragraph(document, "家庭主要成员及重要社会关系", bold=True)
    _grid(document, rows, 6, [18, 20, 24, 26, 39, 39])


def application_form(document) -> None:
    _title(document, "{{ campaign }}报名表")
    _paragraph(document, "报名职位：{{ proposed_post }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    rows = [
        ["姓名", "{{ name }}", "性别", "{{ sex }}", "出生年月（岁）", "{{ birth_month }}（{{ age }}岁）", ""],
        ["民族", "{{ ethnicity }}", "籍贯", "{{ native_place }}", "出生地", "{{ birthplace }}", ""],
        ["政治面貌", "{{ political_status }}", "入党时间", "{{ party_date }}", "参加工作时间", "{{ work_started }}", ""],
        ["健康状况", "{{ health }}", "专业技术职务", ("{{ professional_title }}", 3), ""],
        ["全日制教育", ("{{ fulltime_education }} {{ fulltime_degree }}", 2), "毕业院校系及专业", ("{{ fulltime_school }}", 3)],
        ["在职教育", ("{{ inservice_education }} {{ inservice_degree }}", 2), "毕业院校系及专业", ("{{ inservice_school }}", 3)],
        ["现工作单位及职务", ("{{ current_post }}", 6)],
        ["现职务层次（职级）及任职时间", ("{{ rank }}（{{ rank_since }}）", 6)],
        ["联系电话", ("{{ phone }}", 2), "电子邮箱", ("{{ email }}", 3)],
        ["工作简历", ("{{ resume }}", 6)],
        ["奖惩情况", ("{{ rewards_penalties }}", 6)],
        ["近三年年度考核结果", ("{{ annual_assessments }}", 6)],
        ["竞岗理由", ("{{ statement }}", 6)],
        ["本人承诺", ("本人所填信息真实、准确、完整，如有虚假，自愿取消竞岗资格。（{{ declaration_signed_on }}在线签署）", 6)],
        ["资格审核意见", ("{{ review }}", 6)],
    ]
    table = _grid(document, rows, 7, FORM_WIDTHS)
    _merge_down(table, 6, 0, 3, "{{ photo }}")
    _family(document)
    _paragraph(document, "报名时间：{{ applied_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def approval_form(document) -> None:
    _title(document, "干部任免审批表")
    rows = [
        ["姓名", "{{ name }}", "性别", "{{ sex }}", "出生年月（岁）", "{{ birth_month }}（{{ age }}岁）", ""],
        ["民族", "{{ ethnicity }}", "籍贯", "{{ native_place }}", "出生地", "{{ birthplace }}", ""],
        ["入党时间", "{{ party_date }}", "参加工作时间", "{{ work_started }}", "健康状况", "{{ health }}", ""],
        ["专业技术职务", ("{{ professional_title }}", 5), ""],
        ["学历学位：全日制教育", ("{{ fulltime_education }} {{ fulltime_degree }}", 2), "毕业院校系及专业", ("{{ fulltime_school }}", 3)],
        ["学历学位：在职教育", ("{{ inservice_education }} {{ inservice_degree }}", 2), "毕业院校系及专业", ("{{ inservice_school }}", 3)],
        ["现任职务", ("{{ current_post }}", 6)],
        ["拟任职务", ("{{ proposed_post }}", 6)],
        ["拟免职务", ("{{ removed_post }}", 6)],
        ["简历", ("{{ resume }}", 6)],
        ["奖惩情况", ("{{ rewards_penalties }}", 6)],
        ["年度考核结果", ("{{ annual_assessments }}", 6)],
        ["任免理由", ("{{ reasons }}", 6)],
    ]
    table = _grid(document, rows, 7, FORM_WIDTHS)
    _merge_down(table, 6, 0, 3, "{{ photo }}")
    _family(document)
    _paragraph(document, "")
    _grid(
        document,
        [
            ["呈报单位", ("{{ submitting_unit }}（盖章）", 2), "审批机关意见", ("{{ approval_opinion }}\n（盖章）{{ decided_on }}", 2)],
            ["行政机关任免意见", ("", 2), "备注", ("{{ probation }}", 2)],
        ],
        6,
    )
    _paragraph(document, "填表时间：{{ today }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def publicity_notice(document) -> None:
    # The same text as the notice's page (templates/competition/publicity/_notice.html), from the same context.
    _title(document, "{{ campaign }}拟任人选任前公示")
    _paragraph(
        document,
        "根据{{ basis }}等有关规定，经{{ campaign }}{{ procedure }}，现将拟任人选予以公示：",
        indent=True,
    )
    rows = [
        ["姓名", "性别", "民族", "籍贯", "出生年月", "学历学位", "政治面貌（入党时间）", "参加工作时间", "现任职务和职级", "拟任职务"],
        ["{%tr for c in candidates %}", "", "", "", "", "", "", "", "", ""],
        [
            "{{ c.name }}", "{{ c.sex }}", "{{ c.ethnicity }}", "{{ c.native_place }}", "{{ c.birth_month }}",
            "{{ c.education_degree }}", "{{ c.political }}", "{{ c.work_started }}", "{{ c.current_post_and_rank }}",
            "{{ c.proposed_post }} {{ c.exception }}",
        ],
        ["{%tr endfor %}", "", "", "", "", "", "", "", "", ""],
    ]
    table = _grid(document, rows, 10, [13, 9, 9, 13, 16, 24, 20, 16, 24, 22])
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    _paragraph(document, "公示期：{{ start }}至{{ end }}（{{ working_days }}个工作日）。", indent=True)
    _paragraph(
        document,
        "公示期间，单位和个人可通过电话、信函、来访等方式，向{{ issuer.department }}反映拟任人选在政治品质、道德品行、"
        "工作能力、廉洁自律等方面的情况和问题。提倡实名反映，匿名反映也予受理，反映人可不留联系方式。对反映人信息严格保密。",
        indent=True,
    )
    _paragraph(document, "举报电话：{{ issuer.report_phone }}。", indent=True)
    _paragraph(document, "组织部门举报电话：{{ issuer.report_line }}。", indent=True)
    _paragraph(document, "举报网站：{{ issuer.report_website }}。", indent=True)
    _paragraph(document, "来信地址：{{ issuer.letters_address }}（邮编{{ issuer.letters_postcode }}）。", indent=True)
    _paragraph(document, "来访地址：{{ issuer.visits_address }}；接待时间：{{ issuer.visits_hours }}。", indent=True)
    _paragraph(document, "反映方式：{{ contact }}", indent=True)
    _paragraph(document, "{{ note }}", indent=True)
    _paragraph(document, "{{ issuer.department }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ signed_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def decision_record(document) -> None:
    # The same record as the decision's page (templates/competition/decision/decision_print.html), from one context.
    _title(document, "{{ body }}会议记录")
    _paragraph(document, "{{ meeting_number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _grid(
        document,
        [
            ["会议时间", "{{ meeting_date }}", "会议地点", "{{ place }}"],
            ["主持人", "{{ chair }}", "应到人数／实到人数", "{{ members_total }}人／{{ present_count }}人"],
            ["出席人员", ("{{ present }}", 3)],
            ["缺席人员", ("{{ absent }}", 3)],
        ],
        4,
        [30, 55, 36, 45],
    )
    _paragraph(document, "{%p for item in items %}")
    _paragraph(document, "议题{{ loop.index }}：讨论决定{{ item.proposed_post }}（{{ item.level }}）拟任人选", bold=True)
    _grid(
        document,
        [
            ["拟任人选", "{{ item.candidate }}", "现任职务", "{{ item.current_post }}"],
            ["回避人员", ("{{ item.recused }}", 3)],
            ["考察情况", ("{{ item.inspection }}", 3)],
            ["公示情况", ("{{ item.publicity }}", 3)],
            ["表决情况", ("同意{{ item.agree }}票，不同意{{ item.disagree }}票，缓议{{ item.defer }}票，缺席{{ item.absent_count }}人。", 3)],
            ["表决结果", ("{{ item.result }}", 3)],
            ["会议决定", ("{{ item.sentence }}", 3)],
        ],
        4,
        [30, 55, 36, 45],
    )
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "")
    _paragraph(document, "主持人（签字）：            记录人（签字）：", align=WD_ALIGN_PARAGRAPH.RIGHT)


def appointment_notice(document) -> None:
    # The same notice as its page (templates/competition/formalities/appointment_notice.html), from one context.
    _paragraph(document, "{{ body }}文件", size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "")
    _title(document, "{{ title }}")
    _paragraph(document, "")
    _paragraph(document, "{{ recipients }}", size=16)
    _paragraph(document, "{{ basis }}", size=16, indent=True)
    _paragraph(document, "{{ appointment }}", size=16, indent=True)
    _paragraph(document, "{{ effective }}", size=16, indent=True)
    _paragraph(document, "")
    _paragraph(document, "")
    _paragraph(document, "{{ body }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "（盖章）", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ document_date }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)


def certificate(document) -> None:
    _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "")
    _title(document, "任  命  书", size=26)
    _paragraph(document, "")
    _paragraph(
        document,
        "任命{{ name }}同志为{{ unit }}{{ position }}（{{ level }}），任期自{{ start }}至{{ end }}。{{ probation }}",
        size=16,
        indent=True,
    )
    _paragraph(document, "")
    _paragraph(document, "")
    _paragraph(document, "{{ body }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "（盖章）", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ issued_on }}", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)


def selection_record(document) -> None:
    """The record's sections in order: each its facts, then each table's rows as lines (``{%p %}`` loops)."""
    _title(document, "{{ title }}")
    _paragraph(document, "{{ post }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "{{ made_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{%p for s in sections %}")
    _paragraph(document, "{{ s.number }}. {{ s.title }}", size=14, bold=True)
    _paragraph(document, "{%p for f in s.facts %}")
    _paragraph(document, "{{ f.label }}：{{ f.value }}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p for t in s.tables %}")
    _paragraph(document, "{{ t.caption }}", bold=True)
    _paragraph(document, "{%p for line in t.lines %}")
    _paragraph(document, "{{ line }}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{{ issuer.department }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


BUILDERS = {
    APPLICATION_FORM: application_form,
    APPROVAL_FORM: approval_form,
    PUBLICITY_NOTICE: publicity_notice,
    DECISION_RECORD: decision_record,
    APPOINTMENT_NOTICE: appointment_notice,
    CERTIFICATE: certificate,
    SELECTION_RECORD: selection_record,
}


def build(directory: Path = TEMPLATES) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        document = _document(font="仿宋" if kind in (CERTIFICATE, PUBLICITY_NOTICE, APPOINTMENT_NOTICE) else "宋体")
        builder(document)
        path = directory / f"{kind}.docx"
        document.save(path)
        written.append(path)
    return written


def sample_photo() -> bytes:
    """A neutral placeholder portrait for the sample documents (a grey head and shoulders)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), (225, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 60, 205, 190), fill=(150, 160, 175))
    draw.ellipse((40, 210, 260, 480), fill=(150, 160, 175))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def render_samples(directory: Path) -> list[Path]:
    """Each default template rendered with its sample (what the README shows; what the office can look at)."""
    from .contexts import Picture
    from .kinds import KINDS
    from .services import render_bytes

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        context = kind.sample()
        if "photo" in context:
            context["photo"] = Picture(sample_photo())
        path = directory / f"{kind.name}-sample.docx"
        path.write_bytes(render_bytes(kind.default_path.read_bytes(), context))
        written.append(path)
    return written
