"""The library's looks appended to ``xl/styles.xml``; existing entries never move or change."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import cast

from cchc_sheets.read.ooxml import xml_unescape
from cchc_sheets.write.cell_xml import _esc_attr
from cchc_sheets.write.xlsx_patch.edits import DATE_FORMAT, DATETIME_FORMAT, NS_MAIN, XML_DECL, Cell, _Refuse
from cchc_sheets.write.xlsx_patch.xml_text import _CHILD_RE, _ROOT_RE, _attrs, _element, _root_prefix
from cchc_sheets.write.xlsx_patch.zip_package import _Package

_Look = tuple[tuple[str, object], ...]  # (field, value) overrides of an xf; hashable for caching


def _look(cell: Cell) -> _Look | None:
    """What a cell's look overrides: a whole Style, or only a date format for a bare date."""
    date_format = None
    if isinstance(cell.value, dt.date):
        date_format = DATETIME_FORMAT if isinstance(cell.value, dt.datetime) else DATE_FORMAT
    style = cell.style
    if style is None:
        return (("numfmt", date_format),) if date_format else None
    return (("font", (style.bold, _argb(style.font_color))), ("fill", _argb(style.fill)),
            ("wrap", style.wrap), ("numfmt", style.number_format or date_format))


def _argb(color: str | None) -> str | None:
    """``"C00000"`` or ``"#c00000"`` -> ``"FFC00000"``."""
    if color is None:
        return None
    color = color.lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}([0-9A-F]{2})?", color):
        raise ValueError(f"bad colour {color!r} (expected RRGGBB)")
    return color if len(color) == 8 else "FF" + color


_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4,
                    "0%": 9, "0.00%": 10, "0.00E+00": 11, "@": 49}
_XF_ORDER = ("numFmtId", "fontId", "fillId", "borderId", "xfId", "quotePrefix", "pivotButton",
             "applyNumberFormat", "applyFont", "applyFill", "applyBorder", "applyAlignment",
             "applyProtection")
_FONT_ORDER = {name: i for i, name in enumerate(
    ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
     "name", "family", "charset", "scheme"))}
