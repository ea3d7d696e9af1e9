/* 起草台 draft view: the draft's lines as KbDraftModel.numbered() gives them, each editable in place,
 * 〔〕 placeholders and copied runs highlighted, items moved up and down, dragged, removed; under
 * each list its adders (从条目库选, 写一条). The 相互批评意见 part sits apart at the end, in its own
 * box with its own copy and .docx, because it is not part of the report (print hides the box).
 * DOM only; adds render() to `ui` (draft-page.js).
 */
window.KbDraftRender = function (ui) {
  "use strict";
  var M = window.KbDraftModel;
  var el = ui.el, button = ui.button, root = ui.root, $ = ui.$;
  var suggestBox = ui.box;
  // sections whose adders offer entries of the catalogue (draft-suggest.js says which)
  var SUGGESTED = { problems: 1, causes: 1, remedies: 1, opening: 1, rectification: 1, "case": 1, closing: 1, criticisms: 1 };

  var PH = /〔[^〔〕]*〕/g;
  /* Text with 〔〕 placeholders marked; text nodes only. */
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

  /* Text with copied runs marked, and placeholders marked inside and outside them (a slot in a
     copied passage is still to be filled). */
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
      if (text !== M.get(ui.draft(), path)) ui.change(function () { M.setText(ui.draft(), path, text); }); else render();
    }
    box.addEventListener("blur", commit);
    var typing = 0;
    box.addEventListener("input", function () {  // 自查 live while typing, on a copy of the draft
      clearTimeout(typing);
      typing = setTimeout(function () {
        var copy = JSON.parse(JSON.stringify(ui.draft()));
        M.setText(copy, path, box.value);
        ui.renderFindings(ui.checker.check(copy));
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
    var box = editor(path, M.get(ui.draft(), path), multiline);
    text.replaceWith(box);
    box.focus();
  }

  function edit(fn) { return function () { ui.change(fn); }; }

  function itemRow(line, runs) {
    var it = line.item, d = ui.draft();
    var vanished = it.ref && !ui.known[it.ref];
    var row = el("div", { cls: "kb-draft-item" + (vanished ? " kb-vanished" : ""), "data-path": line.path, draggable: "true" }, [
      el("span", { cls: "kb-draft-label", text: line.label }),
      el("span", { cls: "kb-draft-text", tabindex: "0", title: "点击修改" }, [marked(it.text || "", runs)]),
      vanished ? el("span", { cls: "kb-draft-note", text: "（原条目 " + it.ref + " 已不在条目库中，文字保留）" }) : null,
      el("span", { cls: "kb-draft-tools" }, [
        button("上移", edit(function () { M.move(d, line.path, -1); }), "kb-up"),
        button("下移", edit(function () { M.move(d, line.path, 1); }), "kb-down"),
        button("删除", edit(function () { M.remove(d, line.path); }), "kb-remove")])]);
    if (!it.text) row.classList.add("kb-empty");
    row.querySelector(".kb-draft-text").addEventListener("click", function () { startEdit(row, line.path, true); });
    row.querySelector(".kb-draft-text").addEventListener("keydown", function (e) { if (e.key === "Enter") startEdit(row, line.path, true); });
    row.addEventListener("dragstart", function (e) { e.dataTransfer.setData("text/x-kb-path", line.path); e.dataTransfer.effectAllowed = "move"; });
    row.addEventListener("dragover", function (e) { e.preventDefault(); });
    row.addEventListener("drop", function (e) {
      e.preventDefault();
      var from = e.dataTransfer.getData("text/x-kb-path");
      if (from && from !== line.path) ui.change(function () { M.moveTo(d, from, line.path); });
    });
    return row;
  }

  function heading(line) {
    var d = ui.draft();
    var tag = { title: "h2", h1: "h3", h2: "h4" }[line.style];
    var head = el(tag, { cls: "kb-draft-" + line.style, "data-path": line.path }, [
      el("span", { cls: "kb-draft-label", text: line.label }),
      el("span", { cls: "kb-draft-text", tabindex: "0", title: "点击修改" }, [marked(line.text)])]);
    head.querySelector(".kb-draft-text").addEventListener("click", function () { startEdit(head, line.path, false); });
    if (line.style === "h2") {
      head.appendChild(el("span", { cls: "kb-draft-tools" }, [
        button("上移", edit(function () { M.move(d, line.path, -1); }), "kb-up"),
        button("删除", edit(function () { M.remove(d, line.path); }), "kb-remove")]));
      head.addEventListener("dragover", function (e) { e.preventDefault(); });
      head.addEventListener("drop", function (e) {
        e.preventDefault();
        var from = e.dataTransfer.getData("text/x-kb-path");
        var p = M.parse(line.path);
        if (from) ui.change(function () { M.moveTo(d, from, M.format(p.s, p.h, 0)); });
      });
    }
    return head;
  }

  /* The 相互批评意见 part's box: its heading (fixed), what it is for, its own outputs. */
  function outlineBox(line) {
    var d = ui.draft();
    return el("section", { cls: "kb-draft-outline", "aria-label": "相互批评意见" }, [
      el("h3", { cls: "kb-draft-h1", "data-path": line.path }, [el("span", { cls: "kb-draft-text", text: line.text })]),
      el("p", { cls: "kb-draft-hint", text: "会上对其他同志的批评意见，先按对象、层级和框架的维度从条目库选，再换成被批评同志的具体事例。" +
        "这一部分不属于对照检查材料：复制全文、导出 Word 和打印都不含它，用下面的按钮单独复制或导出。" }),
      el("p", { cls: "kb-draft-tools kb-draft-outline-tools" }, [
        button("复制发言提纲", function () { ui.copyOutline(); }, "kb-outline-copy"),
        button("导出发言提纲 Word", function () { ui.wordOutline(); }, "kb-outline-docx"),
        button("删除这一部分", function () {
          if (window.confirm("删除相互批评意见（会上发言提纲）及其中的全部内容？可以撤销。")) edit(function () { M.remove(d, line.path); })();
        }, "kb-outline-remove")])]);
  }

  function adders(s, h) {
    var sec = ui.draft().sections[s];
    var kids = [button("写一条", function () {
      var path = ui.change(function () { return M.addText(ui.draft(), s, h, ""); });
      var row = root.querySelector('[data-path="' + path + '"]');
      if (row) startEdit(row, path, true);
    }, "kb-write")];
    if (SUGGESTED[sec.kind]) {
      kids.unshift(button("从条目库选", function (e) { ui.suggester.open(s, h, e.target.closest(".kb-draft-adders")); }, "kb-suggest"));
    }
    return el("div", { cls: "kb-draft-adders", "data-s": s, "data-h": h }, kids);
  }

  function render() {
    var doc = $(".kb-draft-doc");
    root.appendChild(suggestBox);  // kept across renders: it stays open under its list while adding
    doc.textContent = "";
    var d = ui.draft();
    if (!d) return;
    var runsOf = {};
    var findings = ui.checker.check(d);
    findings.forEach(function (f) { if (f.code === "ZC402") runsOf[f.where] = f.detail.runs; });
    var outline = null;
    M.numbered(d).forEach(function (line) {
      var into = line.outline ? outline : doc;
      if (line.outline && !outline) { outline = outlineBox(line); doc.appendChild(outline); return; }
      into.appendChild(line.style === "body" ? itemRow(line, runsOf[line.path]) : heading(line));
    });
    // the adders after each list: under each heading and at the end of each section
    d.sections.forEach(function (sec, s) {
      (sec.headings || []).forEach(function (h, k) { place(s, k).after(adders(s, k)); });
      var headed = sec.kind === "problems" && (sec.headings || []).length;
      if (!headed) place(s, -1).after(adders(s, -1));
      if (sec.kind === "problems") {
        var after = headed ? root.querySelector('.kb-draft-adders[data-s="' + s + '"][data-h="' + (sec.headings.length - 1) + '"]')
          : root.querySelector('.kb-draft-adders[data-s="' + s + '"][data-h="-1"]');
        after.after(el("p", { cls: "kb-draft-adders kb-draft-heading-add" }, [button("添加一个方面", function () {
          var path = ui.change(function () { return M.addHeading(ui.draft(), s); });
          var head = root.querySelector('[data-path="' + path + '"]');
          if (head) startEdit(head, path, false);
        }, "kb-heading-add")]));
      }
    });
    if (!outline) {
      doc.appendChild(el("p", { cls: "kb-draft-outline kb-draft-outline-add" }, [button("加入相互批评意见（会上发言提纲）", edit(function () {
        M.outlineIndex(ui.draft(), true);
      }), "kb-outline-add")]));
    }
    var open = !suggestBox.hidden && root.querySelector('.kb-draft-adders[data-s="' + suggestBox.dataset.s + '"][data-h="' + suggestBox.dataset.h + '"]');
    if (open) open.after(suggestBox); else suggestBox.hidden = true;
    ui.renderFindings(findings);
  }

  /* The last row of a list (or its heading) in the document, to put the adders after. */
  function place(s, h) {
    var rows = Array.prototype.filter.call(root.querySelectorAll(".kb-draft-doc [data-path]"), function (n) {
      var p = n.dataset.path === "title" ? null : M.parse(n.dataset.path);
      return p && p.s === s && (h < 0 ? p.h < 0 : p.h === h);
    });
    return rows[rows.length - 1] || $(".kb-draft-doc").lastChild;
  }

  ui.render = render;
};
