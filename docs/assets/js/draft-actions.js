/* 起草台 toolbar: the list of drafts, rename, delete, undo, and what leaves the page — 复制全文,
 * 导出 Word, 打印, the JSON export and import — and the 相互批评意见 part's own copy and .docx.
 * The report's outputs (KbDraftModel.text, .paragraphs) leave that part out. DOM only; adds to `ui`
 * (draft-page.js): listDrafts(), docx(), outlineDocx(), copyOutline(), wordOutline().
 */
window.KbDraftActions = function (ui) {
  "use strict";
  var M = window.KbDraftModel;
  var el = ui.el, $ = ui.$, say = ui.say, store = ui.store;
  var DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  function listDrafts() {
    var sel = $(".kb-draft-list");
    var d = ui.draft();
    ui.options(sel, store.list().map(function (x) { return [x.id, x.name || "（未命名）"]; }));
    if (d && !store.available()) ui.options(sel, [[d.id, d.name]]);
    if (d) sel.value = d.id;
  }
  function open(id) {
    if (!ui.open(id)) return;
    ui.render(); listDrafts(); ui.showStart(false);
  }
  function download(name, blob) {
    var a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function fileName(ext, what) {
    var d = ui.draft();
    // the Word file is the report: named by its title, as the writer has filled it in; the JSON
    // file is the draft: named by the draft's name
    var base = ext === ".json" ? (d.name || d.title) : (d.title || d.name);
    return ((base || "草稿") + (what || "")).replace(/[\\/:*?"<>|〔〕\s]+/g, "") + ext;
  }
  // the Word writer is not needed to draft: loaded on the first export (its template after it)
  var writer = null;
  function build(paragraphs) {
    writer = writer || (window.KbDocx ? Promise.resolve() : new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = (ui.root.dataset.root || "../") + "assets/js/docx-writer.js";
      s.onload = function () { window.KbDocx ? resolve() : reject(new Error("导出 Word 的组件没有加载。")); };
      s.onerror = function () { writer = null; reject(new Error("导出 Word 的组件没有加载。")); };
      document.head.appendChild(s);
    }));
    return writer.then(function () { return window.KbDocx.build(paragraphs); });
  }
  function docx() { return build(M.paragraphs(ui.draft())); }
  function outlineDocx() { return build(M.outlineParagraphs(ui.draft())); }
  function word(buffer, what) {
    return buffer.then(function (buf) {
      download(fileName(".docx", what), new Blob([buf], { type: DOCX }));
      say("已导出 Word 文件" + (what ? "“" + what + "”" : "") + "。");
    }, function (e) { say(e.message); });
  }
  function copy(text, done) {
    navigator.clipboard.writeText(text).then(function () { say(done); },
      function () { say("浏览器不允许写入剪贴板，请改用导出。"); });
  }
  function importFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var d = M.load(String(reader.result));
        if (store.list().some(function (x) { return x.id === d.id; })) d.id = M.uid();
        ui.begin(d);
        say("已导入：" + d.name);
      } catch (e) { say("导入失败，当前草稿没有改动：" + e.message); }
    };
    reader.onerror = function () { say("导入失败，当前草稿没有改动：文件读不出来。"); };
    reader.readAsText(file);
  }

  var actions = {
    "new": function () { ui.showStart(true); },
    rename: function () {
      var d = ui.draft();
      var name = window.prompt("草稿名称", d.name || "");
      if (name) ui.change(function () { d.name = M.clean(name); });
    },
    "delete": function () {
      var d = ui.draft();
      if (!window.confirm("删除草稿“" + d.name + "”？删除后无法恢复。")) return;
      store.remove(d.id);
      var next = store.list()[0];
      ui.drop();
      if (next) open(next.id); else { ui.render(); ui.showStart(true); }
      listDrafts();
    },
    undo: function () { ui.undo(); },
    // the 对照检查材料 only: the 相互批评意见 part has its own copy and .docx (in the part itself)
    copy: function () { copy(M.text(ui.draft()), "已复制全文（带编号的纯文本，不含相互批评意见）。"); },
    docx: function () { word(docx()); },
    print: function () { window.print(); },
    "export": function () {
      download(fileName(".json"), new Blob([M.serialize(ui.draft())], { type: "application/json" }));
      say("已导出草稿文件，可以在另一台电脑上用“导入草稿”打开。");
    }
  };
  $(".kb-draft-bar").addEventListener("click", function (e) {
    var act = e.target.closest("[data-act]");
    if (act && actions[act.dataset.act] && (ui.draft() || act.dataset.act === "new")) actions[act.dataset.act]();
  });
  $(".kb-draft-list").addEventListener("change", function (e) { open(e.target.value); });
  $(".kb-draft-import input").addEventListener("change", function (e) {
    if (e.target.files[0]) importFile(e.target.files[0]);
    e.target.value = "";
  });

  ui.listDrafts = listDrafts;
  ui.docx = docx;
  ui.outlineDocx = outlineDocx;
  ui.copyOutline = function () { copy(M.outlineText(ui.draft()), "已复制相互批评意见发言提纲（纯文本）。"); };
  ui.wordOutline = function () { word(outlineDocx(), "相互批评意见发言提纲"); };
};
