/* The 起草台's draft files: the versioned JSON a draft is saved, exported and imported as, and the
 * migration of older versions. Adds serialize() and load() to KbDraftModel (load draft-model.js
 * first). No DOM here.
 */
(function () {
  "use strict";
  var M = window.KbDraftModel;
  var FORMAT = M.FORMAT, VERSION = M.VERSION, OUTLINE = M.OUTLINE, OUTLINE_TITLE = M.OUTLINE_TITLE;
  var clean = M.clean, uid = M.uid;

  function serialize(d) { return JSON.stringify(d, null, 1); }

  /* An item as the model writes it: what is not a string (or list of strings) is dropped. */
  function tidy(it) {
    it.text = clean(it.text);
    ["ref", "kind", "dim", "target"].forEach(function (k) { if (typeof it[k] !== "string") delete it[k]; });
    if (!Array.isArray(it.dims)) delete it.dims;
    else it.dims = it.dims.filter(function (x) { return typeof x === "string"; });
  }

  function isItem(it) { return it && typeof it === "object" && typeof it.text === "string"; }

  /* A draft from JSON text, or an Error whose message says plainly what is wrong with the file. */
  function load(source) {
    var d = source;
    if (typeof source === "string") {
      try { d = JSON.parse(source); } catch (e) { throw new Error("文件已损坏或不是 JSON 格式，无法读取。"); }
    }
    if (!d || typeof d !== "object" || d.format !== FORMAT) throw new Error("这不是起草台导出的草稿文件。");
    if (typeof d.version !== "number" || d.version > VERSION) {
      throw new Error("这个草稿来自更新版本的起草台（格式版本 " + d.version + "），本页只能读取版本 " + VERSION + " 及以前的草稿。");
    }
    var ok = typeof d.title === "string" && Array.isArray(d.sections) && d.sections.every(function (s) {
      return s && typeof s.kind === "string" && Array.isArray(s.items) && s.items.every(isItem) &&
        (s.headings === undefined || (Array.isArray(s.headings) && s.headings.every(function (h) {
          return h && typeof h.title === "string" && Array.isArray(h.items) && h.items.every(isItem);
        })));
    });
    if (!ok) throw new Error("草稿文件的内容不完整或已损坏，无法读取。");
    var out = migrate(JSON.parse(JSON.stringify(d)));
    out.title = clean(out.title);
    out.meta = out.meta && typeof out.meta === "object" ? out.meta : {};
    out.id = typeof out.id === "string" ? out.id : uid();
    out.name = clean(out.name || "");
    out.sections.forEach(function (s) {
      s.title = clean(s.title || "");
      s.items.forEach(tidy);
      (s.headings || []).forEach(function (h) {
        h.title = clean(h.title);
        h.dims = Array.isArray(h.dims) ? h.dims.filter(function (x) { return typeof x === "string"; }) : [];
        h.items.forEach(tidy);
      });
    });
    return out;
  }

  /* An older draft in the current shape. Version 1 had no 相互批评意见 part: a section of that kind
   * in it (only a hand-made file could have one) is read as an ordinary one, so it stays in the report. */
  function migrate(d) {
    if (d.version < 2) d.sections.forEach(function (s) { if (s.kind === OUTLINE) s.kind = "other"; });
    var seen = false;  // one 相互批评意见 part, last: a second one is merged into the first
    d.sections = d.sections.filter(function (s) {
      if (s.kind !== OUTLINE) return true;
      if (seen) { seen.items = seen.items.concat(s.items); return false; }
      seen = s; delete s.headings; s.title = OUTLINE_TITLE;
      return true;
    });
    if (seen) d.sections.push(d.sections.splice(d.sections.indexOf(seen), 1)[0]);
    d.version = VERSION;
    return d;
  }

  M.serialize = serialize;
  M.load = load;
})();
