/* 起草台 suggestions: under a framework heading, the issues of its dimensions at the draft's
 * level (and role) first, the rest a click away; under 原因剖析 and 整改措施, those linked from
 * the problems already chosen first; under the opening, 整改情况, case analysis and closing, the
 * 段落范式 of that part that fit the meeting, level and role; under 相互批评意见, the criticisms
 * for the meeting of the draft's level (班子 → 民主生活会, 支部 → 组织生活会) and the dimensions of
 * its framework, for the target the user chooses. Searching inside the list folds as the phrase
 * engine does. DOM only; the page passes what it shares in `ui` (draft-page.js).
 */
window.KbDraftSuggest = function (ui) {
  "use strict";
  var M = window.KbDraftModel;
  var core = ui.core, el = ui.el, button = ui.button, entries = ui.entries, known = ui.known;
  var KIND = { problems: "issue", causes: "cause", remedies: "remedy", criticisms: "criticism" };  // else passage
  var SHARD = { cause: "causes", remedy: "remedies", criticism: "criticisms", passage: "passages" };
  var PARTS = { opening: ["opening"], rectification: ["rectification"], "case": ["case-analysis"], closing: ["closing", "pledge"] };
  var targetName = {};
  (core.targets || []).forEach(function (t) { targetName[t[0]] = t[1]; });

  function levelFits(e) {
    var lv = ui.draft().meta.level;
    if (!lv) return true;
    if (e.levels.indexOf(lv) < 0) return false;
    return !(lv === "individual" && ui.draft().meta.role && e.roles && e.roles.length && e.roles.indexOf(ui.draft().meta.role) < 0);
  }
  function passageFits(p) {
    var m = ui.draft().meta;
    return (!m.level || p.levels.indexOf(m.level) >= 0) &&
      (!p.meetings.length || !m.meeting || m.meeting === "special" || p.meetings.indexOf(m.meeting) >= 0) &&
      (!p.roles.length || !m.role || p.roles.indexOf(m.role) >= 0);
  }
  /* The meeting level a criticism is said at: 民主生活会 (team) or 组织生活会 (branch). */
  function meetingLevel() {
    var m = ui.draft().meta;
    if (m.level === "team" || m.level === "branch") return m.level;
    if (m.meeting === "dsh" || m.meeting === "zsh") return m.meeting === "dsh" ? "team" : "branch";
    return m.role === "leader" ? "team" : m.role === "member" ? "branch" : "";
  }
  function frameworkDims() {
    var out = {};
    ui.draft().sections.forEach(function (sec) {
      if (sec.kind === "problems") (sec.headings || []).forEach(function (h) { h.dims.forEach(function (x) { out[x] = 1; }); });
    });
    return out;
  }
  function criticismFits(c) {
    var lv = meetingLevel(), dims = frameworkDims();
    return (!lv || c.levels.indexOf(lv) >= 0) && (!Object.keys(dims).length || dims[c.dim]);
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
    var kind = KIND[sec.kind] || "passage";
    var dims = kind === "issue" ? (h >= 0 ? sec.headings[h].dims : []) : [];
    if (kind === "issue" && !dims.length) dims = core.dims.map(function (d) { return d.id; });
    // a heading's issues at the draft's level come from files of that level only (a third of the
    // dimension's); the whole dimension loads when the reader asks for the other levels
    var lv = kind === "issue" && core.dimSizes && ui.draft().meta.level;
    var need = kind === "issue" ? dims.map(ui.levelFile) : [SHARD[kind]];
    var issueShards = M.items(ui.draft()).filter(function (x) { return x.item.kind === "issue" && known[x.item.ref]; })
      .map(function (x) { return ui.shardOf(x.item.ref); });
    var t0 = performance.now();
    Promise.all(need.concat(kind === "cause" || kind === "remedy" ? issueShards : []).map(function (n) {
      return ui.data(n).then(function (list) { return ui.remember(list, n.indexOf("dim-") === 0 ? "issue" : kind); });
    })).then(function () {
      var pool = [];
      need.forEach(function (n) { pool = pool.concat(KbDraftData[n]); });
      var linked = kind === "cause" || kind === "remedy" ? chosenRefs(kind) : {};
      var parts = PARTS[sec.kind] || [];
      if (kind === "passage") pool = pool.filter(function (e) { return parts.indexOf(e.part) >= 0; });
      var fits = { issue: levelFits, criticism: criticismFits,
        passage: function (e) { return e.part === parts[0] && passageFits(e); } }[kind] || function (e) { return linked[e.id]; };
      var first = pool.filter(fits);
      var rest = pool.filter(function (e) { return first.indexOf(e) < 0; });
      // the project's own models before text taken from an original report (出自范文原文)
      var authored = function (list) { return list.filter(function (e) { return !e.seed; }).concat(list.filter(function (e) { return e.seed; })); };
      first = authored(first);
      rest = authored(rest);
      if (lv) {
        var total = dims.reduce(function (a, d) { return a + (core.dimSizes[d] || 0); }, 0);
        var more = rest;  // at this level but not this role: they lead the other levels
        rest = { count: total - first.length, load: function () {
          var whole = dims.map(function (d) { return "dim-" + d; });
          return Promise.all(whole.map(function (n) { return ui.data(n).then(function (l) { ui.remember(l, "issue"); }); })).then(function () {
            var mine = {};
            first.concat(more).forEach(function (e) { mine[e.id] = 1; });
            var others = [];
            whole.forEach(function (n) { others = others.concat(KbDraftData[n].filter(function (e) { return !mine[e.id]; })); });
            return more.concat(authored(others));
          });
        } };
      }
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
    var what = { issue: "本层级的问题表述", passage: "适合本材料的段落范式", criticism: "本层级会议、本框架各维度的批评意见" }[kind] ||
      "与已选问题关联的" + (kind === "cause" ? "原因" : "措施");
    // 相互批评意见: whom it is said to (书记, 班子成员/支委委员, 党员), chosen by the user
    var target = kind !== "criticism" ? null : el("select", { cls: "kb-suggest-target", "aria-label": "批评对象" });
    if (target) {
      target.appendChild(el("option", { value: "", text: "全部对象" }));
      (core.targets || []).forEach(function (p) { target.appendChild(el("option", { value: p[0], text: "对" + p[1] })); });
    }
    /* What a suggestion shows: a case analysis under one of its sub-headings shows that half. */
    var shows = function (e) { return e.halves && h >= 0 ? e.halves[Math.min(h, e.halves.length - 1)] : e.text; };
    var note = el("p", { cls: "kb-suggest-note" });
    // rest: the other entries, or {count, load} when they are loaded on the first click
    var restList = Array.isArray(rest) ? rest : null;
    var restCount = restList ? restList.length : rest.count;
    var more = button("", function () {
      if (restList) { showAll = !showAll; draw(); return; }
      more.disabled = true;
      rest.load().then(function (list) { restList = list; showAll = true; more.disabled = false; draw(); },
        function (err) { more.disabled = false; note.textContent = String(err.message); });
    }, "kb-suggest-more");
    function draw() {
      list.textContent = "";
      var needle = ui.fold(q.value).cps.map(function (c) { return String.fromCodePoint(c); }).join("");
      var pool = showAll ? first.concat(restList || []) : first;
      var shown = 0;
      pool.forEach(function (e) {
        if (sector.value && (e.sectors || []).indexOf(sector.value) < 0) return;
        if (target && target.value && e.target !== target.value) return;
        if (needle && ui.fold(e.text).cps.map(function (c) { return String.fromCodePoint(c); }).join("").indexOf(needle) < 0) return;
        if (shown++ >= 200) return;
        list.appendChild(el("li", { cls: "kb-suggestion", "data-id": e.id }, [
          e.target ? el("span", { cls: "kb-suggest-tag", text: "对" + (targetName[e.target] || e.target) + "：" + e.headline + " " }) : null,
          e.title && e.part ? el("span", { cls: "kb-suggest-tag", text: e.title + "：" }) : null,
          el("span", { cls: "kb-suggest-text", text: shows(e) }), " ",
          el("code", { text: e.id }),
          used[e.id] ? el("span", { cls: "kb-suggest-used", text: "（已在草稿中）" }) : null,
          button("加入", function () {
            ui.put({ s: s, h: h }, e);
            ui.say("已加入：" + e.id);
          }, "kb-add")]));
      });
      note.textContent = (showAll ? "全部条目" : what) + "：" + shown + " 条" + (shown > 200 ? "（只列前 200 条，请输入片段缩小范围）" : "");
      more.textContent = showAll ? "只看" + what : "显示其他条目（" + restCount + " 条）";
      more.hidden = !restCount;
    }
    q.addEventListener("input", draw);
    sector.addEventListener("change", draw);
    if (target) target.addEventListener("change", draw);
    box.appendChild(el("div", { cls: "kb-suggest-head" }, [q, target, sector, more, button("关闭", function () { box.hidden = true; }, "kb-suggest-close")]));
    box.appendChild(note);
    box.appendChild(list);
    if (!first.length && restCount) {
      if (restList) showAll = true;
      else { draw(); more.click(); return; }
    }
    draw();
  }


  return { open: suggest };
};
