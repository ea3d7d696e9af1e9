"""The layout profile (data/vocab/layout.yml, already schema-checked) as Word units.

Word measures lengths in twips (1/20 pt) and font sizes in half-points; the profile speaks
millimetres and points as GB/T 9704 does. Everything derived from the profile is computed here,
so the template, the report files and the browser writer cannot drift apart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

ROLES = ("title", "h1", "h2", "body")
TWIPS_PER_MM = 1440 / 25.4


def twips_mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def twips_pt(pt: float) -> int:
    return round(pt * 20)


@dataclass(frozen=True)
class Style:
    role: str
    id: str
    name: str
    font: str
    size_pt: float
    align: str
    indent_chars: int = 0
    space_after_lines: int = 0
    outline_level: int = 0


@dataclass(frozen=True)
class Profile:
    data: dict

    @property
    def latin(self) -> str:
        return self.data["latin_font"]

    @property
    def line_twips(self) -> int:
        return twips_pt(self.data["line_pitch_pt"])

    @property
    def char_spacing_twips(self) -> int:
        """Character spacing (w:spacing of a run, in twips) that makes chars_per_line characters of
        the body size fill a line: 156 mm holds 27.6 characters of 16 pt, so 28 need −0.25 pt each."""
        d = self.data
        width_pt = (d["page"]["width_mm"] - d["margins"]["left_mm"] - d["margins"]["right_mm"]) / 25.4 * 72
        return min(0, math.floor((width_pt / d["chars_per_line"] - self.style("body").size_pt) * 20))

    def styles(self) -> list[Style]:
        return [Style(**s) for s in self.data["styles"]]

    def style(self, role: str) -> Style:
        return next(s for s in self.styles() if s.role == role)

    def fallbacks(self) -> dict[str, str]:
        return {f["name"]: f.get("fallback", "") for f in self.data["fonts"]}

    def problems(self) -> list[tuple[tuple, str]]:
        """(path in the profile, message) for what the schema cannot see: a role missing or twice,
        a font not in the font list, a page that does not hold lines_per_page lines."""
        out = []
        roles = [s["role"] for s in self.data["styles"]]
        for role in ROLES:
            if roles.count(role) != 1:
                out.append((("styles",), f"样式 {role} 应恰好出现一次，现有 {roles.count(role)} 个"))
        ids = [s["id"] for s in self.data["styles"]] + [self.data["page_number"]["id"]]
        if len(set(ids)) != len(ids):
            out.append((("styles",), "样式的 id 有重复"))
        fonts = self.fallbacks()
        for n, s in enumerate(self.data["styles"]):
            if s["font"] not in fonts:
                out.append((("styles", n, "font"), f"字体 “{s['font']}” 不在 fonts 中"))
        if self.data["page_number"]["font"] not in fonts:
            out.append((("page_number", "font"), f"字体 “{self.data['page_number']['font']}” 不在 fonts 中"))
        if self.data["page_number"]["format"].count("{PAGE}") != 1:
            out.append((("page_number", "format"), "页码的写法中应恰好有一处 {PAGE}"))
        m, page = self.data["margins"], self.data["page"]
        height_pt = (page["height_mm"] - m["top_mm"] - m["bottom_mm"]) / 25.4 * 72
        lines = int(height_pt / self.data["line_pitch_pt"] + 1e-6)
        if lines != self.data["lines_per_page"]:
            out.append((("lines_per_page",), f"版心高 {height_pt:.1f} pt 按行距 {self.data['line_pitch_pt']} pt "
                                             f"排 {lines} 行，与 lines_per_page {self.data['lines_per_page']} 不符"))
        return out