_MINIMAL_STYLES = (
    XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


class _Styles:
    """Appends the library's looks to ``xl/styles.xml``; existing entries never move or change.

    Every look is first searched among the existing entries by its exact text, so a second run
    finds what the first appended and leaves the part byte-identical.
    """

    def __init__(self, package: _Package, part: str | None) -> None:
        self.package = package
        self.part = part
        self.text = ""
        self.loaded = False
        self.cache: dict[tuple[str | None, _Look], str] = {}

    def resolve(self, base: str | None, cell: Cell) -> str | None:
        """The ``s`` index for *cell* written over a cell formatted as *base*."""
        look = _look(cell)
        if look is None:
            return base
        key = (base, look)
        if key not in self.cache:
            self.cache[key] = str(self._derive(int(base or 0), look))
        return self.cache[key]

    def changed(self) -> bool:
        return self.loaded and (self.part is None or self.text != self.package.text(self.part))

    def _load(self) -> None:
        if self.loaded:
            return
        self.text = self.package.text(self.part) if self.part else _MINIMAL_STYLES
        self.p = _root_prefix(self.text)
        self.fonts = self._items("fonts", "font")
        self.fills = self._items("fills", "fill")
        self.xfs = self._items("cellXfs", "xf")
        self.numfmts = {xml_unescape(a.get("formatCode", "")): int(a.get("numFmtId", "0"))
                        for a in map(_attrs, self._items("numFmts", "numFmt"))}
        self.loaded = True

    def _block(self, name: str) -> re.Match[str] | None:
        return _element(self.p, name).search(self.text)

    def _items(self, block: str, item: str) -> list[str]:
        match = self._block(block)
        return [m[0] for m in _element(self.p, item).finditer(match["body"] or "")] if match else []

    def _derive(self, base: int, look: _Look) -> int:
        self._load()
        if not self.xfs:
            raise _Refuse("styles.xml has no cell formats")
        xf = _Xf.parse(self.xfs[base] if base < len(self.xfs) else self.xfs[0], self.p)
        for name, value in look:
            if name == "font":
                bold, color = cast(tuple[bool, str | None], value)
                xf.set("fontId", self._font(int(xf.attrs.get("fontId", "0")), bold, color), "applyFont")
            elif name == "fill":
                xf.set("fillId", self._fill(value), "applyFill")  # type: ignore[arg-type]
            elif name == "numfmt":
                xf.set("numFmtId", self._numfmt(value), "applyNumberFormat")  # type: ignore[arg-type]
            elif name == "wrap":
                xf.wrap(bool(value))
        return self._find_or_append("cellXfs", self.xfs, xf.render(self.p))

    def _font(self, base: int, bold: bool, color: str | None) -> int:
        source = self.fonts[base] if base < len(self.fonts) else f"<{self.p}font/>"
        match = _element(self.p, "font").match(source)
        p = self.p
        children = [(m[2], m[0]) for m in _CHILD_RE.finditer((match and match["body"]) or "")
                    if m[2] not in ("b", "color")]
        children += ([("b", f"<{p}b/>")] if bold else []) + ([("color", f'<{p}color rgb="{color}"/>')] if color else [])
        children.sort(key=lambda child: _FONT_ORDER.get(child[0], len(_FONT_ORDER)))  # Excel's own order
        return self._find_or_append("fonts", self.fonts, f"<{p}font>{''.join(c for _, c in children)}</{p}font>")

    def _fill(self, color: str | None) -> int:
        if color is None:
            return 0
        p = self.p
        text = (f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{color}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')
        return self._find_or_append("fills", self.fills, text)

    def _numfmt(self, code: str | None) -> int:
        if code is None:
            return 0
        if code in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[code]
        if code not in self.numfmts:
            number = max([163, *self.numfmts.values()]) + 1
            item = f'<{self.p}numFmt numFmtId="{number}" formatCode="{_esc_attr(code)}"/>'
            if self._block("numFmts") is None:
                root_end = _ROOT_RE.search(self.text)
                start_end = self.text.index(">", root_end.end()) + 1 if root_end else 0
                self.text = self.text[:start_end] + f'<{self.p}numFmts count="0"></{self.p}numFmts>' + self.text[start_end:]
            self._append("numFmts", item, len(self.numfmts) + 1)
            self.numfmts[code] = number
        return self.numfmts[code]

    def _find_or_append(self, block: str, items: list[str], text: str) -> int:
        if text in items:
            return items.index(text)
        items.append(text)
        self._append(block, text, len(items))
        return len(items) - 1

    def _append(self, block: str, item: str, count: int) -> None:
        """Put *item* at the end of *block* and set its ``count`` attribute."""
        match = self._block(block)
        if match is None:
            raise _Refuse(f"styles.xml has no {block}")
        attrs = re.sub(r'(?<=\s)count="[^"]*"', f'count="{count}"', match["attrs"])
        if match["body"] is None:
            new = f"<{self.p}{block}{attrs.rstrip()}>{item}</{self.p}{block}>"
            self.text = self.text[:match.start()] + new + self.text[match.end():]
            return
        head = f"<{self.p}{block}{attrs}>"
        self.text = (self.text[:match.start()] + head + match["body"] + item
                     + self.text[match.end("body"):])


@dataclass(slots=True)
class _Xf:
    """A cell format (``<xf>``) taken apart just enough to override a few of its fields."""

    attrs: dict[str, str]
    alignment: dict[str, str] | None
    others: list[str]  # protection, extLst: kept as written

    @classmethod
    def parse(cls, text: str, p: str) -> _Xf:
        match = _element(p, "xf").match(text)
        if match is None:
            raise _Refuse("unreadable cell format in styles.xml")
        alignment, others = None, []
        for child in _CHILD_RE.finditer(match["body"] or ""):
            if child[2] == "alignment":
                alignment = _attrs(child[3])
            else:
                others.append(child[0])
        return cls(_attrs(match["attrs"]), alignment, others)

    def set(self, name: str, value: int, apply: str) -> None:
        self.attrs[name] = str(value)
        self.attrs[apply] = "1"

    def wrap(self, on: bool) -> None:
        alignment = {k: v for k, v in (self.alignment or {}).items() if k != "wrapText"}
        if on:
            alignment["wrapText"] = "1"
        self.alignment = alignment
        self.attrs["applyAlignment"] = "1"

    def render(self, p: str) -> str:
        """Canonical text: the same fields always give the same bytes (idempotent styles)."""
        rank = {name: i for i, name in enumerate(_XF_ORDER)}
        names = sorted(self.attrs, key=lambda n: rank.get(n, len(rank)))
        attrs = "".join(f' {n}="{self.attrs[n]}"' for n in names)
        children = ""
        if self.alignment:
            children = f"<{p}alignment" + "".join(f' {k}="{v}"' for k, v in self.alignment.items()) + "/>"
        children += "".join(self.others)
        return f"<{p}xf{attrs}>{children}</{p}xf>" if children else f"<{p}xf{attrs}/>"
