/* 起草台 自查 panel: the findings of KbDraftCheck beside the draft, each with 定位 to its place, and
 * the 粘贴全文自查 box. DOM only; the rules are draft-check.js's. Adds to `ui` (draft-page.js):
 * renderFindings(findings), findingItem(finding).
 */
window.KbDraftFindings = function (ui) {
  "use strict";
  var el = ui.el, $ = ui.$, root = ui.root;

  function renderFindings(findings) {
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
      li.appendChild(ui.button("定位", function () {
        var target = root.querySelector('.kb-draft-doc [data-path="' + f.where + '"]');
        if (!target) return;
        target.scrollIntoView({ block: "center" });
        target.classList.add("kb-flash");
        setTimeout(function () { target.classList.remove("kb-flash"); }, 1500);
      }, "kb-goto"));
    }
    return li;
  }

  // 粘贴全文自查: the text-level rules on text pasted from Word
  var pasteTimer = 0;
  $(".kb-draft-paste-text").addEventListener("input", function (e) {
    clearTimeout(pasteTimer);
    pasteTimer = setTimeout(function () {
      var list = $(".kb-draft-paste-findings");
      list.textContent = "";
      if (!e.target.value.trim()) return;
      var d = ui.draft();
      var fs = ui.checker.checkText(e.target.value, d && d.meta.level);
      if (!fs.length) list.appendChild(el("li", { text: "没有发现问题。" }));
      fs.forEach(function (f) { list.appendChild(findingItem(f)); });
    }, 150);
  });

  ui.renderFindings = renderFindings;
  ui.findingItem = findingItem;
};
