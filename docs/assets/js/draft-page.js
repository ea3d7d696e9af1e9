/* The 起草台 page: the state (the draft, its undo history) and the wiring. The draft is
 * KbDraftModel data, checked by KbDraftCheck, kept by KbDraftStore; catalogue data comes from
 * assets/draft/*.js by <script> tags (works over file://). The page's parts get what they share as
 * `ui` and add their own functions to it: draft-render.js (the draft), draft-findings.js (自查),
 * draft-actions.js (toolbar and exports), draft-start.js (start form), draft-suggest.js (suggestions).
 * Text from the draft or the catalogue only ever goes into text nodes and form values.
 */
(function () {
  "use strict";
  var M = window.KbDraftModel;
  var root = document.getElementById("kb-draft");
  if (!root || !window.KbDraftData || !KbDraftData.core) return;
  var core = KbDraftData.core;
  var base = root.dataset.root || "../";
  var checker = new KbDraftCheck.Checker(core);
  var store = new KbDraftStore.Store(base);
  var $ = function (sel) { return root.querySelector(sel); };
  var draft = null;
  var history = [];
  var entries = {};
  var known = {};  // entry id → kind, for every entry of the catalogue
  // core.js lists ids as runs [prefix, digits, first, last] (kb/draft.py id_runs): expand them once
  Object.keys(core.ids).forEach(function (k) {
    var all = [];
    core.ids[k].forEach(function (r) {
      if (r.length === 1) { all.push(r[0]); return; }
      for (var n = r[2]; n <= r[3]; n++) all.push(r[0] + String(n).padStart(r[1], "0"));
    });
    core.ids[k] = all;
    all.forEach(function (id) { known[id] = k; });
  });

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function button(label, on, cls) { return el("button", { type: "button", cls: "md-button " + (cls || ""), text: label, onclick: on }); }
  function say(msg) { $(".kb-draft-status").textContent = msg; }
  function alertBox(msg) { var a = $(".kb-draft-alert"); a.hidden = !msg; a.textContent = msg || ""; }

  // ---- catalogue shards ----------------------------------------------------------------------
  // what is not needed to draft loads when the browser is idle (the rest of the page first)
  var later = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  var loading = {};
  function data(name) {
    if (KbDraftData[name]) return Promise.resolve(KbDraftData[name]);
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "assets/draft/" + name + ".js";
        s.onload = function () { KbDraftData[name] ? resolve(KbDraftData[name]) : reject(new Error(name)); };
        s.onerror = function () { delete loading[name]; reject(new Error("无法加载 " + name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }
  /* The file of a dimension's issues that 从条目库选 under a heading shows first: those at the
   * draft's level (a third of the dimension's), where the build wrote files by level. */
  function levelFile(d) {
    var lv = core.dimSizes && draft && draft.meta.level;
    return "dim-" + d + (lv ? "-" + lv : "");
  }
  function dimOf(id) {
    return core.dims.map(function (d) { return d.id; }).filter(function (d) { return id.indexOf(d + "-") === 0 && /^\d+$/.test(id.slice(d.length + 1)); })[0];
  }
  var SHARDS = { cause: "causes", remedy: "remedies", criticism: "criticisms", passage: "passages" };
  function shardOf(id) {
    var kind = known[id];
    return kind === "issue" ? "dim-" + dimOf(id) : SHARDS[kind] || "";
  }
  /* A catalogue entry's text as it goes into the draft. */
  function textOf(e, kind) {
    if (kind === "issue") return e.headline + "。" + e.body + (e.example || "");
    if (kind === "criticism") return e.text;
    if (kind === "passage") return e.halves ? e.halves.join("") : e.text;
    return e.title + "。" + e.body;
  }
  function remember(list, kind) {
    list.forEach(function (e) {
      if (entries[e.id]) return;
      e.kind = kind;
      e.text = textOf(e, kind);
      entries[e.id] = e;
    });
    return list;
  }
  function entry(id) {
    var shard = shardOf(id);
    if (!shard) return Promise.reject(new Error("条目 " + id + " 不在条目库中"));
    return data(shard).then(function (list) { remember(list, known[id]); return entries[id]; });
  }
  function entryForDraft(e) {
    var out = { id: e.id, kind: e.kind, text: e.text };
    if (e.kind === "issue" || e.kind === "criticism") out.dim = e.dim;
    if (e.kind === "criticism") out.target = e.target;
    if (e.dims) out.dims = e.dims;  // causes and remedies: the dimensions of the issues citing them (ZC104)
    return out;
  }
  /* Add an entry at `at` ({s, h}, or a function of the draft giving it, which may add the
     相互批评意见 part): one change, one undo step. A case analysis passage gives each sub-heading
     its half, or both halves as two items where there are none. */
  function put(at, e) {
    return change(function () {
      var where = typeof at === "function" ? at(draft) : at;
      var s = where.s, h = where.h;
      var pieces = [entryForDraft(e)];
      if (e.halves) {
        pieces = e.halves.map(function (t) { var p = entryForDraft(e); p.text = t; return p; });
        if (h >= 0) pieces = [pieces[Math.min(h, pieces.length - 1)]];
      }
      var path;
      pieces.forEach(function (p) { path = M.addEntry(draft, s, h, p); });
      return path;
    });
  }

  // ---- changes ---------------------------------------------------------------------------------
  function change(fn) {
    history.push(JSON.stringify(draft));
    if (history.length > 100) history.shift();
    var out = fn();
    save();
    ui.render();
    return out;
  }
  function save() {
    var why = store.put(draft);
    if (why) alertBox((why === "full" ? "浏览器的存储空间已满" : "浏览器不允许本页保存（例如隐私模式或禁用了存储）") +
      "：草稿没有保存，关闭页面就会丢失。请点“导出草稿（JSON）”把它存成文件。");
    else if (store.available()) alertBox("");
    ui.listDrafts();
  }
  function undo() {
    if (!history.length) { say("没有可以撤销的修改。"); return; }
    draft = M.load(history.pop());
    save(); ui.render(); say("已撤销上一步修改。");
  }

  // ---- start -----------------------------------------------------------------------------------
  var form = $(".kb-draft-start");
  function options(select, pairs, first) {
    select.textContent = "";
    if (first) select.appendChild(el("option", { value: "", text: first }));
    pairs.forEach(function (p) { select.appendChild(el("option", { value: p[0], text: p[1] })); });
  }
  function showStart(on) { form.hidden = !on; $(".kb-draft-main").hidden = on; }
  function begin(d) {
    if (draft) history.push(JSON.stringify(draft));
    draft = d;
    draft.name = draft.name || draft.title;
    showStart(false);
    save();
    ui.render();
    say("已开始：" + draft.name);
    prefetch();
  }
  /* What 从条目库选 under the draft's headings will show, loaded while the reader reads the
   * skeleton: the first heading's files at once (where a reader starts), then one file at a time
   * when the browser is idle, so that no burst of them stands in the way of a click. Then `after`
   * (the 照搬照抄 index, the largest). */
  var queue = [];
  var idle = true;
  function prefetch(after) {
    var heads = [];  // the files of each problem heading, in the draft's order
    (draft && draft.sections || []).forEach(function (sec) {
      (sec.kind === "problems" && sec.headings || []).forEach(function (h) { heads.push((h.dims || []).map(levelFile)); });
    });
    (heads[0] || []).forEach(function (n) { data(n).catch(function () {}); });
    // before anything queued with `after` (the index stays last, even when it was queued first)
    var at = queue.filter(function (n) { return typeof n !== "function"; }).length;
    [].concat.apply([], heads).forEach(function (n) {
      if (!KbDraftData[n] && !loading[n] && queue.indexOf(n) < 0) queue.splice(at++, 0, n);
    });
    if (after) queue.push(after);
    if (idle) next();
  }
  function next() {
    idle = !queue.length;
    if (idle) return;
    later(function () {
      var n = queue.shift();
      var done = typeof n === "function" ? Promise.resolve(n()) : data(n);
      done.catch(function () {}).then(next);
    }, { timeout: 1000 });
  }
  function start(opts) {
    var fw = core.frameworks.filter(function (f) { return f.id === opts.framework; })[0];
    if (opts.framework && !fw) throw new Error("没有这个检视框架：" + opts.framework);
    var d = M.skeleton({ meeting: opts.meeting || "", year: opts.year, level: opts.level || "team", role: opts.role || "" }, fw || null, core);
    begin(d);
    return M.load(draft);
  }
  function startFromReport(id) {
    return data("report-" + id).then(function (r) { begin(M.fromReport(r, core)); return M.load(draft); });
  }
  /* Open a stored draft (the list of drafts, start-up); false when it cannot be read. */
  function open(id) {
    try { draft = M.load(store.get(id)); } catch (e) { say("这份草稿无法打开：" + e.message); return false; }
    history = []; store.setCurrent(id);
    return true;
  }
  function drop() { draft = null; history = []; }

  // ---- the page's parts ----------------------------------------------------------------------------
  var ui = { core: core, root: root, $: $, el: el, button: button, say: say, alertBox: alertBox, data: data,
    remember: remember, entries: entries, known: known, shardOf: shardOf, levelFile: levelFile, checker: checker, store: store,
    fold: function (t) { return checker.fold(t); }, box: root.querySelector(".kb-draft-suggest"), form: form,
    options: options, draft: function () { return draft; }, change: change, undo: undo, begin: begin, start: start,
    startFromReport: startFromReport, showStart: showStart, entryForDraft: entryForDraft, put: put, open: open, drop: drop };
  window.KbDraftFindings(ui);  // ui.renderFindings, ui.findingItem
  window.KbDraftRender(ui);  // ui.render
  window.KbDraftActions(ui);  // ui.listDrafts, ui.docx, ui.outlineDocx
  ui.suggester = window.KbDraftSuggest(ui);
  window.KbDraftStart(ui).setup();

  // ---- start-up ----------------------------------------------------------------------------------
  if (!store.available()) alertBox("浏览器不允许本页保存（例如隐私模式或禁用了存储）：草稿只在页面打开期间保留。请随时用“导出草稿（JSON）”存成文件。");
  var params = new URLSearchParams(location.search);
  var current = store.current() || (store.list()[0] || {}).id;
  if (current && store.get(current)) {
    try { draft = M.load(store.get(current)); } catch (e) { say("上次的草稿无法打开：" + e.message); }
  }
  ui.listDrafts();
  if (params.get("framework") || params.get("report") || !draft) {
    var fw = core.frameworks.filter(function (f) { return f.id === params.get("framework"); })[0];
    if (fw) {
      form.elements.framework.value = fw.id;
      Array.prototype.forEach.call(form.querySelectorAll("[name=proposal]"), function (r) { r.checked = false; });
    }
    if (params.get("report")) { form.elements.report.value = params.get("report"); form.querySelector(".kb-draft-model-warning").hidden = false; }
    showStart(true);
  } else showStart(false);
  ui.render();
  // the 照搬照抄 index is large (megabytes at 10,000 entries): load it when the browser is idle,
  // after the files of the draft's headings, decode it a slice at a time so that it never holds up
  // a reader's click, then check again
  prefetch(function () {
    return data("overlap").then(function (ix) {
      return checker.useIndex(ix, function (go) { later(go, { timeout: 500 }); });
    }).then(function () { ui.render(); root.dataset.overlap = "ready"; },
      function () { root.dataset.overlap = "missing"; });
  });

  // ---- for automated checks -------------------------------------------------------------------------
  function sectionIndex(section) {
    if (typeof section === "number") return section;
    var s = draft.sections.map(function (x) { return x.kind; }).indexOf(section);
    if (s < 0) throw new Error("草稿中没有这一部分：" + section);
    return s;
  }
  window.kbDraft = {
    start: function (opts) { return start(opts || {}); },
    startFromReport: startFromReport,
    /* add(id[, section][, headingIndex]): a criticism goes to the 相互批评意见 part (added if absent) */
    add: function (id, section, headingIndex) {
      return entry(id).then(function (e) {
        var h = headingIndex === undefined ? -1 : headingIndex;
        if (section === M.OUTLINE || (section == null && e.kind === "criticism")) {
          return put(function (d) { return { s: M.outlineIndex(d, true), h: -1 }; }, e);
        }
        var at = section == null ? M.placeFor(draft, e.kind, e.dim, e.part) : { s: sectionIndex(section), h: h };
        if (!at) throw new Error("无法判断 " + id + " 应加入哪一部分，请指明。");
        return put(at, e);
      });
    },
    setText: function (path, text) { change(function () { M.setText(draft, path, text); }); },
    state: function () { return JSON.parse(JSON.stringify(draft)); },
    load: function (json) { begin(M.load(json)); return window.kbDraft.state(); },
    check: function () {
      return checker.check(draft).map(function (f) { return { code: f.code, severity: f.severity, message: f.message, where: f.where }; });
    },
    checkText: function (text, level) { return checker.checkText(text, level); },
    text: function () { return M.text(draft); },
    /* the 相互批评意见 part on its own, as plain text and as a .docx */
    outlineText: function () { return M.outlineText(draft); },
    docx: function () { return ui.docx(); },
    outlineDocx: function () { return ui.outlineDocx(); },
    overlapReady: function () { return root.dataset.overlap === "ready"; }
  };
})();
