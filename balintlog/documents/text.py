"""A document's layout as Markdown or as one self-contained HTML page."""

from __future__ import annotations

from html import escape

from balintlog.documents.model import Barcode, Layout, Para, Signature, Table, Title
from balintlog.i18n import current_language


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(layout: Layout) -> str:
    """The document as Markdown (barcodes as their numbers)."""
    out: list[str] = []
    for element in layout.elements:
        if isinstance(element, Title):
            out += [f"# {element.text}", ""]
        elif isinstance(element, Para):
            text = element.text.replace("\n", "  \n")
            out += [f"**{text}**" if element.strong else text, ""]
        elif isinstance(element, Table):
            out.append("| " + " | ".join(_md_cell(h) for h in element.headers) + " |")
            out.append("|" + "---|" * len(element.headers))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in element.rows]
            out.append("")
        elif isinstance(element, Barcode):
            out += [f"{element.label}: `{element.value}`", ""]
        elif isinstance(element, Signature):
            out += [element.place_date, "", "\\_" * 30, "", element.caption, ""]
    return "\n".join(out).rstrip() + "\n"


def html(layout: Layout) -> str:
    """The document as one HTML page, ready to print (barcodes as their numbers)."""
    body: list[str] = []
    for element in layout.elements:
        if isinstance(element, Title):
            body.append(f"<h1>{escape(element.text)}</h1>")
        elif isinstance(element, Para):
            text = escape(element.text).replace("\n", "<br>")
            body.append(f"<p><strong>{text}</strong></p>" if element.strong else f"<p>{text}</p>")
        elif isinstance(element, Table):
            head = "".join(f"<th>{escape(h)}</th>" for h in element.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in element.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(element, Barcode):
            body.append(f'<p>{escape(element.label)}: <span class="number">{escape(element.value)}</span></p>')
        elif isinstance(element, Signature):
            body.append(
                f'<div class="signature"><span>{escape(element.place_date)}</span>'
                f'<span class="line">{escape(element.caption)}</span></div>'
            )
    style = (
        "body{font-family:'DejaVu Sans',sans-serif;max-width:42em;margin:2em auto;font-size:11pt}"
        "table{border-collapse:collapse;width:100%;margin:1em 0}"
        "td,th{border:1px solid #999;padding:.3em;text-align:left}"
        ".number{font-family:monospace;letter-spacing:.1em}"
        ".signature{display:flex;justify-content:space-between;margin-top:3em}"
        ".signature .line{border-top:1px solid #000;min-width:45%;padding-top:.2em;font-size:9pt}"
    )
    lang = current_language().split("_")[0]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(layout.title)}</title><style>{style}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
