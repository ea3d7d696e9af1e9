"""Deterministic synthetic catalogues in the real format, for the benchmark and the search tests.

`write(root, n, seed)` writes root/data/ with n searchable records in all: issues, causes,
remedies and report paragraphs (the report items that cite entries are extra, as in the real
catalogue). Text is composed clause by clause from a domain lexicon and from general words of
jieba's dictionary (the pinned jieba's, so the output depends on the seed alone), in randomly
chosen sentence shapes, so that fragments vary the way real text does instead of repeating a
few fixed clauses. Files are written with the same YAML layout contributors use and pass the loader.

    python bench/synth.py OUT N [--seed S]
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import jieba
import yaml

REPO = Path(__file__).resolve().parent.parent
DIMENSIONS = [("study", "理论学习"), ("politics", "政治素质"), ("ability", "能力本领"),
              ("commitment", "担当作为"), ("conduct", "工作作风"), ("integrity", "廉洁自律"),
              ("organization", "组织建设"), ("vanguard", "先锋模范"), ("rectification", "整改落实"),
              # the real catalogue's later dimensions, which the copied keyword vocabulary names too
              ("party-spirit", "党性修养"), ("discipline", "纪律规矩"), ("governance", "管党治党")]
LEVELS = ["team", "branch", "individual"]
ROOTS = ["theory", "ideals", "purpose", "party-spirit", "responsibility", "conduct", "discipline", "governance"]
PATTERNS = ["zhong-qing", "duo-shao", "suiran-dan", "manzu-yu", "xiguan-yu", "zai-shang", "cunzai", "hai-bu"]

# Domain words: what these reports talk about, and how they qualify it.
TOPICS = """理论学习 政治理论 党的创新理论 业务知识 调查研究 民主集中制 组织生活 三会一课 谈心谈话
意识形态工作 党风廉政建设 作风建设 基层党建 党员教育管理 制度执行 整改落实 工作机制 干部队伍
群众工作 服务意识 担当精神 斗争本领 改革创新 风险防控 统筹协调 责任落实 督促检查 学习成果
思想认识 政治站位 宗旨意识 纪律规矩 廉洁自律 工作作风 履职尽责 专题研讨 中心组学习 主体责任
监督责任 一岗双责 民主评议 批评和自我批评 理想信念 初心使命 党性修养 工作标准 考核评价 激励机制
典型引领 示范带动 第一议题 政治生态 廉政风险 警示教育 主题党日 党建品牌 支部书记 党员干部
青年干部 业务工作 中心工作 重点任务 工作部署 问题清单 整改台账 长效机制 制度建设 服务群众
联系群众 基层一线 作风纪律 八项规定 四风问题 形式主义 官僚主义 文山会海 督查检查 调研成果
决策部署 政策落实 营商环境 安全生产 财务管理 经费使用 公务接待 选人用人 梯队建设 能力培训""".split()
VERBS = """抓好 落实 推进 深化 强化 提升 加强 完善 健全 压实 贯彻 学习 研究 部署 检查 督导 整改
解决 统筹 谋划 把握 运用 转化 带动 引领 推动 坚持 树立 践行 锤炼 锻造 发挥 创新 拓展 优化
规范 跟进 回应 对标 对表 聚焦 破解 补齐 筑牢 守住 扛起 担起 盯紧 压紧 细化 量化 固化""".split()
FLAWS = """不够深入 不够扎实 不够到位 有所松懈 有所弱化 还不够强 时紧时松 浅尝辄止 流于形式 不够系统
不够及时 不够主动 有待提高 仍有差距 较为薄弱 比较单一 不够精准 力度不够 效果不明显 存在短板
缺乏韧劲 办法不多 思路不宽 标准不高 要求不严 落实不细 跟踪不紧 成效不彰 质量不高 针对性不强""".split()
ADVERBS = """切实 持续 深入 认真 扎实 全面 主动 及时 严格 坚决 着力 进一步 不断 始终 真正 自觉""".split()
OPENERS = ["有时", "个别时候", "在具体工作中", "从实际情况看", "对照要求", "反思起来", "客观地说",
           "一段时间以来", "特别是", "尤其是", "同时", "此外", "另一方面"]


def _general_words() -> dict[str, list[str]]:
    """Common Chinese words from jieba's dictionary by part of speech, for variety."""
    by_pos: dict[str, list[str]] = {"n": [], "v": [], "a": [], "d": [], "vn": [], "i": []}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, pos = line.split()
            if pos in by_pos and 2 <= len(word) <= 4 and int(freq) >= 300 and \
                    all("\u4e00" <= c <= "\u9fff" for c in word):
                by_pos[pos].append(word)
    return {pos: sorted(words) for pos, words in by_pos.items()}


