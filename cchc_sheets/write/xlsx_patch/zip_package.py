"""The zip package: entries copied raw or re-compressed, relationships and the workbook part."""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from defusedxml import ElementTree as SafeET

from cchc_sheets.read.package import inflate
from cchc_sheets.write.xlsx_patch.edits import (
    FIXED_TIME,
    MAX_UNPACKED,
    NS_MAIN,
    NS_PKG_REL,
    NS_REL,
    REL_APP,
    REL_OFFICE_DOC,
    REL_STYLES,
    REL_WORKSHEET,
    PatchResult,
    _Refuse,
)


@dataclass(slots=True)
class _Record:
    """One zip entry as written: enough to emit its local header and central record."""

    name: bytes
    flags: int
    method: int
    date_time: tuple[int, ...]
    crc: int
    csize: int
    usize: int
    extra: bytes = b""
    comment: bytes = b""
    create_version: int = 20
    create_system: int = 0
    extract_version: int = 20
    internal_attr: int = 0
    external_attr: int = 0
    offset: int = 0


class _ZipWriter:
    """A minimal zip writer that can copy an entry's compressed bytes untouched.

    The standard zipfile module can only re-compress, which changes the bytes of parts we
    promised to leave alone and costs time on large pictures.
    """

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.records: list[_Record] = []

    def copy_raw(self, info: zipfile.ZipInfo, raw: bytes) -> None:
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        self._write(_Record(
            name=info.orig_filename.encode(encoding), flags=info.flag_bits & ~0x08,
            method=info.compress_type, date_time=info.date_time, crc=info.CRC,
            csize=len(raw), usize=info.file_size, extra=_strip_zip64(info.extra),
            comment=info.comment, create_version=info.create_version,
            create_system=info.create_system, extract_version=info.extract_version,
            internal_attr=info.internal_attr, external_attr=info.external_attr), raw)

    def add(self, name: str, data: bytes, like: zipfile.ZipInfo | None) -> None:
        method = zipfile.ZIP_STORED if like and like.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
        raw = data
        if method == zipfile.ZIP_DEFLATED:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = packer.compress(data) + packer.flush()
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        self._write(_Record(
            name=encoded, flags=flags, method=method, date_time=like.date_time if like else FIXED_TIME,
            crc=zlib.crc32(data), csize=len(raw), usize=len(data),
            external_attr=like.external_attr if like else 0), raw)

    def _write(self, rec: _Record, raw: bytes) -> None:
        rec.offset = self.out.tell()
        if max(rec.offset, rec.csize, rec.usize) >= 0xFFFFFFFF:
            raise _Refuse("package too large (zip64)")
        time, date = _dos_time(rec.date_time)
        self.out.write(struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", rec.extract_version, rec.flags, rec.method, time, date,
            rec.crc, rec.csize, rec.usize, len(rec.name), len(rec.extra)))
        self.out.write(rec.name + rec.extra + raw)
        self.records.append(rec)

    def finish(self, comment: bytes) -> bytes:
        start = self.out.tell()
        for rec in self.records:
            time, date = _dos_time(rec.date_time)
            self.out.write(struct.pack(
                "<4sBBHHHHHIIIHHHHHII", b"PK\x01\x02", rec.create_version, rec.create_system,
                rec.extract_version, rec.flags, rec.method, time, date, rec.crc, rec.csize,
                rec.usize, len(rec.name), len(rec.extra), len(rec.comment), 0,
                rec.internal_attr, rec.external_attr, rec.offset))
            self.out.write(rec.name + rec.extra + rec.comment)
        size = self.out.tell() - start
        if len(self.records) > 0xFFFF:
            raise _Refuse("too many parts (zip64)")
        count = len(self.records)
        self.out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, start, len(comment)))
        self.out.write(comment)
        return self.out.getvalue()


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    year = min(max(year, 1980), 2107)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _strip_zip64(extra: bytes) -> bytes:
    """Drop the zip64 extra field (id 1): its sizes belong to the old record."""
    kept, pos = b"", 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[pos:pos + 4])
        if kind != 1:
            kept += extra[pos:pos + 4 + size]
        pos += 4 + size
    return kept


