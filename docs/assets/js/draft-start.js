/* 起草台 start form: meeting, year, level (and role for 个人), the frameworks that match with their
 * confidence, any framework, a sample report or a blank draft. DOM only; see draft-page.js for `ui`.
 */
window.KbDraftStart = function (ui) {
  "use strict";
  var M = window.KbDraftModel;
  var core = ui.core, el = ui.el, form = ui.form;
  function radios(fs, name, pairs) {
    pairs.forEach(function (p, n) {
      var r = el("input", { type: "radio", name: name, value: p[0] });
      if (!n) r.checked = true;
      fs.appendChild(el("label", {}, [r, p[1]]));
    });
  }
  function fwMatches(f, meeting, year, level) {
    var m = meeting === "dsh" ? /民主生活会/.test(f.meeting) && !/专题/.test(f.meeting.replace(/、.*$/, "")) :
      meeting === "zsh" ? /组织生活会/.test(f.meeting) : /专题/.test(f.meeting);
    return m && f.levels.indexOf(level) >= 0 && Math.abs(f.year - year) <= 1;
  }
  var CONF = { high: "可信度较高", medium: "可信度中等", unsure: "未能核实" };
  function propose() {
    var v = startValues();
    form.querySelector(".kb-draft-roles").hidden = v.level !== "individual";
    var list = form.querySelector(".kb-draft-proposals");
    list.textContent = "";
    var fits = core.frameworks.filter(function (f) { return fwMatches(f, v.meeting, v.year, v.level); })
      .sort(function (a, b) { return Math.abs(a.year - v.year) - Math.abs(b.year - v.year); });
    fits.forEach(function (f, n) {
      var r = el("input", { type: "radio", name: "proposal", value: f.id });
      if (!n && !form.elements.framework.value) r.checked = true;  // a framework chosen below wins
      r.addEventListener("change", function () { form.elements.framework.value = ""; });
      list.appendChild(el("li", {}, [el("label", {}, [r, f.title + "（" + f.label + "，" + (CONF[f.confidence] || "") + "）"])]));
    });
    if (!fits.length) list.appendChild(el("li", { text: "没有与所选会议、年度和层级都相符的框架；请在下面选一个。" }));
  }
  function startValues() {
    var fd = new FormData(form);
    return { meeting: fd.get("meeting"), year: Number(fd.get("year")) || new Date().getFullYear(),
      level: fd.get("level"), role: fd.get("level") === "individual" ? fd.get("role") : "",
      framework: fd.get("framework") || fd.get("proposal") || "", report: fd.get("report") || "" };
  }
  function setupStart() {
    ui.options(form.elements.meeting, core.meetings);
    radios(form.querySelector(".kb-draft-levels"), "level", core.levels);
    radios(form.querySelector(".kb-draft-roles"), "role", core.roles);
    ui.options(form.elements.framework, core.frameworks.map(function (f) { return [f.id, f.title + "（" + f.label + "）"]; }), "（按上面的推荐）");
    ui.options(form.elements.report, core.reports.map(function (r) { return [r.id, r.title + (r.origin === "model" ? "（示例）" : "")]; }), "（不用范文）");
    form.elements.year.value = new Date().getFullYear() - 1;
    form.addEventListener("change", function (e) {
      if (e.target.name !== "framework" && e.target.name !== "report" && e.target.name !== "proposal") propose();
      if (e.target.name === "framework" && e.target.value) {
        Array.prototype.forEach.call(form.querySelectorAll("[name=proposal]"), function (r) { r.checked = false; });
      }
      form.querySelector(".kb-draft-model-warning").hidden = !form.elements.report.value;
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = startValues();
      (v.report ? ui.startFromReport(v.report) : Promise.resolve(ui.start(v))).catch(function (err) { ui.say(err.message); });
    });
    form.querySelector("[data-act=blank]").addEventListener("click", function () { ui.begin(M.blank()); });
    form.querySelector("[data-act=cancel-start]").addEventListener("click", function () { if (ui.draft()) ui.showStart(false); });
    propose();
  }

  return { setup: setupStart };
};
