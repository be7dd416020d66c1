"""A document's layout as PDF, made in-process with fpdf2, in DejaVu Sans
(shipped in ``fonts/``, free licence there) so that every name prints,
beyond Latin-1 too; the EFN and VNR also as Code 39 barcodes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from balintlog.documents.model import Barcode, Layout, Para, Signature, Table, Title

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
#: Width of a narrow Code 39 bar in mm (wide bars are three times it).
NARROW = 0.33
BAR_HEIGHT = 10.0


def code39_text(value: str) -> str:
    """What fpdf2's ``code39`` draws for ``value``: the digits between the
    start and stop characters."""
    return f"*{value}*"


def render(layout: Layout, *, author: str = "") -> bytes:
    """The PDF of ``layout`` (A4, one page for a block day's certificate)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(layout.title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("balintlog")
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for element in layout.elements:
        _draw(pdf, element)
    return bytes(pdf.output())


def _draw(pdf: FPDF, element: object) -> None:
    width = pdf.epw
    if isinstance(element, Title):
        pdf.set_font(FAMILY, "B", 18)
        pdf.multi_cell(width, 10, element.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    elif isinstance(element, Para):
        pdf.set_font(FAMILY, "B" if element.strong else "", 10.5)
        pdf.multi_cell(width, 5.5, element.text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    elif isinstance(element, Table):
        _table(pdf, element)
    elif isinstance(element, Barcode):
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(22, 5, f"{element.label}:", new_x="RIGHT", new_y="TOP")
        x, y = pdf.get_x(), pdf.get_y()
        pdf.set_fill_color(0, 0, 0)
        pdf.code39(code39_text(element.value), x=x, y=y, w=NARROW, h=BAR_HEIGHT)
        pdf.set_xy(pdf.l_margin + 22, y + BAR_HEIGHT + 0.5)
        pdf.cell(0, 4.5, element.value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif isinstance(element, Signature):
        pdf.ln(8)
        pdf.set_font(FAMILY, "", 10)
        half = width / 2 - 5
        y = pdf.get_y()
        pdf.cell(half, 5, element.place_date, new_x="RIGHT", new_y="TOP")
        pdf.set_x(pdf.l_margin + width / 2 + 5)
        pdf.line(pdf.get_x(), y + 5, pdf.get_x() + half, y + 5)
        pdf.set_xy(pdf.l_margin + width / 2 + 5, y + 6)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.multi_cell(half, 4.5, element.caption, align="L", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, table: Table) -> None:
    total = sum(table.widths) or len(table.headers)
    widths = [pdf.epw * w / total for w in (table.widths or (1,) * len(table.headers))]
    pdf.set_font(FAMILY, "", 9.5)
    with pdf.table(col_widths=widths, line_height=5.5, text_align="LEFT", first_row_as_headings=True) as drawn:
        header = drawn.row()
        for text in table.headers:
            header.cell(text)
        for values in table.rows:
            row = drawn.row()
            for text in values:
                row.cell(text)
    pdf.ln(2)
