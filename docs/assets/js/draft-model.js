/* The 起草台's draft model: plain data, versioned JSON, 公文 numbering. No DOM here.
 *
 * A draft is {format: "kb-draft", version, id, name, meta, title, sections}. A section is
 * {kind, title, items, headings}; kind is opening, rectification, problems, causes, remedies,
 * case, closing or other; problems (and case, when the framework names its parts) hold headings
 * {title, dims, items}, the others hold items directly. An item is {text, ref?, kind?, dim?, target?}:
 * ref is the catalogue entry it came from; its text is the user's from then on.
 * Version 2 adds an optional last section of kind "criticisms": 相互批评意见（会上发言提纲）, what the
 * writer will say to others at the meeting. It is edited like the rest but is not part of the
 * 对照检查材料: text() and paragraphs() leave it out; outlineText() and outlineParagraphs() are its own.
 * The JSON a draft is saved as, and the migration of older versions, are in draft-json.js.
 * Numbers are never stored: numbered() derives them (一、 （一） 一是) on every call, so they
 * follow every insertion, move and removal.
 * Item paths (strings): "title", "S" (section title), "S.I" (item of a section), "S.hH" (heading),
 * "S.hH.I" (item under a heading) — S, H, I zero-based.
 */
(function () {
  "use strict";
  var FORMAT = "kb-draft";
  var VERSION = 2;
  var OUTLINE = "criticisms";
  var OUTLINE_TITLE = "相互批评意见（会上发言提纲）";
  var OUTLINE_DOC = "相互批评意见发言提纲";
  var NUMBERED = { rectification: 1, problems: 1, causes: 1, remedies: 1, case: 1, other: 1 };
  var LEVEL_WORDS = { team: "领导班子", branch: "党支部", individual: "个人" };
  var SECTION_TITLES = { rectification: "上年度整改落实情况", problems: "存在的主要问题", causes: "原因剖析",
    remedies: "整改措施", case: "反面典型案例剖析" };

  function cn(n) {
    var d = "零一二三四五六七八九";
    if (n < 10) return d[n];
    if (n < 20) return "十" + (n % 10 ? d[n % 10] : "");
    return d[Math.floor(n / 10)] + "十" + (n % 10 ? d[n % 10] : "");
  }

  /* Plain text only: control characters go (tabs and line breaks become spaces); markup stays
   * literal text, which the page only ever puts in text nodes. */
  function clean(text) {
    return String(text == null ? "" : text).replace(/[\t\n\r\u2028\u2029]+/g, " ")
      .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  }

  function uid() { return "d" + Date.now().toString(36) + Math.random().toString(36).slice(2, 7); }

  function meetingName(meta, fw) {
    if (meta.meeting === "dsh") return "民主生活会";
    if (meta.meeting === "zsh") return "组织生活会";
    if (fw && /民主生活会/.test(fw.meeting) && meta.level === "team") return "专题民主生活会";
    return meta.meeting === "special" ? "专题组织生活会" : "";
  }

  function defaultTitle(meta, fw) {
    var year = meta.year ? meta.year + "年度" : "";
    return "〔单位〕" + year + meetingName(meta, fw) + (LEVEL_WORDS[meta.level] || "") + "对照检查材料";
  }

  function section(kind, items, headings) {
    var s = { kind: kind, title: SECTION_TITLES[kind] || "", items: items || [] };
    if (headings) s.headings = headings;
    return s;
  }

  /* The skeleton for {meeting, year, level, role}, a framework of core.frameworks (or none) and
   * core.skeleton's default paragraphs. */
  function skeleton(meta, fw, core) {
    var lv = meta.level || "team";
    var texts = (core && core.skeleton) || {};
    /* The first paragraph of the part written for this level that fits the meeting and role. */
    var pick = function (part) {
      return ((texts[part] || {})[lv] || []).filter(function (p) {
        return (!p.meetings.length || meta.meeting === "special" || p.meetings.indexOf(meta.meeting) >= 0) &&
          (!p.roles.length || !meta.role || p.roles.indexOf(meta.role) >= 0);
      })[0];
    };
    var para = function (part) { var p = pick(part); return p ? [{ text: p.text }] : []; };
    var heads = fw ? fw.headings.filter(function (h) { return !h.case; }) : [];
    var cases = fw ? fw.headings.filter(function (h) { return h.case; }) : [];
    var sections = [section("opening", para("opening"))];
    if (meta.meeting !== "special") sections.push(section("rectification", para("rectification")));
    sections.push(section("problems", [], heads.map(function (h) {
      return { title: h.title, dims: h.dims.slice(), items: [] };
    })));
    sections.push(section("causes"), section("remedies"));
    if (fw && fw.case) {
      var named = cases.filter(function (h) { return h.title !== "反面典型案例剖析"; });
      var model = pick("case");  // a 段落范式 of the catalogue: its two halves, to adapt
      var halves = model ? [model.analysis, model.self_check] : [];
      sections.push(named.length ? section("case", [], named.map(function (h, k) {
        return { title: h.title, dims: h.dims.slice(), items: halves[k] ? [{ text: halves[k] }] : [] };
      })) : section("case", halves.map(function (t) { return { text: t }; })));
    }
    sections.push(section("closing", para("closing")));
    return {
      format: FORMAT, version: VERSION, id: uid(), name: "",
      meta: { meeting: meta.meeting || "", year: Number(meta.year) || null, level: lv, role: meta.role || "",
        framework: fw ? fw.id : "", report: "" },
      title: defaultTitle(meta, fw), sections: sections
    };
  }

  /* A draft with a sample report's structure and text (data from assets/draft/report-<id>.js). */
  function fromReport(r, core) {
    var kinds = { problems: "problems", causes: "causes", remedies: "remedies", rectification: "rectification" };
    var fw = core && core.frameworks.filter(function (f) { return f.id === r.framework; })[0];
    var items = function (list, kind) {
      return list.map(function (it) {
        var item = { text: clean(it.text) };
        if (it.ref) { item.ref = it.ref; item.kind = kind; }
        return item;
      });
    };
    var refKind = { problems: "issue", causes: "cause", remedies: "remedy" };
    var sections = [section("opening", [{ text: clean(r.opening) }])];
    r.sections.forEach(function (s) {
      // a report's 反面典型案例剖析 is an "other" section by its title: the draft's case section, so
      // that its 段落范式 are offered there
      var kind = kinds[s.kind] || (s.title === "反面典型案例剖析" ? "case" : "other");
      var list = s.paragraphs.map(function (p) { return { text: clean(p) }; }).concat(items(s.items, refKind[s.kind]));
      var out = section(kind, list, s.headings.length ? s.headings.map(function (h) {
        var fh = fw && h.n ? fw.headings[h.n - 1] : null;
        return { title: clean(h.title), dims: fh ? fh.dims.slice() : [], items: items(h.items, refKind[s.kind]) };
      }) : (kind === "problems" ? [] : undefined));
      out.title = clean(s.title);
      sections.push(out);
    });
    if (r.closing) sections.push(section("closing", [{ text: clean(r.closing) }]));
    return {
      format: FORMAT, version: VERSION, id: uid(), name: "",
      meta: { meeting: /民主生活会/.test(r.meeting) ? "dsh" : "zsh", year: r.year, level: r.level, role: "",
        framework: r.framework, report: r.id },
      title: clean(r.title), sections: sections
    };
  }

  function blank() {
    return { format: FORMAT, version: VERSION, id: uid(), name: "",
      meta: { meeting: "", year: null, level: "", role: "", framework: "", report: "" },
      title: "〔单位〕对照检查材料",
      sections: [section("opening", [{ text: "" }]), section("problems", [], []), section("causes"),
        section("remedies"), section("closing", [{ text: "" }])] };
  }

  // ---- paths -----------------------------------------------------------------------------------
  function parse(path) {
    if (path === "title") return { title: true };
    var m = /^(\d+)(?:\.h(\d+))?(?:\.(\d+))?$/.exec(String(path));
    if (!m) throw new Error("无效的位置：" + path);
    return { s: +m[1], h: m[2] === undefined ? -1 : +m[2], i: m[3] === undefined ? -1 : +m[3] };
  }
  function format(s, h, i) { return s + (h >= 0 ? ".h" + h : "") + (i >= 0 ? "." + i : ""); }

  function listOf(d, s, h) {
    var sec = d.sections[s];
    if (!sec) throw new Error("没有第 " + (s + 1) + " 部分");
    if (h < 0) return sec.items;
    if (!sec.headings || !sec.headings[h]) throw new Error("没有这个小标题");
    return sec.headings[h].items;
  }

  function get(d, path) {
    var p = parse(path);
    if (p.title) return d.title;
    if (p.i < 0) return p.h < 0 ? d.sections[p.s].title : d.sections[p.s].headings[p.h].title;
    var it = listOf(d, p.s, p.h)[p.i];
    return it ? it.text : undefined;
  }

  function setText(d, path, text) {
    var p = parse(path);
    text = clean(text);
    if (p.title) { d.title = text; return; }
    if (p.i < 0) {
      if (p.h < 0) d.sections[p.s].title = text; else d.sections[p.s].headings[p.h].title = text;
      return;
    }
    var it = listOf(d, p.s, p.h)[p.i];
    if (!it) throw new Error("没有这一项：" + path);
    it.text = text;
  }

  function insert(d, s, h, item) {
    var list = listOf(d, s, h);
    list.push(item);
    return format(s, h, list.length - 1);
  }

  function addText(d, s, h, text) { return insert(d, s, h, { text: clean(text) }); }

  /* A heading of the writer's own under a section (存在的主要问题): for a framework whose headings
   * were not found, or a notice that lists more. Open to every dimension; returns its path. */
  var NEW_HEADING = "〔本方面的标题，照所收通知填写〕";
  function addHeading(d, s) {
    var sec = d.sections[s];
    sec.headings = sec.headings || [];
    sec.headings.push({ title: NEW_HEADING, dims: [], items: [] });
    return format(s, sec.headings.length - 1, -1);
  }

  function addEntry(d, s, h, entry) {
    var item = { text: clean(entry.text), ref: entry.id, kind: entry.kind };
    if (entry.dim) item.dim = entry.dim;
    if (entry.target) item.target = entry.target;
    if (entry.dims && entry.dims.length) item.dims = entry.dims.slice();
    return insert(d, s, h, item);
  }

  /* The index of the 相互批评意见 part, added at the end when `create` and absent; -1 if none. */
  function outlineIndex(d, create) {
    var s = d.sections.map(function (x) { return x.kind; }).indexOf(OUTLINE);
    if (s < 0 && create) { d.sections.push(section(OUTLINE)); s = d.sections.length - 1; d.sections[s].title = OUTLINE_TITLE; }
    return s;
  }

  function remove(d, path) {
    var p = parse(path);
    if (p.i < 0 && p.h < 0) {  // a whole section: only the optional part can go
      if (!d.sections[p.s] || d.sections[p.s].kind !== OUTLINE) throw new Error("这一部分不能删除：" + path);
      d.sections.splice(p.s, 1);
      return;
    }
    if (p.i < 0 && p.h >= 0) { d.sections[p.s].headings.splice(p.h, 1); return; }
    listOf(d, p.s, p.h).splice(p.i, 1);
  }

  /* Move an item by delta within its list (or a heading among headings); returns the new path. */
  function move(d, path, delta) {
    var p = parse(path);
    var list = p.i < 0 ? d.sections[p.s].headings : listOf(d, p.s, p.h);
    var from = p.i < 0 ? p.h : p.i;
    var to = Math.max(0, Math.min(list.length - 1, from + delta));
    list.splice(to, 0, list.splice(from, 1)[0]);
    return p.i < 0 ? format(p.s, to, -1) : format(p.s, p.h, to);
  }

  /* Move an item to another place (drag and drop), possibly into another list. */
  function moveTo(d, path, target) {
    var p = parse(path);
    var t = parse(target);
    var item = listOf(d, p.s, p.h).splice(p.i, 1)[0];
    var list = listOf(d, t.s, t.h);
    var at = Math.max(0, Math.min(list.length, t.i < 0 ? list.length : t.i));
    list.splice(at, 0, item);
    return format(t.s, t.h, at);
  }

  // ---- numbering and output ----------------------------------------------------------------------
  /* Every line as it is read out, in order: {style: title|h1|h2|body, label, text, path, item}. */
  function numbered(d) {
    var out = [{ style: "title", label: "", text: d.title, path: "title" }];
    var n = 0;
    d.sections.forEach(function (sec, s) {
      if (sec.kind === OUTLINE) { out = out.concat(outlineLines(sec, s)); return; }
      var numbered = NUMBERED[sec.kind];
      if (numbered && sec.title) out.push({ style: "h1", label: cn(++n) + "、", text: sec.title, path: String(s) });
      var inner = numbered ? function (k) { return "（" + cn(k + 1) + "）"; } : function () { return ""; };
      sec.items.forEach(function (it, i) {
        out.push({ style: "body", label: numbered && sec.kind !== "rectification" && sec.kind !== "other" ? inner(i) : "",
          text: it.text, path: format(s, -1, i), item: it });
      });
      (sec.headings || []).forEach(function (h, k) {
        out.push({ style: "h2", label: "（" + cn(k + 1) + "）", text: h.title, path: format(s, k, -1) });
        h.items.forEach(function (it, i) {
          out.push({ style: "body", label: cn(i + 1) + "是", text: it.text, path: format(s, k, i), item: it });
        });
      });
    });
    return out;
  }

  /* The 相互批评意见 part's lines, marked `outline`, numbered on their own (（一）（二）…). */
  function outlineLines(sec, s) {
    return [{ style: "h1", label: "", text: sec.title, path: String(s), outline: true }].concat(sec.items.map(function (it, i) {
      return { style: "body", label: "（" + cn(i + 1) + "）", text: it.text, path: format(s, -1, i), item: it, outline: true };
    }));
  }

  /* The report's lines: everything but the 相互批评意见 part. */
  function report(d) {
    return numbered(d).filter(function (l) { return !l.outline && (l.text || l.label); });
  }

  function text(d) {
    return report(d).map(function (l) { return l.label + l.text; }).join("\n") + "\n";
  }

  /* Paragraphs for the .docx writer: [{style, text}] with the numbering in the text. */
  function paragraphs(d) {
    return report(d).map(function (l) { return { style: l.style, text: l.label + l.text }; });
  }

  /* The 相互批评意见 part on its own: a title and the filled items, for its copy and its .docx. */
  function outlineParagraphs(d) {
    var s = outlineIndex(d, false);
    var lines = s < 0 ? [] : outlineLines(d.sections[s], s).filter(function (l) { return l.style === "body" && l.text.trim(); });
    return [{ style: "title", text: OUTLINE_DOC }].concat(lines.map(function (l, n) {
      return { style: "body", text: "（" + cn(n + 1) + "）" + l.text };
    }));
  }

  function outlineText(d) {
    return outlineParagraphs(d).map(function (p) { return p.text; }).join("\n") + "\n";
  }

  /* Every item with its path: [{path, item, section, heading}]. */
  function items(d) {
    var out = [];
    d.sections.forEach(function (sec, s) {
      sec.items.forEach(function (it, i) { out.push({ path: format(s, -1, i), item: it, section: sec, heading: null }); });
      (sec.headings || []).forEach(function (h, k) {
        h.items.forEach(function (it, i) { out.push({ path: format(s, k, i), item: it, section: sec, heading: h }); });
      });
    });
    return out;
  }

  /* Where an entry of this kind (and dimension, or a passage's part) belongs: {s, h} or null when it
   * cannot tell. A criticism goes to the 相互批评意见 part, which is added if the draft has none. */
  var PART_SECTION = { opening: "opening", rectification: "rectification", "case-analysis": "case", closing: "closing", pledge: "closing" };
  function placeFor(d, kind, dim, part) {
    if (kind === "criticism") return { s: outlineIndex(d, true), h: -1 };
    var want = kind === "passage" ? PART_SECTION[part] : { issue: "problems", cause: "causes", remedy: "remedies" }[kind];
    var s = d.sections.map(function (x) { return x.kind; }).indexOf(want);
    if (s < 0) return null;
    if (kind === "passage" && (d.sections[s].headings || []).length) return null;  // which half: ask
    if (kind !== "issue") return { s: s, h: -1 };
    var hs = [];
    var open = [];
    (d.sections[s].headings || []).forEach(function (h, k) {
      if (dim && h.dims.indexOf(dim) >= 0) hs.push(k);
      if (!h.dims.length) open.push(k);
    });
    if (!(d.sections[s].headings || []).length) return { s: s, h: -1 };
    if (!hs.length && open.length === 1) hs = open;  // a heading open to every dimension takes it
    return hs.length === 1 ? { s: s, h: hs[0] } : null;
  }

  window.KbDraftModel = {
    FORMAT: FORMAT, VERSION: VERSION, cn: cn, clean: clean, skeleton: skeleton, fromReport: fromReport,
    blank: blank, parse: parse, format: format, get: get, setText: setText, addText: addText,
    addEntry: addEntry, addHeading: addHeading, remove: remove, move: move, moveTo: moveTo, numbered: numbered, text: text,
    paragraphs: paragraphs, items: items, placeFor: placeFor,
    defaultTitle: defaultTitle, OUTLINE: OUTLINE, outlineIndex: outlineIndex, outlineText: outlineText,
    outlineParagraphs: outlineParagraphs, section: section, uid: uid, OUTLINE_TITLE: OUTLINE_TITLE
  };
})();
