/* `make serve` only: when a rebuild was refused because data/ has errors, the server keeps the last
   good site and the MkDocs hook writes the findings to kb-build-status.js; this shows them on top of
   every page until the data is fixed. Text only (textContent): a finding quotes what the contributor
   wrote, which may look like markup. */
(function () {
  "use strict";
  var findings = window.KB_BUILD_FINDINGS;
  if (!findings || !findings.length) return;

  function show() {
    var box = document.createElement("div");
    box.className = "kb-build-banner";
    box.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = "data/ 中有错误，本页显示的是上一次成功构建的站点。改好并保存后会自动重建：";
    var list = document.createElement("pre");
    list.textContent = findings.join("\n");
    box.appendChild(title);
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }

  if (document.body) show();
  else document.addEventListener("DOMContentLoaded", show);
})();
