/* 起草台 suggestions: under a framework heading, the issues of its dimensions at the draft's
 * level (and role) first, the rest a click away; under 原因剖析 and 整改措施, those linked from
 * the problems already chosen first. Searching inside the list folds as the phrase engine does.
 * DOM only; the page passes what it shares in `ui` (draft-page.js).
 */
window.KbDraftSuggest = function (ui) {
  "use strict";
  var M = window.KbDraftModel;
  var core = ui.core, el = ui.el, button = ui.button, entries = ui.entries, known = ui.known;

  function levelFits(e) {
    var lv = ui.draft().meta.level;
    if (!lv) return true;
    if (e.levels.indexOf(lv) < 0) return false;
    return !(lv === "individual" && ui.draft().meta.role && e.roles && e.roles.length && e.roles.indexOf(ui.draft().meta.role) < 0);
  }
  function chosenRefs(kind) {
    var out = {};
    M.items(ui.draft()).forEach(function (x) {
      var e = entries[x.item.ref];
      if (e && e.kind === "issue") (kind === "cause" ? e.causes : e.remedies).forEach(function (id) { out[id] = 1; });
    });
    return out;
  }

  function suggest(s, h, anchor) {
    var box = ui.box;
    box.hidden = false;
    box.dataset.s = s;
    box.dataset.h = h;
    box.textContent = "加载中……";
    anchor.after(box);
    var sec = ui.draft().sections[s];
    var kind = { problems: "issue", causes: "cause", remedies: "remedy" }[sec.kind];
    var dims = kind === "issue" ? (h >= 0 ? sec.headings[h].dims : []) : [];
    if (kind === "issue" && !dims.length) dims = core.dims.map(function (d) { return d.id; });
    var need = kind === "issue" ? dims.map(function (d) { return "dim-" + d; }) : [kind === "cause" ? "causes" : "remedies"];
    var issueShards = M.items(ui.draft()).filter(function (x) { return x.item.kind === "issue" && known[x.item.ref]; })
      .map(function (x) { return ui.shardOf(x.item.ref); });
    var t0 = performance.now();
    Promise.all(need.concat(kind === "issue" ? [] : issueShards).map(function (n) {
      return ui.data(n).then(function (list) { return ui.remember(list, n.indexOf("dim-") === 0 ? "issue" : kind); });
    })).then(function () {
      var pool = [];
      need.forEach(function (n) { pool = pool.concat(KbDraftData[n]); });
      var linked = kind === "issue" ? {} : chosenRefs(kind);
      var first = pool.filter(function (e) { return kind === "issue" ? levelFits(e) : linked[e.id]; });
      var rest = pool.filter(function (e) { return first.indexOf(e) < 0; });
      // the project's own models before text taken from an original report (出自范文原文)
      var authored = function (list) { return list.filter(function (e) { return !e.seed; }).concat(list.filter(function (e) { return e.seed; })); };
      first = authored(first);
      rest = authored(rest);
      showSuggestions(box, s, h, kind, first, rest);
      box.dataset.ms = String(performance.now() - t0);
    }, function (err) { box.textContent = String(err.message); });
  }

  function showSuggestions(box, s, h, kind, first, rest) {
    box.textContent = "";
    var used = {};
    M.items(ui.draft()).forEach(function (x) { if (x.item.ref) used[x.item.ref] = 1; });
    var q = el("input", { type: "search", cls: "kb-suggest-q", placeholder: "在这些条目里逐字查找", "aria-label": "在建议中查找" });
    var list = el("ol", { cls: "kb-suggest-list" });
    var showAll = false;
    // 行业: as in the phrase finder, a sector lists exactly the entries written for it
    var sector = el("select", { cls: "kb-suggest-sector", "aria-label": "按行业筛选" });
    sector.appendChild(el("option", { value: "", text: "全部行业" }));
    (core.sectors || []).forEach(function (p) { sector.appendChild(el("option", { value: p[0], text: p[1] })); });
    var what = kind === "issue" ? "本层级的问题表述" : "与已选问题关联的" + (kind === "cause" ? "原因" : "措施");
    var note = el("p", { cls: "kb-suggest-note" });
    var more = button("", function () { showAll = !showAll; draw(); }, "kb-suggest-more");
    function draw() {
      list.textContent = "";
      var needle = ui.fold(q.value).cps.map(function (c) { return String.fromCodePoint(c); }).join("");
      var pool = showAll ? first.concat(rest) : first;
      var shown = 0;
      pool.forEach(function (e) {
        if (sector.value && (e.sectors || []).indexOf(sector.value) < 0) return;
        if (needle && ui.fold(e.text).cps.map(function (c) { return String.fromCodePoint(c); }).join("").indexOf(needle) < 0) return;
        if (shown++ >= 200) return;
        list.appendChild(el("li", { cls: "kb-suggestion", "data-id": e.id }, [
          el("span", { cls: "kb-suggest-text", text: e.text }), " ",
          el("code", { text: e.id }),
          used[e.id] ? el("span", { cls: "kb-suggest-used", text: "（已在草稿中）" }) : null,
          button("加入", function () {
            ui.change(function () { M.addEntry(ui.draft(), s, h, ui.entryForDraft(e)); });
            ui.say("已加入：" + e.id);
          }, "kb-add")]));
      });
      note.textContent = (showAll ? "全部条目" : what) + "：" + shown + " 条" + (shown > 200 ? "（只列前 200 条，请输入片段缩小范围）" : "");
      more.textContent = showAll ? "只看" + what : "显示其他条目（" + rest.length + " 条）";
      more.hidden = !rest.length;
    }
    q.addEventListener("input", draw);
    sector.addEventListener("change", draw);
    box.appendChild(el("div", { cls: "kb-suggest-head" }, [q, sector, more, button("关闭", function () { box.hidden = true; }, "kb-suggest-close")]));
    box.appendChild(note);
    box.appendChild(list);
    if (!first.length) showAll = true;
    draw();
  }


  return { open: suggest };
};