class _Package:
    """The source zip plus the parts replaced, added and removed by this run."""

    def __init__(self, blob: bytes) -> None:
        if blob[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
            raise _Refuse("not an xlsx (zip) file")
        self.blob = blob
        self.zip = zipfile.ZipFile(io.BytesIO(blob))
        infos = self.zip.infolist()
        if any(info.flag_bits & 0x1 for info in infos):
            raise _Refuse("encrypted zip entries")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise _Refuse("package unpacks to more than 512 MiB")
        self.order = [info.filename for info in infos]
        self.infos = {info.filename: info for info in infos}
        self._by_lower = {name.lower(): name for name in self.order}
        self.new: dict[str, bytes] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()
        self._original: dict[str, bytes] = {}

    def find(self, part: str) -> str | None:
        """The stored name of *part* (OPC part names ignore case), None when absent."""
        name = self._by_lower.get(part.lower())
        return None if name is None or name in self.removed else name

    def read(self, part: str) -> bytes:
        name = self.find(part)
        if name is None:
            raise _Refuse(f"missing part {part}")
        return self.new[name] if name in self.new else self.original(name)

    def text(self, part: str) -> str:
        return self.read(part).decode("utf-8")

    def original(self, name: str) -> bytes:
        if name not in self._original:
            self._original[name] = inflate(self.zip, name, MAX_UNPACKED)  # declared sizes may lie
        return self._original[name]

    def put(self, part: str, data: str | bytes) -> None:
        """Replace an existing part's bytes, or add a new part at the end of the zip."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        name = self.find(part)
        if name is None:
            name = part
            self.added.append(name)
            self._by_lower[name.lower()] = name
        self.new[name] = payload

    def remove(self, part: str) -> None:
        name = self.find(part)
        if name is not None:
            self.removed.add(name)

    def is_changed(self, name: str) -> bool:
        return name in self.new and (name in self.added or self.new[name] != self.original(name))

    def result(self) -> PatchResult:
        changed = tuple(n for n in self.order if n not in self.removed and n not in self.added and self.is_changed(n))
        return PatchResult(changed=changed, added=tuple(self.added),
                           removed=tuple(n for n in self.order if n in self.removed))

    def names_out(self) -> list[str]:
        return [n for n in self.order if n not in self.removed] + self.added

    def build(self) -> bytes:
        """The new package: untouched entries copied raw, changed ones re-compressed."""
        writer = _ZipWriter()
        for name in self.order:
            if name in self.removed:
                continue
            info = self.infos[name]
            if self.is_changed(name):
                writer.add(name, self.new[name], like=info)
            else:
                writer.copy_raw(info, self._raw(info))
        for name in self.added:
            writer.add(name, self.new[name], like=None)
        return writer.finish(self.zip.comment)

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        """The compressed bytes of an entry, read past its local header."""
        head = self.blob[info.header_offset:info.header_offset + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise _Refuse(f"damaged zip entry {info.filename}")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        raw = self.blob[start:start + info.compress_size]
        if len(raw) != info.compress_size:
            raise _Refuse(f"truncated zip entry {info.filename}")
        return raw

    def validate(self, blob: bytes) -> None:
        """Re-open the result: every CRC checks, the part list is right, changed XML parses."""
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            if zf.namelist() != self.names_out():
                raise _Refuse("the new package lists the wrong parts")
            bad = zf.testzip()
            if bad is not None:
                raise _Refuse(f"the new package has a bad entry {bad}")
            for name in self.new:
                if self.is_changed(name) and name.endswith((".xml", ".rels")):
                    SafeET.fromstring(zf.read(name))


# --------------------------------------------------------------------------- relationships & workbook


@dataclass(slots=True)
class _Rel:
    rid: str
    type: str
    part: str  # resolved part name (no leading slash); "" for external targets


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _read_rels(package: _Package, source_part: str) -> list[_Rel]:
    """Relationships of *source_part* (``""`` for the package itself)."""
    rels_part = _rels_part(source_part) if source_part else "_rels/.rels"
    if package.find(rels_part) is None:
        return []
    rels = []
    for el in SafeET.fromstring(package.read(rels_part)):
        if el.tag != f"{{{NS_PKG_REL}}}Relationship":
            continue
        target = unquote(el.get("Target", ""))
        external = el.get("TargetMode") == "External"
        base = posixpath.dirname(source_part)
        part = "" if external else (target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target)))
        rels.append(_Rel(el.get("Id", ""), el.get("Type", ""), part))
    return rels


@dataclass(slots=True)
class _SheetRef:
    name: str
    sheet_id: int
    rid: str
    part: str | None
    is_worksheet: bool


class _Book:
    """What the workbook part says: its sheets, their parts, the styles part, the date system."""

    def __init__(self, package: _Package) -> None:
        office = [r for r in _read_rels(package, "") if r.type == REL_OFFICE_DOC]
        if not office:
            raise _Refuse("no workbook part (not an xlsx, or Strict OOXML)")
        self.part = office[0].part
        self.app_part = next((r.part for r in _read_rels(package, "") if r.type == REL_APP), None)
        root = SafeET.fromstring(package.read(self.part))
        if root.tag != f"{{{NS_MAIN}}}workbook":
            raise _Refuse("unknown workbook format (Strict OOXML?)")
        self.rels = _read_rels(package, self.part)
        by_id = {rel.rid: rel for rel in self.rels}
        pr = root.find(f"{{{NS_MAIN}}}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        self.sheets = []
        for el in root.iter(f"{{{NS_MAIN}}}sheet"):
            rel = by_id.get(el.get(f"{{{NS_REL}}}id", ""))
            self.sheets.append(_SheetRef(
                name=el.get("name", ""), sheet_id=int(el.get("sheetId", "0")),
                rid=el.get(f"{{{NS_REL}}}id", ""), part=rel.part if rel else None,
                is_worksheet=bool(rel and rel.type == REL_WORKSHEET)))
        self.styles_part = next((r.part for r in self.rels if r.type == REL_STYLES and package.find(r.part)), None)

    def worksheet_names(self) -> list[str]:
        return [s.name for s in self.sheets if s.is_worksheet]
