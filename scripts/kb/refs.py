"""Reference checks: every id an entry names must exist, of the right kind."""
from __future__ import annotations

from .findings import Finding, finding
from .model import SECTION_REF_KIND, KIND_NAMES, Catalogue


def _targets(cat: Catalogue):
    """(entry, field path, target kind or vocab name, id) for every reference in the catalogue."""
    for f in cat.frameworks.values():
        for n, lv in enumerate(f.levels):
            yield f, ("levels", n), "levels", lv
        for h, heading in enumerate(f.headings):
            for n, d in enumerate(heading.dimensions):
                yield f, ("headings", h, "dimensions", n), "dimension", d
    for kind in ("issue", "cause", "remedy"):
        for e in cat.table(kind).values():
            for n, lv in enumerate(e.levels):
                yield e, ("levels", n), "levels", lv
    for i in cat.issues.values():
        yield i, ("dimension",), "dimension", i.dimension
        for field, target in (("causes", "cause"), ("remedies", "remedy"), ("patterns", "patterns")):
            for n, ref in enumerate(getattr(i, field)):
                yield i, (field, n), target, ref
    for c in cat.causes.values():
        yield c, ("root",), "roots", c.root
    for r in cat.reports.values():
        yield r, ("level",), "levels", r.level
        yield r, ("framework",), "framework", r.framework
        for s, section in enumerate(r.sections):
            target = SECTION_REF_KIND.get(section.kind)
            places = [(("sections", s, "items", n), it) for n, it in enumerate(section.items)]
            places += [(("sections", s, "subsections", b, "items", n), it)
                       for b, sub in enumerate(section.subsections) for n, it in enumerate(sub.items)]
            for where, item in places:
                if item.ref:
                    yield r, where + ("ref",), target, item.ref


def check(cat: Catalogue) -> list[Finding]:
    out = []
    for entry, where, target, ref in _targets(cat):
        if target is None:
            out.append(finding("KB201", entry.path, entry.src.line(where),
                               f"“{ref}”：此部分不是问题、原因或措施，不能引用条目"))
            continue
        table = cat.vocab.get(target, {}) if target in ("levels", "roots", "patterns") else cat.table(target)
        if ref not in table:
            what = {"levels": "层级", "roots": "根源", "patterns": "句式"}.get(target) or KIND_NAMES[target]
            field = ".".join(str(p) for p in where)
            out.append(finding("KB201", entry.path, entry.src.line(where),
                               f"{field} 引用的{what} “{ref}” 不存在"))
    for r in cat.reports.values():
        fw = cat.frameworks.get(r.framework)
        for s, section in enumerate(r.sections):
            for b, sub in enumerate(section.subsections):
                if fw and sub.framework_heading > len(fw.headings):
                    out.append(finding("KB201", r.path, r.src.line(("sections", s, "subsections", b, "framework_heading")),
                                       f"框架 “{fw.id}” 只有 {len(fw.headings)} 个方面，没有第 {sub.framework_heading} 个"))
    return out
