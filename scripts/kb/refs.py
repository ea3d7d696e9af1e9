"""Reference checks: every id an entry names must exist, of the right kind; causes and remedies are
reachable from issues; every dimension's issues are answered by causes and remedies."""
from __future__ import annotations

from .findings import Finding, finding, rule
from .model import SECTION_REF_KIND, KIND_NAMES, Catalogue

rule("KB201", "error", "引用的条目不存在", "检查编号拼写，或先新建被引用的条目。")
rule("KB202", "warning", "没有问题表述链接到此条目",
     "在相应问题表述的 causes 或 remedies 中加上此编号，否则读者只能在总列表里看到它。")
rule("KB203", "warning", "维度缺少原因或措施",
     "为该维度的问题表述在 causes / remedies 中链接合适的原因剖析和整改措施。")
rule("KB204", "error", "范文重复引用同一条目", "同一篇范文中每个条目只引用一次；重复的段落改用 text 写出原文。")
rule("KB210", "error", "取值不在词表中",
     "改为词表中的编号之一（报告中列出了可选的编号）；确需新的取值，先在 data/vocab/ 的相应词表中增加一项。")
rule("KB211", "warning", "roles 只用于个人层级",
     "roles 区分个人对照检查中的领导干部和普通党员：在 levels 中加上 individual，或删去 roles。")

# vocabularies an entry may name, with what the findings call them; levels, roots and patterns keep
# KB201 (their findings predate KB210), the vocabularies of the meeting's other texts use KB210
VOCAB_WORDS = {"levels": "层级", "roots": "根源", "patterns": "句式", "sectors": "行业领域", "roles": "身份",
               "targets": "批评对象", "parts": "段落部分", "meetings": "会议类型"}
_KB201_VOCABS = ("levels", "roots", "patterns")
# list fields naming a vocabulary, on the kinds that have them
_LISTS = {"issue": ("levels", "sectors", "roles"), "cause": ("levels", "sectors", "roles"),
          "remedy": ("levels", "sectors", "roles"), "criticism": ("levels", "sectors", "roles"),
          "passage": ("levels", "sectors", "roles", "meetings")}


def _targets(cat: Catalogue):
    """(entry, field path, target kind or vocab name, id) for every reference in the catalogue."""
    for f in cat.frameworks.values():
        for n, lv in enumerate(f.levels):
            yield f, ("levels", n), "levels", lv
        for h, heading in enumerate(f.headings):
            for n, d in enumerate(heading.dimensions):
                yield f, ("headings", h, "dimensions", n), "dimension", d
    for kind, names in _LISTS.items():
        for e in cat.table(kind).values():
            for name in names:
                for n, ref in enumerate(getattr(e, name)):
                    yield e, (name, n), name, ref
    for c in cat.criticisms.values():
        yield c, ("target",), "targets", c.target
        yield c, ("dimension",), "dimension", c.dimension
    for p in cat.passages.values():
        yield p, ("part",), "parts", p.part
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
        for where, ref in _report_refs(r):
            yield r, where, SECTION_REF_KIND.get(r.sections[where[1]].kind), ref


def _report_refs(r):
    """(field path, id) for every item of a report that cites an entry, in reading order."""
    for s, section in enumerate(r.sections):
        places = [(("sections", s, "items", n), it) for n, it in enumerate(section.items)]
        places += [(("sections", s, "subsections", b, "items", n), it)
                   for b, sub in enumerate(section.subsections) for n, it in enumerate(sub.items)]
        for where, item in places:
            if item.ref:
                yield where + ("ref",), item.ref


def check(cat: Catalogue, failed=frozenset()) -> list[Finding]:
    """failed: holds (kind, id) of entry files that did not load (`in` is all it needs). A reference to one of them, or to a
    vocabulary that did not load, is not reported: the broken file's own finding is the one cause."""
    out = []
    for entry, where, target, ref in _targets(cat):
        if target is None:
            out.append(finding("KB201", entry.path, entry.src.line(where),
                               f"“{ref}”：此部分不是问题、原因或措施，不能引用条目"))
            continue
        if target in VOCAB_WORDS and target not in cat.vocab:
            continue
        table = cat.vocab[target] if target in VOCAB_WORDS else cat.table(target)
        # failed is asked only about a missing reference: listing it globs every entry file
        if ref not in table and (target, ref) not in failed:
            what = VOCAB_WORDS.get(target) or KIND_NAMES[target]
            field = ".".join(str(p) for p in where)
            if target in VOCAB_WORDS and target not in _KB201_VOCABS:
                out.append(finding("KB210", entry.path, entry.src.line(where),
                                   f"{field} 的{what} “{ref}” 不在 data/vocab/{target}.yml 中（可选：{'、'.join(table) or '词表为空'}）"))
                continue
            out.append(finding("KB201", entry.path, entry.src.line(where),
                               f"{field} 引用的{what} “{ref}” 不存在"))
    for r in cat.reports.values():
        fw = cat.frameworks.get(r.framework)
        for s, section in enumerate(r.sections):
            for b, sub in enumerate(section.subsections):
                if fw and sub.framework_heading > len(fw.headings):
                    out.append(finding("KB201", r.path, r.src.line(("sections", s, "subsections", b, "framework_heading")),
                                       f"框架 “{fw.id}” 只有 {len(fw.headings)} 个方面，没有第 {sub.framework_heading} 个"))
    return out + _unlinked(cat) + _coverage(cat) + _repeated_in_report(cat) + _roles_without_individual(cat)


def _roles_without_individual(cat: Catalogue) -> list[Finding]:
    return [finding("KB211", e.path, e.src.line(("roles",)),
                    f"写了 roles，但 levels（{'、'.join(e.levels)}）中没有 individual")
            for kind in _LISTS for e in cat.table(kind).values() if e.roles and "individual" not in e.levels]


def _unlinked(cat: Catalogue) -> list[Finding]:
    out = []
    for kind in ("cause", "remedy"):
        for e in cat.table(kind).values():
            if not cat.cited_by(kind, e.id):
                out.append(finding("KB202", e.path, e.src.line(("id",)),
                                   f"{KIND_NAMES[kind]} “{e.id}” 没有被任何问题表述引用"))
    return out


def _coverage(cat: Catalogue) -> list[Finding]:
    out = []
    for d in cat.dimensions.values():
        issues = cat.issues_of(d.id)
        missing = [KIND_NAMES[k] for k, field in (("cause", "causes"), ("remedy", "remedies"))
                   if issues and not any(getattr(i, field) for i in issues)]
        if missing:
            out.append(finding("KB203", d.path, d.src.line(("id",)),
                               f"维度 “{d.id}” 有 {len(issues)} 条问题表述，但没有一条链接{'和'.join(missing)}"))
    return out


def _repeated_in_report(cat: Catalogue) -> list[Finding]:
    out = []
    for r in cat.reports.values():
        seen: set[str] = set()
        for where, ref in _report_refs(r):
            if ref in seen:
                out.append(finding("KB204", r.path, r.src.line(where), f"“{ref}” 在本篇中已引用过"))
            seen.add(ref)
    return out
