/* The 起草台 page: DOM only. The draft is KbDraftModel data, checked by KbDraftCheck, kept by
 * KbDraftStore; catalogue data comes from assets/draft/*.js by <script> tags (works over file://).
 * The start form (draft-start.js) and the suggestions (draft-suggest.js) get what they share as `ui`.
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
  var suggestBox = root.querySelector(".kb-draft-suggest");
  var draft = null;
  var history = [];
  var entries = {};
  var findings = [];
  var dimName = {};
  core.dims.forEach(function (d) { dimName[d.id] = d.name; });
  var known = {};
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
  function dimOf(id) {
    return core.dims.map(function (d) { return d.id; }).filter(function (d) { return id.indexOf(d + "-") === 0 && /^\d+$/.test(id.slice(d.length + 1)); })[0];
  }
  function shardOf(id) {
    var kind = known[id];
    return kind === "issue" ? "dim-" + dimOf(id) : kind === "cause" ? "causes" : kind === "remedy" ? "remedies" : "";
  }
  function remember(list, kind) {
    list.forEach(function (e) {
      if (entries[e.id]) return;
      e.kind = kind;
      e.text = kind === "issue" ? e.headline + "。" + e.body + (e.example || "") : e.title + "。" + e.body;
      entries[e.id] = e;
    });
    return list;
  }
  function entry(id) {
    var shard = shardOf(id);
    if (!shard) return Promise.reject(new Error("条目 " + id + " 不在条目库中"));
    return data(shard).then(function (list) { remember(list, known[id]); return entries[id]; });
  }

  // ---- changes ---------------------------------------------------------------------------------
  function change(fn) {
    history.push(JSON.stringify(draft));
    if (history.length > 100) history.shift();
    var out = fn();
    save();
    render();
    return out;
  }
  function save() {
    var why = store.put(draft);
    if (why) alertBox((why === "full" ? "浏览器的存储空间已满" : "浏览器不允许本页保存（例如隐私模式或禁用了存储）") +
      "：草稿没有保存，关闭页面就会丢失。请点“导出草稿（JSON）”把它存成文件。");
    else if (store.available()) alertBox("");
    listDrafts();
  }
  function undo() {
    if (!history.length) { say("没有可以撤销的修改。"); return; }
    draft = M.load(history.pop());
    save(); render(); say("已撤销上一步修改。");
  }

  // ---- rendering the draft --------------------------------------------------------------------
  var PH = /〔[^〔〕]*〕/g;
  /* Text with copied runs marked, and 〔〕 placeholders marked inside and outside them (a slot in
     a copied passage is still to be filled); text nodes only. */
  function slots(parent, text) {
    var at = 0, m;
    PH.lastIndex = 0;
    while ((m = PH.exec(text))) {
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      parent.appendChild(el("mark", { cls: "kb-ph", title: "待填：换成自己的情况", text: m[0] }));
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function marked(text, runs) {
    var frag = document.createDocumentFragment();
    var at = 0;
    (runs || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      if (r[0] < at) return;
      slots(frag, text.slice(at, r[0]));
      var copied = el("mark", { cls: "kb-copied", title: "与" + (r[2] ? "“" + r[2][2] + "”（" + r[2][0] + "）" : "条目库") + "逐字相同" });
      slots(copied, text.slice(r[0], r[1]));
      frag.appendChild(copied);
      at = r[1];
    });
    slots(frag, text.slice(at));
    return frag;
  }

  function editor(path, value, multiline) {
    var box = el(multiline ? "textarea" : "input", { cls: "kb-draft-edit", "aria-label": "编辑" });
    box.value = value;
    if (multiline) box.rows = Math.max(2, Math.ceil(value.length / 40));
    var done = false;
    function commit() {
      if (done) return;
      done = true;
      var text = M.clean(box.value);
      if (text !== M.get(draft, path)) change(function () { M.setText(draft, path, text); }); else render();
    }
    box.addEventListener("blur", commit);
    var typing = 0;
    box.addEventListener("input", function () {  // 自查 live while typing, on a copy of the draft
      clearTimeout(typing);
      typing = setTimeout(function () {
        var copy = JSON.parse(JSON.stringify(draft));
        M.setText(copy, path, box.value);
        findings = checker.check(copy);
        renderFindings();
      }, 200);
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { done = true; render(); }
      if (e.key === "Enter" && (!multiline || e.ctrlKey)) { e.preventDefault(); commit(); }
    });
    return box;
  }

  function startEdit(row, path, multiline) {
    var text = row.querySelector(".kb-draft-text");
    var box = editor(path, M.get(draft, path), multiline);
    text.replaceWith(box);
    box.focus();
  }

  function itemRow(line, runs) {
    var it = line.item;
    var vanished = it.ref && !known[it.ref];
    var row = el("div", { cls: "kb-draft-item" + (vanished ? " kb-vanished" : ""), "data-path": line.path, draggable: "true" }, [
      el("span", { cls: "kb-draft-label", text: line.label }),
      el("span", { cls: "kb-draft-text", tabindex: "0", title: "点击修改" }, [marked(it.text || "", runs)]),
      vanished ? el("span", { cls: "kb-draft-note", text: "（原条目 " + it.ref + " 已不在条目库中，文字保留）" }) : null,
      el("span", { cls: "kb-draft-tools" }, [
        button("上移", function () { change(function () { M.move(draft, line.path, -1); }); }, "kb-up"),
        button("下移", function () { change(function () { M.move(draft, line.path, 1); }); }, "kb-down"),
        button("删除", function () { change(function () { M.remove(draft, line.path); }); }, "kb-remove")])]);
    if (!it.text) row.classList.add("kb-empty");
    row.querySelector(".kb-draft-text").addEventListener("click", function () { startEdit(row, line.path, true); });
    row.querySelector(".kb-draft-text").addEventListener("keydown", function (e) { if (e.key === "Enter") startEdit(row, line.path, true); });
    row.addEventListener("dragstart", function (e) { e.dataTransfer.setData("text/x-kb-path", line.path); e.dataTransfer.effectAllowed = "move"; });
    row.addEventListener("dragover", function (e) { e.preventDefault(); });
    row.addEventListener("drop", function (e) {
      e.preventDefault();
      var from = e.dataTransfer.getData("text/x-kb-path");
      if (from && from !== line.path) change(function () { M.moveTo(draft, from, line.path); });
    });
    return row;
  }

  function adders(s, h) {
    var sec = draft.sections[s];
    var kids = [button("写一条", function () {
      var path = change(function () { return M.addText(draft, s, h, ""); });
      var row = root.querySelector('[data-path="' + path + '"]');
      if (row) startEdit(row, path, true);
    }, "kb-write")];
    if (sec.kind === "problems" || sec.kind === "causes" || sec.kind === "remedies") {
      kids.unshift(button("从条目库选", function (e) { suggester.open(s, h, e.target.closest(".kb-draft-adders")); }, "kb-suggest"));
    }
    return el("div", { cls: "kb-draft-adders", "data-s": s, "data-h": h }, kids);
  }

  function render() {
    var doc = $(".kb-draft-doc");
    root.appendChild(suggestBox);  // kept across renders: it stays open under its list while adding
    doc.textContent = "";
    if (!draft) return;
    var runsOf = {};
    findings = checker.check(draft);
    findings.forEach(function (f) { if (f.code === "ZC402") runsOf[f.where] = f.detail.runs; });
    M.numbered(draft).forEach(function (line) {
      if (line.style === "body") { doc.appendChild(itemRow(line, runsOf[line.path])); return; }
      var tag = { title: "h2", h1: "h3", h2: "h4" }[line.style];
      var head = el(tag, { cls: "kb-draft-" + line.style, "data-path": line.path }, [
        el("span", { cls: "kb-draft-label", text: line.label }),
        el("span", { cls: "kb-draft-text", tabindex: "0", title: "点击修改" }, [marked(line.text)])]);
      head.querySelector(".kb-draft-text").addEventListener("click", function () { startEdit(head, line.path, false); });
      if (line.style === "h2") {
        head.appendChild(el("span", { cls: "kb-draft-tools" }, [
          button("上移", function () { change(function () { M.move(draft, line.path, -1); }); }, "kb-up"),
          button("删除", function () { change(function () { M.remove(draft, line.path); }); }, "kb-remove")]));
        head.addEventListener("dragover", function (e) { e.preventDefault(); });
        head.addEventListener("drop", function (e) {
          e.preventDefault();
          var from = e.dataTransfer.getData("text/x-kb-path");
          var p = M.parse(line.path);
          if (from) change(function () { M.moveTo(draft, from, M.format(p.s, p.h, 0)); });
        });
      }
      doc.appendChild(head);
    });
    // the adders after each list: under each heading and at the end of each section
    draft.sections.forEach(function (sec, s) {
      (sec.headings || []).forEach(function (h, k) { place(s, k).after(adders(s, k)); });
      if (!sec.headings || sec.kind !== "problems") place(s, -1).after(adders(s, -1));
    });
    var open = !suggestBox.hidden && root.querySelector('.kb-draft-adders[data-s="' + suggestBox.dataset.s + '"][data-h="' + suggestBox.dataset.h + '"]');
    if (open) open.after(suggestBox); else suggestBox.hidden = true;
    renderFindings();
  }

  /* The last row of a list (or its heading) in the document, to put the adders after. */
  function place(s, h) {
    var rows = Array.prototype.filter.call(root.querySelectorAll(".kb-draft-doc [data-path]"), function (n) {
      var p = n.dataset.path === "title" ? null : M.parse(n.dataset.path);
      return p && p.s === s && (h < 0 ? p.h < 0 : p.h === h);
    });
    return rows[rows.length - 1] || root.querySelector(".kb-draft-doc").lastChild;
  }

  function renderFindings() {
    var list = $(".kb-draft-findings");
    list.textContent = "";
    var warn = findings.filter(function (f) { return f.severity !== "info"; }).length;
    $(".kb-draft-check-summary").textContent = findings.length ? "发现 " + findings.length + " 处可改进（其中 " + warn + " 处需要处理）。" : "没有发现问题。";
    findings.forEach(function (f) { list.appendChild(findingItem(f)); });
  }

  function findingItem(f) {
    var li = el("li", { cls: "kb-finding kb-" + f.severity, "data-code": f.code, "data-where": f.where || "" }, [
      el("code", { text: f.code }), " ", el("span", { cls: "kb-finding-msg", text: f.message }),
      el("span", { cls: "kb-finding-tip", text: f.tip })]);
    if (f.where && f.where !== "paste") {
      li.appendChild(button("定位", function () {
        var target = root.querySelector('.kb-draft-doc [data-path="' + f.where + '"]');
        if (!target) return;
        target.scrollIntoView({ block: "center" });
        target.classList.add("kb-flash");
        setTimeout(function () { target.classList.remove("kb-flash"); }, 1500);
      }, "kb-goto"));
    }
    return li;
  }

  function entryForDraft(e) {
    var out = { id: e.id, kind: e.kind, text: e.text };
    if (e.kind === "issue") out.dim = e.dim;
    if (e.dims) out.dims = e.dims;  // causes and remedies: the dimensions of the issues citing them (ZC104)
    return out;
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
    render();
    say("已开始：" + draft.name);
    later(prefetch, { timeout: 1000 });
  }
  // what 从条目库选 under the draft's headings will show, loaded while the reader reads the skeleton
  function prefetch() {
    (draft && draft.sections || []).forEach(function (sec) {
      (sec.kind === "problems" && sec.headings || []).forEach(function (h) {
        (h.dims || []).forEach(function (d) { data("dim-" + d).catch(function () {}); });
      });
    });
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

  // ---- drafts, import, export, out -----------------------------------------------------------------
  function listDrafts() {
    var sel = $(".kb-draft-list");
    options(sel, store.list().map(function (x) { return [x.id, x.name || "（未命名）"]; }));
    if (draft && !store.available()) options(sel, [[draft.id, draft.name]]);
    if (draft) sel.value = draft.id;
  }
  function open(id) {
    try { draft = M.load(store.get(id)); history = []; render(); store.setCurrent(id); listDrafts(); showStart(false); }
    catch (e) { say("这份草稿无法打开：" + e.message); }
  }
  function download(name, blob) {
    var a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function fileName(ext) { return (draft.name || draft.title || "草稿").replace(/[\\/:*?"<>|〔〕\s]+/g, "") + ext; }
  // the Word writer is not needed to draft: loaded on the first export (its template after it)
  var writer = null;
  function docx() {
    writer = writer || (window.KbDocx ? Promise.resolve() : new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + "assets/js/docx-writer.js";
      s.onload = function () { window.KbDocx ? resolve() : reject(new Error("导出 Word 的组件没有加载。")); };
      s.onerror = function () { writer = null; reject(new Error("导出 Word 的组件没有加载。")); };
      document.head.appendChild(s);
    }));
    return writer.then(function () { return window.KbDocx.build(M.paragraphs(draft)); });
  }
  function importFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var d = M.load(String(reader.result));
        if (store.list().some(function (x) { return x.id === d.id; })) d.id = M.blank().id;
        begin(d);
        say("已导入：" + d.name);
      } catch (e) { say("导入失败，当前草稿没有改动：" + e.message); }
    };
    reader.onerror = function () { say("导入失败，当前草稿没有改动：文件读不出来。"); };
    reader.readAsText(file);
  }
  var actions = {
    "new": function () { showStart(true); },
    rename: function () {
      var name = window.prompt("草稿名称", draft.name || "");
      if (name) change(function () { draft.name = M.clean(name); });
    },
    "delete": function () {
      if (!window.confirm("删除草稿“" + draft.name + "”？删除后无法恢复。")) return;
      store.remove(draft.id);
      var next = store.list()[0];
      draft = null;
      if (next) open(next.id); else { render(); showStart(true); }
      listDrafts();
    },
    undo: undo,
    copy: function () {
      navigator.clipboard.writeText(M.text(draft)).then(function () { say("已复制全文（带编号的纯文本）。"); },
        function () { say("浏览器不允许写入剪贴板，请改用导出。"); });
    },
    docx: function () {
      docx().then(function (buf) {
        download(fileName(".docx"), new Blob([buf], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
        say("已导出 Word 文件。");
      }, function (e) { say(e.message); });
    },
    print: function () { window.print(); },
    "export": function () {
      download(fileName(".json"), new Blob([M.serialize(draft)], { type: "application/json" }));
      say("已导出草稿文件，可以在另一台电脑上用“导入草稿”打开。");
    }
  };
  root.querySelector(".kb-draft-bar").addEventListener("click", function (e) {
    var act = e.target.closest("[data-act]");
    if (act && actions[act.dataset.act] && (draft || act.dataset.act === "new")) actions[act.dataset.act]();
  });
  $(".kb-draft-list").addEventListener("change", function (e) { open(e.target.value); });
  root.querySelector(".kb-draft-import input").addEventListener("change", function (e) {
    if (e.target.files[0]) importFile(e.target.files[0]);
    e.target.value = "";
  });
  var pasteTimer = 0;
  $(".kb-draft-paste-text").addEventListener("input", function (e) {
    clearTimeout(pasteTimer);
    pasteTimer = setTimeout(function () {
      var list = $(".kb-draft-paste-findings");
      list.textContent = "";
      if (!e.target.value.trim()) return;
      var fs = checker.checkText(e.target.value, draft && draft.meta.level);
      if (!fs.length) list.appendChild(el("li", { text: "没有发现问题。" }));
      fs.forEach(function (f) { list.appendChild(findingItem(f)); });
    }, 150);
  });

  // ---- start-up ----------------------------------------------------------------------------------
  var ui = { core: core, el: el, button: button, say: say, data: data, remember: remember, entries: entries,
    known: known, shardOf: shardOf, fold: function (t) { return checker.fold(t); }, box: suggestBox, form: form,
    options: options, draft: function () { return draft; }, change: change, begin: begin, start: start,
    startFromReport: startFromReport, showStart: showStart, entryForDraft: entryForDraft };
  var suggester = window.KbDraftSuggest(ui);
  window.KbDraftStart(ui).setup();
  if (!store.available()) alertBox("浏览器不允许本页保存（例如隐私模式或禁用了存储）：草稿只在页面打开期间保留。请随时用“导出草稿（JSON）”存成文件。");
  var params = new URLSearchParams(location.search);
  var current = store.current() || (store.list()[0] || {}).id;
  if (current && store.get(current)) {
    try { draft = M.load(store.get(current)); } catch (e) { say("上次的草稿无法打开：" + e.message); }
  }
  listDrafts();
  if (params.get("framework") || params.get("report") || !draft) {
    var fw = core.frameworks.filter(function (f) { return f.id === params.get("framework"); })[0];
    if (fw) {
      form.elements.framework.value = fw.id;
      Array.prototype.forEach.call(form.querySelectorAll("[name=proposal]"), function (r) { r.checked = false; });
    }
    if (params.get("report")) { form.elements.report.value = params.get("report"); form.querySelector(".kb-draft-model-warning").hidden = false; }
    showStart(true);
  } else showStart(false);
  render();
  // the 照搬照抄 index is large (megabytes at 10,000 entries): load it when the browser is idle,
  // so that it does not hold up the reader's first clicks (suggestions load shards too), then check again
  if (draft) later(prefetch, { timeout: 1000 });
  later(function () {
    data("overlap").then(function (ix) { checker.useIndex(ix); render(); root.dataset.overlap = "ready"; },
      function () { root.dataset.overlap = "missing"; });
  }, { timeout: 2000 });

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
    add: function (id, section, headingIndex) {
      return entry(id).then(function (e) {
        var at;
        if (section === undefined || section === null) {
          at = M.placeFor(draft, e.kind, e.dim);
          if (!at) throw new Error("无法判断 " + id + " 应加入哪一部分，请指明。");
        } else at = { s: sectionIndex(section), h: headingIndex === undefined ? -1 : headingIndex };
        return change(function () { return M.addEntry(draft, at.s, at.h, entryForDraft(e)); });
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
    docx: docx,
    overlapReady: function () { return root.dataset.overlap === "ready"; }
  };
})();