class Writer:
    """Chinese clauses and sentences in the register of these reports, from a seeded RNG."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        g = _general_words()
        self.nouns = TOPICS * 40 + g["n"] + g["vn"]
        self.verbs = VERBS * 40 + g["v"]
        self.adjs = g["a"]
        self.advs = ADVERBS * 4 + g["d"]
        self.idioms = g["i"]

    def pick(self, words: list[str]) -> str:
        return self.rng.choice(words)

    def clause(self) -> str:
        r, n, v = self.rng, lambda: self.pick(self.nouns), lambda: self.pick(self.verbs)
        shape = r.randrange(12)
        if shape == 0:
            return f"{self.pick(self.advs)}{v()}{n()}"
        if shape == 1:
            return f"{n()}{self.pick(FLAWS)}"
        if shape == 2:
            return f"在{v()}{n()}上{self.pick(FLAWS)}"
        if shape == 3:
            return f"对{n()}{v()}{self.pick(FLAWS)}"
        if shape == 4:
            return f"重{v()}、轻{v()}"
        if shape == 5:
            return f"存在{self.pick(self.adjs)}{n()}的问题"
        if shape == 6:
            return f"{v()}{n()}的{n()}还不够{self.pick(self.adjs)}"
        if shape == 7:
            return f"满足于{v()}了、{v()}了"
        if shape == 8:
            return f"“{self.pick(self.idioms)}”的现象{r.choice(['仍然存在', '时有发生', '没有根除'])}"
        if shape == 9:
            return f"{r.choice(OPENERS)}{v()}{n()}{r.randint(2, 12)}次"
        if shape == 10:
            return f"{n()}与{n()}结合{self.pick(FLAWS)}"
        return f"{v()}{n()}、{v()}{n()}"

    def sentence(self, clauses: tuple[int, int] = (2, 4)) -> str:
        parts = [self.clause() for _ in range(self.rng.randint(*clauses))]
        return "，".join(parts) + self.rng.choice("。。。；")[0]

    def paragraph(self, low: int, high: int) -> str:
        text = ""
        while len(text) < low:
            text += self.sentence()
        return _cut(text, high).rstrip("，。；、") + "。"

    def title(self, low: int, high: int) -> str:
        text = self.clause()
        while len(text) < low:
            text += "，" + self.clause()
        return _cut(text, high).rstrip("，、")


def _cut(text: str, length: int) -> str:
    """At most `length` characters, never ending inside a “quotation”."""
    text = text[:length]
    if text.count("“") > text.count("”"):
        text = text[:text.rfind("“")]
    return text


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                              sort_keys=False, width=10**6), encoding="utf-8")


def counts(n: int, per_report: int = 25) -> dict[str, int]:
    reports = max(1, n // 250)
    rest = n - reports * per_report
    issues = rest * 2 // 3
    causes = (rest - issues) // 2
    return {"issue": issues, "cause": causes, "remedy": rest - issues - causes,
            "report": reports, "paragraphs": reports * per_report}


def write(root: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write root/data/ (replacing it) with n searchable records; returns the counts."""
    w, rng = Writer(seed), random.Random(seed + 1)
    c = counts(n)
    data = root / "data"
    shutil.rmtree(data, ignore_errors=True)
    for shared in ("vocab", "schema"):
        shutil.copytree(REPO / "data" / shared, data / shared)
    for order, (d, name) in enumerate(DIMENSIONS, 1):
        _dump(data / "dimensions" / f"{d}.yml", {"id": d, "name": name, "order": order * 10,
                                                 "description": w.paragraph(30, 80)})
    frameworks = {
        "fw-six": ("六个方面", [[d] for d, _ in DIMENSIONS[:6]]),
        "fw-four": ("四个对照", [["organization", "study"], ["politics", "commitment"],
                                 ["rectification"], ["conduct", "vanguard"]]),
    }
    for fid, (short, headings) in frameworks.items():
        _dump(data / "frameworks" / f"{fid}.yml", {
            "id": fid, "title": f"合成框架“{short}”", "short": short, "year": 2023, "held": "2024年初",
            "meeting": "组织生活会", "levels": LEVELS, "source": "基准测试生成的框架。", "confidence": "unsure",
            "headings": [{"title": w.title(4, 12), "dimensions": dims} for dims in headings]})
    causes = [f"cause-{k:04d}" for k in range(1, c["cause"] + 1)]
    remedies = [f"remedy-{k:04d}" for k in range(1, c["remedy"] + 1)]
    for cid in causes:
        _dump(data / "causes" / f"{cid}.yml", {"id": cid, "title": w.title(6, 14), "body": w.paragraph(120, 280),
                                               "root": rng.choice(ROOTS), "levels": rng.sample(LEVELS, rng.randint(1, 2))})
    for rid in remedies:
        _dump(data / "remedies" / f"{rid}.yml", {"id": rid, "title": w.title(8, 16), "body": w.paragraph(120, 280),
                                                 "levels": rng.sample(LEVELS, rng.randint(1, 2))})
    issues: dict[str, list[str]] = {d: [] for d, _ in DIMENSIONS}
    for k in range(c["issue"]):
        d = DIMENSIONS[k % len(DIMENSIONS)][0]
        iid = f"{d}-{len(issues[d]) + 1:03d}"
        issues[d].append(iid)
        entry = {"id": iid, "dimension": d, "headline": w.title(8, 18), "body": w.paragraph(90, 200),
                 "levels": rng.sample(LEVELS, rng.randint(1, 2))}
        if rng.random() < 0.3:
            entry["example"] = "比如，" + w.paragraph(30, 80)
        entry["patterns"] = rng.sample(PATTERNS, rng.randint(0, 2))
        # every cause and remedy is cited at least once (issues outnumber them), as `kb check` expects
        entry["causes"] = list(dict.fromkeys([causes[k % len(causes)], *rng.sample(causes, rng.randint(0, 1))]))
        entry["remedies"] = list(dict.fromkeys([remedies[k % len(remedies)], *rng.sample(remedies, rng.randint(0, 1))]))
        _dump(data / "issues" / d / f"{iid}.yml", {k: v for k, v in entry.items() if v != []})
    all_issues = [(d, i) for d in issues for i in issues[d]]
    for k in range(1, c["report"] + 1):
        six = [dims[0] for dims in frameworks["fw-six"][1]]
        subsections = []
        for h, d in enumerate(six, 1):
            pool = issues[d] or [i for _, i in all_issues]
            items = [{"label": label, "ref": ref} for label, ref in zip(("一是", "二是", "三是"), rng.sample(pool, min(3, len(pool))))]
            items.append({"label": "此外", "text": w.paragraph(60, 200)})
            subsections.append({"label": f"（{'一二三四五六'[h - 1]}）", "heading": f"{dict(DIMENSIONS)[d]}方面",
                                "framework_heading": h, "lead": w.paragraph(20, 60), "items": items})
        report = {
            "id": f"report-{k:03d}", "title": f"合成范文第{k}篇：{w.title(6, 20)}", "source": "基准测试生成。",
            "year": 2023, "meeting": "组织生活会", "level": rng.choice(LEVELS), "framework": "fw-six",
            "opening": w.paragraph(120, 300),
            "sections": [
                {"kind": "rectification", "label": "一、", "title": "上年度整改落实情况",
                 "paragraphs": [w.paragraph(80, 250) for _ in range(9)]},
                {"kind": "problems", "label": "二、", "title": "存在的主要问题", "subsections": subsections},
                {"kind": "causes", "label": "三、", "title": "问题根源", "lead": w.paragraph(20, 60),
                 "items": [{"ref": ref} for ref in rng.sample(causes, min(4, len(causes)))]},
                {"kind": "remedies", "label": "四、", "title": "整改措施", "lead": w.paragraph(20, 60),
                 "items": [{"ref": ref} for ref in rng.sample(remedies, min(4, len(remedies)))]},
            ],
            "closing": w.paragraph(40, 120),
        }
        _dump(data / "reports" / f"report-{k:03d}.yml", report)
    return c


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    print(write(args.out, args.n, args.seed))


if __name__ == "__main__":
    main()
