/* The 起草台's 自查: rules over a draft (or pasted text) returning findings
 * [{code, severity, message, tip, where, detail}]. No DOM here.
 *
 * Lists, thresholds and each rule's message and tip come from data/vocab/selfcheck.yml (core.selfcheck);
 * the rules shared with `kb check` use its own patterns and typo table (core.shared): KB304 typos,
 * KB305 placeholders (×××, XX, 某某), KB306 contact details (draft-contact.js). 照搬照抄 looks every window of `run`
 * folded characters up in the build-time n-gram index (assets/draft/overlap.js, kb/overlap.py).
 * Folding is the phrase engine's: window.KbPhrase.fold when present, else the same table from core.
 */
(function () {
  "use strict";
  var M = window.KbDraftModel;
  var PLACEHOLDER = /〔[^〔〕]*〕/g;

  function Checker(core) {
    this.core = core;
    this.sc = core.selfcheck;
    this.rules = {};
    var self = this;
    this.sc.rules.concat(core.shared.rules).forEach(function (r) { self.rules[r.code] = r; });
    this.placeholder = new RegExp(core.shared.placeholder, "g");
    this.contact = new window.KbDraftContact(core.shared.contact);
    var typos = Object.keys(core.shared.typos || {}).sort(function (a, b) { return b.length - a.length; });
    this.typo = typos.length ? new RegExp(typos.map(esc).join("|"), "g") : null;
    this.concrete = new RegExp(this.sc.concrete);
    this.foldCache = new Map();
    this.index = null;
  }

  function esc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  Checker.prototype.find = function (code, where, message, detail) {
    var r = this.rules[code] || { severity: "warning", message: "", tip: "" };
    return { code: code, severity: r.severity, message: message || r.message, tip: r.tip, where: where, detail: detail || null };
  };

  // ---- folding and the overlap index ----------------------------------------------------------
  /* One character folded by the phrase engine's rules. */
  Checker.prototype.foldChar = function (ch) {
    var out = this.foldCache.get(ch);
    if (out !== undefined) return out;
    try {
      if (!window.KbPhrase || typeof window.KbPhrase.fold !== "function") throw new Error("no engine");
      out = window.KbPhrase.fold(ch);  // the engine folds once its index's table is in
      if (out && typeof out === "object") out = out.s;
    } catch (e) {
      var rep = this.core.fold[ch.codePointAt(0)];  // the same table, as the index builder gives it
      out = rep === undefined ? ch : rep;
    }
    this.foldCache.set(ch, String(out));
    return String(out);
  };

  /* Folded code points of text and, for each, the offset in text of the character it came from. */
  Checker.prototype.fold = function (text) {
    var cps = [];
    var at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var w = cp > 0xffff ? 2 : 1;
      var piece = this.foldChar(text.slice(i, i + w));
      for (var k = 0; k < piece.length;) {
        var c = piece.codePointAt(k);
        cps.push(c); at.push(i);
        k += c > 0xffff ? 2 : 1;
      }
      i += w;
    }
    return { cps: cps, at: at };
  };

  /* The 照搬照抄 index: about a million numbers at 10,000 entries, written as base-32 text.
   * With `slice` (a function that schedules one, such as requestIdleCallback) it is decoded a
   * slice at a time, so that no long task stands in the way of a reader's click; the index is in
   * use once the Promise returned has resolved. Without, at once. */
  Checker.prototype.useIndex = function (data, slice) {
    var self = this;
    var MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_";
    var digit = new Int8Array(128).fill(-1);
    ("0123456789ABCDEFGHIJKLMNOPQRSTUV" + MORE).split("").forEach(function (c, n) { digit[c.charCodeAt(0)] = n; });
    var STEP = slice ? 400000 : Infinity;  // characters a slice, a few milliseconds
    function decoder(text, count, gaps) {
      var out = new Float64Array(count);
      var n = 0, value = 0, prev = -1, i = 0;
      return { out: out, step: function () {
        var end = Math.min(text.length, i + STEP);
        for (; i < end; i++) {
          var d = digit[text.charCodeAt(i)];
          if (d >= 32) { value = value * 32 + d - 32; continue; }
          value = value * 32 + d;
          if (gaps) { prev += value + 1; out[n++] = prev; } else out[n++] = value;
          value = 0;
        }
        return i >= text.length;
      } };
    }
    var parts = [decoder(data.gaps, data.count, true), decoder(data.owners, data.count, false)];
    function finish() {
      self.index = { run: data.run, base: data.base, hashes: parts[0].out, owners: parts[1].out, records: data.records };
    }
    if (!slice) {
      parts.forEach(function (p) { p.step(); });
      finish();
      return Promise.resolve();
    }
    var k = 0;
    return new Promise(function (resolve) {
      (function go() {
        if (parts[k].step()) k++;
        if (k === parts.length) { finish(); resolve(); } else slice(go);
      })();
    });
  };

  Checker.prototype.lookup = function (h) {
    var a = this.index.hashes;
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < h) lo = mid + 1; else hi = mid; }
    return lo < a.length && a[lo] === h ? lo : -1;
  };

  /* Copied runs of one text: {folded, copied (folded chars in runs), runs: [[start, end) in text, record]]}. */
  Checker.prototype.copied = function (text) {
    var f = this.fold(text);
    var out = { folded: f.cps.length, copied: 0, runs: [] };
    var ix = this.index;
    if (!ix || f.cps.length < ix.run) return out;
    var covered = new Uint8Array(f.cps.length);
    var owner = new Int32Array(f.cps.length).fill(-1);
    for (var j = 0; j + ix.run <= f.cps.length; j++) {
      var h = 0;
      for (var k = 0; k < ix.run; k++) h = (Math.imul(h, ix.base) + f.cps[j + k]) >>> 0;
      var at = this.lookup(h);
      if (at < 0) continue;
      for (k = 0; k < ix.run; k++) { covered[j + k] = 1; if (owner[j + k] < 0) owner[j + k] = ix.owners[at]; }
    }
    for (var i = 0; i < covered.length;) {
      if (!covered[i]) { i++; continue; }
      var start = i;
      while (i < covered.length && covered[i]) i++;
      out.copied += i - start;
      var last = f.at[i - 1];
      out.runs.push([f.at[start], last + (text.codePointAt(last) > 0xffff ? 2 : 1), ix.records[owner[start]]]);
    }
    return out;
  };

  // ---- text rules (also the 粘贴全文自查) ----------------------------------------------------------
  Checker.prototype.textRules = function (text, where, level, out) {
    var ph = text.match(PLACEHOLDER);
    if (ph) out.push(this.find("ZC201", where, "还有 " + ph.length + " 处〔〕占位符：" + ph.slice(0, 4).join("、") + (ph.length > 4 ? "等" : "")));
    var bare = text.replace(PLACEHOLDER, "");
    this.placeholder.lastIndex = 0;
    var m = this.placeholder.exec(bare);
    if (m) out.push(this.find("KB305", where, "“" + m[0] + "”是占位符，要换成具体的人和事"));
    if (this.typo) {
      this.typo.lastIndex = 0;
      var t = this.typo.exec(text);
      if (t) out.push(this.find("KB304", where, "错别字：“" + t[0] + "”应为“" + this.core.shared.typos[t[0]] + "”"));
    }
    if (this.contact.found(text)) out.push(this.find("KB306", where, "含联系方式，提交前删去"));
    if (level) this.voice(text, where, level, out);
    var self = this;
    text.split(/[。！？；]/).forEach(function (s) {
      if (Array.from(s).length > self.sc.sentence) out.push(self.find("ZC702", where, "句子过长（" + Array.from(s).length + " 字）：" + s.slice(0, 16) + "……"));
    });
  };

  function without(text, words) {
    words.forEach(function (w) { text = text.split(w).join("\u0000"); });
    return text;
  }

  Checker.prototype.voice = function (text, where, level, out) {
    var v = this.sc.voice;
    var personal = level === "individual";
    var t = without(text, personal ? v.collective_except : v.personal_except);
    var hit = (personal ? v.collective : v.personal).filter(function (w) { return t.indexOf(w) >= 0; })[0];
    if (hit) {
      out.push(this.find("ZC501", where, (personal ? "个人对照检查中出现了“" : "集体对照检查中出现了“") + hit + "”"));
    }
  };

  Checker.prototype.stock = function (text) {
    var n = 0, found = [];
    this.sc.stock_phrases.forEach(function (p) {
      var k = text.split(p).length - 1;
      if (k) { n += k; found.push(p); }
    });
    return { n: n, found: found };
  };

  Checker.prototype.overlapFindings = function (parts, out) {
    if (!this.index) return null;
    var total = 0, copied = 0, self = this;
    var runs = [];
    parts.forEach(function (p) {
      var c = self.copied(p.text);
      total += c.folded; copied += c.copied;
      if (c.runs.length) {
        runs.push({ where: p.where, runs: c.runs });
        var names = c.runs.map(function (r) { return r[2] ? r[2][2] : ""; }).filter(Boolean);
        out.push(self.find("ZC402", p.where, "这段文字与" + (c.runs[0][2] ? "“" + names[0] + "”" : "条目库") + "逐字相同（" + c.copied + " 字）",
          { runs: c.runs }));
      }
    });
    var share = total ? copied / total : 0;
    if (share > this.sc.overlap.share) {
      out.push(this.find("ZC401", "", "全文 " + Math.round(share * 100) + "% 的文字与条目库或范文逐字相同（超过 " +
        Math.round(this.sc.overlap.share * 100) + "%）", { share: share }));
    }
    return { share: share, runs: runs };
  };

  /* The text-level rules on pasted text: overlap, placeholders, voice, 套话. */
  Checker.prototype.checkText = function (text, level) {
    var out = [];
    text = M.clean(String(text || "").replace(/\r?\n/g, "。"));
    this.textRules(text, "paste", level, out);
    this.stockFinding(text, "paste", out);
    this.overlapFindings([{ text: text, where: "paste" }], out);
    return out;
  };

  Checker.prototype.stockFinding = function (text, where, out) {
    var s = this.stock(text);
    var per = s.n * 1000 / Math.max(Array.from(text).length, 1);
    if (s.n >= 3 && per > this.sc.stock_density) {
      out.push(this.find("ZC701", where, "套话偏多：每千字 " + per.toFixed(1) + " 处（" + s.found.slice(0, 5).join("、") + "）"));
    }
  };

  // ---- the draft ------------------------------------------------------------------------------
  function grams(text) {
    var t = Array.from(text.replace(/[^\p{L}\p{N}\p{M}]+|_/gu, ""));
    var set = new Set();
    for (var i = 0; i + 1 < t.length; i++) set.add(t[i] + t[i + 1]);
    if (!set.size) set.add(t.join(""));
    return set;
  }
  function dice(a, b) {
    var n = 0;
    a.forEach(function (g) { if (b.has(g)) n++; });
    return a.size + b.size ? 2 * n / (a.size + b.size) : 1;
  }

  Checker.prototype.check = function (d) {
    var out = [], self = this, sc = this.sc;
    var names = {};
    this.core.dims.forEach(function (x) { names[x.id] = x.name; });
    var all = M.items(d);
    var level = d.meta && d.meta.level;
    // the 相互批评意见 part is not the report: its items get the text rules (placeholders, typos,
    // contacts, duplicates) but no structure, voice, 套话 or 照搬照抄 share
    var outline = function (x) { return x.section.kind === M.OUTLINE; };
    var byKind = function (k) { return d.sections.map(function (s, i) { return [s, i]; }).filter(function (p) { return p[0].kind === k; }); };
    var full = function (it) { return it.text.trim() !== ""; };

    // structure
    byKind("problems").forEach(function (p) {
      (p[0].headings || []).forEach(function (h, k) {
        var n = h.items.filter(full).length;
        if (!n) out.push(self.find("ZC101", p[1] + ".h" + k, "“" + h.title + "”下还没有问题"));
        else if (n > sc.counts.heading[1]) out.push(self.find("ZC106", p[1] + ".h" + k, "“" + h.title + "”下有 " + n + " 个问题（常见 " + sc.counts.heading.join("—") + " 个）"));
      });
    });
    [["causes", "ZC102"], ["remedies", "ZC103"]].forEach(function (kc) {
      var secs = byKind(kc[0]);
      var n = secs.reduce(function (a, p) { return a + p[0].items.filter(full).length; }, 0);
      var range = sc.counts[kc[0]];
      if (!n) out.push(self.find(kc[1], secs.length ? String(secs[0][1]) : ""));
      else if (n < range[0] || n > range[1]) out.push(self.find("ZC106", String(secs[0][1]), "“" + secs[0][0].title + "”有 " + n + " 条（常见 " + range.join("—") + " 条）"));
    });
    d.sections.forEach(function (s, i) {
      if (s.kind === "causes" || s.kind === "remedies" || s.kind === "problems" || s.kind === M.OUTLINE) return;
      var n = s.items.filter(full).length + (s.headings || []).reduce(function (a, h) { return a + h.items.filter(full).length; }, 0);
      if (!n) out.push(self.find("ZC105", String(i), "“" + (s.title || { opening: "开头", closing: "结尾" }[s.kind] || "这一部分") + "”是空的"));
    });
    var problemDims = {}, remedyDims = {}, anyRemedyDims = false;
    all.forEach(function (x) {
      if (x.section.kind === "problems") {
        var dims = x.item.dim ? [x.item.dim] : (x.heading && x.heading.dims.length === 1 ? x.heading.dims : []);
        dims.forEach(function (dm) { problemDims[dm] = problemDims[dm] || x.path; });
      }
      if (x.section.kind === "remedies" && x.item.dims && x.item.dims.length) {
        anyRemedyDims = true;
        x.item.dims.forEach(function (dm) { remedyDims[dm] = 1; });
      }
    });
    if (anyRemedyDims) {
      var missing = Object.keys(problemDims).filter(function (dm) { return !remedyDims[dm]; });
      if (missing.length) {
        var rs = byKind("remedies")[0];
        out.push(this.find("ZC104", String(rs[1]), "整改措施没有回应这些维度的问题：" + missing.map(function (dm) { return names[dm] || dm; }).join("、")));
      }
    }

    // text rules, item by item
    this.textRules(d.title, "title", null, out);
    d.sections.forEach(function (sec, s) {
      (sec.headings || []).forEach(function (h, k) { self.textRules(h.title, M.format(s, k, -1), null, out); });
    });
    all.forEach(function (x) {
      if (!full(x.item)) { out.push(self.find("ZC105", x.path, "这一项是空的")); return; }
      self.textRules(x.item.text, x.path, outline(x) ? null : level, out);
      if (x.section.kind === "problems") {
        var t = x.item.text.replace(PLACEHOLDER, "");
        var at = -1;
        sc.example_markers.forEach(function (mk) { var k = t.indexOf(mk); if (k >= 0 && (at < 0 || k < at)) at = k; });
        if (at < 0 || !self.concrete.test(t.slice(at))) out.push(self.find("ZC301", x.path));
      }
    });
    var text = function (kind) { return all.filter(function (x) { return x.section.kind === kind; }).map(function (x) { return x.item.text; }).join(""); };
    var thought = function (t) { return sc.thought_words.some(function (w) { return t.indexOf(w) >= 0; }); };
    var probs = byKind("problems")[0];
    if (probs && text("problems") && !thought(text("problems")) && !thought(text("causes"))) out.push(this.find("ZC302", String(probs[1])));

    // duplicates
    var seen = {};
    var bodies = all.filter(function (x) { return full(x.item); });
    bodies.forEach(function (x) {
      if (!x.item.ref) return;
      if (seen[x.item.ref]) out.push(self.find("ZC601", x.path, "条目 " + x.item.ref + " 用了两次（另一处在前面）", { other: seen[x.item.ref] }));
      else seen[x.item.ref] = x.path;
    });
    var gs = bodies.map(function (x) { return grams(x.item.text); });
    for (var i = 0; i < bodies.length; i++) {
      for (var j = 0; j < i; j++) {
        if (bodies[i].item.ref && bodies[i].item.ref === bodies[j].item.ref) continue;
        var score = dice(gs[i], gs[j]);
        if (score >= sc.duplicate) out.push(this.find("ZC602", bodies[i].path, "与前面一项的相似度为 " + Math.round(score * 100) + "%", { other: bodies[j].path }));
      }
    }
    var report = bodies.filter(function (x) { return !outline(x); });
    this.stockFinding(report.map(function (x) { return x.item.text; }).join("。"), report.length ? report[0].path : "", out);
    // the closing is a formula every report shares (以上……请同志们批评指正): saying it is not 照搬照抄
    var own = report.filter(function (x) { return x.section.kind !== "closing"; });
    this.lastOverlap = this.overlapFindings(own.map(function (x) { return { text: x.item.text, where: x.path }; }), out);
    return out;
  };

  window.KbDraftCheck = { Checker: Checker, grams: grams, dice: dice };
})();
