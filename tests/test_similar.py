"""KB402 finds the same idea told twice across dimensions, and leaves different ideas on one topic alone."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kb import loader
from kb.checks import similar

# a background of unrelated entries, so document frequencies are like a real catalogue's
_BACKGROUND = {
    f"bg-{i}": text for i, text in enumerate([
        "理论学习不够深入系统，满足于读原文、记笔记，联系实际思考不够",
        "调查研究不够深入，到基层一线的次数偏少，听汇报多、看现场少",
        "落实民主集中制不够到位，有的事项会前沟通不充分",
        "意识形态阵地管理还有盲区，对内部刊物、讲座报告会底数不清",
        "为民服务意识不强，对群众反映的问题回应不够及时",
        "批评与自我批评开展不够经常，相互提醒多、点问题少",
        "整改落实不够彻底，有的问题反弹回潮",
        "干部队伍建设缺乏系统谋划，专业人才储备不足",
    ] * 1)
}


def test_the_same_scenario_in_two_dimensions_is_flagged_and_a_different_one_is_not():
    texts = dict(_BACKGROUND)
    texts["discipline-1"] = ("支部对党员八小时以外的情况掌握不多。支部对党员的管理局限于工作时间和工作场所，"
                             "对党员的社交圈、生活圈、朋友圈了解不够，与党员家属基本没有联系")
    texts["integrity-1"] = ("对党员八小时以外的情况掌握不多。支部对党员的了解主要局限于工作时间和工作表现，"
                            "对党员八小时以外的社交圈、生活圈、朋友圈关注不够，与党员家属沟通联系很少")
    texts["integrity-2"] = ("公务用车监管平台装而不用。单位公务用车已全部接入监管平台，但平台数据主要用于派车调度，"
                            "对非工作时间出车、偏离报备路线的情况缺少预警")
    pairs = similar.similar_pairs(texts)
    assert [(a, b) for a, b, _ in pairs] == [("integrity-1", "discipline-1")]
    assert similar.THRESHOLD <= pairs[0][2] < 1


def test_the_index_finds_what_comparing_all_pairs_finds():
    cat, _ = loader.load(ROOT)
    texts = {f"{k}:{e.id}": similar.text_of(e) for k in similar.KINDS for e in cat.table(k).values()}
    texts = dict(itertools.islice(texts.items(), 0, None, 3))  # a third: all pairs stay quick
    vecs, _ = similar.vectors(texts)
    threshold = 0.2
    brute = {tuple(sorted(p, reverse=True)) for p in itertools.combinations(vecs, 2)
             if similar.cosine(vecs[p[0]], vecs[p[1]]) >= threshold}
    assert {(a, b) for a, b, _ in similar.similar_pairs(texts, threshold)} == brute


def _brute(texts: dict[str, str], threshold: float) -> list[tuple[str, str, float]]:
    vecs, _ = similar.vectors(texts)
    return sorted((b, a, score) for a, b in itertools.combinations(sorted(vecs), 2)
                  if (score := similar.cosine(vecs[a], vecs[b])) >= threshold)


# a small alphabet makes shared n-grams, common and rare ones, likely; punctuation, an underscore
# and a space are dropped before n-grams are taken, and a character outside the BMP takes two
# UTF-16 units but is one character here as in the definition
_CHARS = st.sampled_from(list("党员学习理论不够深入，。 _") + ["𠀀", "a"])


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(_CHARS, max_size=30), min_size=2, max_size=40),
       threshold=st.floats(0.05, 0.95))
def test_the_fast_pairs_are_exactly_the_pairs_all_pairs_cosine_finds(texts, threshold):
    """The sparse-matrix search (rare n-grams multiplied out, common ones bounded) returns the
    same pairs and the same scores, to the last bit, as comparing every pair with the plain
    dict vectors."""
    named = {f"t{i:02}": t for i, t in enumerate(texts)}
    assert similar.similar_pairs(named, threshold) == _brute(named, threshold)


def test_the_fast_pairs_are_exact_on_real_entries_with_many_near_misses():
    """Real entries at a low threshold: hundreds of pairs, and many more candidates near the
    line, each decided as the definition decides it."""
    cat, _ = loader.load(ROOT)
    texts = {f"{k}:{e.id}": similar.text_of(e) for k in similar.KINDS for e in cat.table(k).values()}
    texts = dict(itertools.islice(texts.items(), 0, None, 4))
    pairs = similar.similar_pairs(texts, 0.12)
    assert len(pairs) > 20
    assert pairs == _brute(texts, 0.12)


def test_texts_with_too_many_characters_for_one_sort_key_give_the_same_matrix_and_pairs(monkeypatch):
    """An n-gram's code and its text's index share one 64-bit sort key while the texts use a few
    thousand distinct characters; with more (forced here by allowing the key no bits) the codes are
    numbered first. Both ways give the same matrix, and the pairs the definition gives."""
    cat, _ = loader.load(ROOT)
    texts = {f"{k}:{e.id}": similar.text_of(e) for k in similar.KINDS for e in cat.table(k).values()}
    texts = dict(itertools.islice(texts.items(), 1, None, 6))
    cleaned = [similar._NOISE.sub("", t) for t in texts.values()]
    one_key = similar._matrix(cleaned)
    monkeypatch.setattr(similar, "_KEY_BITS", 0)
    numbered = similar._matrix(cleaned)
    assert (one_key[0] != numbered[0]).nnz == 0 and one_key[0].nnz > 10000
    assert one_key[1].tolist() == numbered[1].tolist() and one_key[2].tolist() == numbered[2].tolist()
    pairs = similar.similar_pairs(texts, 0.12)
    assert len(pairs) > 5
    assert pairs == _brute(texts, 0.12)


def test_the_catalogue_has_no_duplicate_in_substance():
    cat, _ = loader.load(ROOT)
    assert [f"{f.path}:{f.line}: {f.message}" for f in similar.check(cat)] == []


def test_a_catalogue_too_small_for_document_frequencies_is_not_checked(tmp_path):
    # the mini project's entries share their markup probes (<script>…) and nothing else; with a
    # handful of entries every shared phrase looks rare, so reporting them would be noise
    from conftest import make_project
    cat, _ = loader.load(make_project(tmp_path, ROOT / "tests" / "fixtures" / "mini" / "data"))
    assert len([e for k in similar.KINDS for e in cat.table(k).values()]) < similar.MIN_ENTRIES
    assert similar.check(cat) == []


def test_kb_check_reports_a_reworded_copy_in_another_dimension(tmp_path):
    """Bad input: the real catalogue plus an issue that retells integrity-027's scenario under
    discipline in other words. `kb check` names the file, line, code and the twin, with a tip."""
    from conftest import make_project, run_kb
    project = make_project(tmp_path, ROOT / "data")
    (project / "data/issues/discipline/discipline-999.yml").write_text(
        "id: discipline-999\ndimension: discipline\n"
        "headline: 党员同管理服务对象打交道时的纪律界限讲得不清\n"
        "body: 对党员和管理服务对象、项目合作方之间的往来，支部研判廉洁风险不深，接受宴请、收受礼品礼金、"
        "参加对方安排的旅游娱乐，哪些能做、哪些不能做，没有结合岗位讲具体；非工作往来怎样报告、谁来跟踪，"
        "也没有立下规矩，提醒基本只在节前转发通知。\n"
        "levels: [branch]\ncauses: [cause-100]\nremedies: [remedy-128]\n", encoding="utf-8")
    result = run_kb(project, "check", "--strict")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stdout.splitlines() if " KB402 " in ln]
    assert len(lines) == 1, result.stdout
    # reported on the later file of the pair, naming the other
    assert lines[0].startswith("data/issues/integrity/integrity-027.yml:5: KB402 ")
    assert "data/issues/discipline/discipline-999.yml（discipline-999）" in lines[0] and "（提示：" in lines[0]
    assert " KB401 " not in result.stdout
