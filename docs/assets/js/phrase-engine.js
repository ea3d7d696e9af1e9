/* The phrase engine: what the header search, the phrase finder (表述检索) and any other page
 * search with. It loads the index scripts/kb/search.py writes, a few small files per query, by
 * injecting classic <script> tags (each index file calls kbPhraseIndex(name, data)), never by
 * fetch or XHR, so it works from file:// too; and it verifies every match against the text.
 *
 * API (window.KbPhrase; load this file with a <script> tag, it finds the index beside itself):
 *   KbPhrase.ready                  Promise, resolves once the index's meta.js has loaded;
 *                                   everything below may be called before (it waits) except fold.
 *   KbPhrase.meta()                 the index's meta.js once ready (filters: the menus, kinds, …)
 *   KbPhrase.fold(text)             text as matched: spaces, zero-width characters and punctuation
 *                                   dropped, full-width ASCII half-width, letters lower case,
 *                                   quote/dash/ellipsis styles unified (scripts/kb/fold.json)
 *   KbPhrase.foldExact(text)        the same with punctuation kept (a "quoted" phrase)
 *   KbPhrase.search(query, filters, limit)
 *                                   Promise of {results, total, done, exact}: up to `limit` (all
 *                                   if omitted) results in catalogue order; total counts candidates
 *                                   (exactly the results when `exact`); done: all verified.
 *   KbPhrase.prefetch(query, filters)  loads what the first results of a query need, early.
 *   KbPhrase.answered()             Promise, resolves once every search started so far has given
 *                                   its first results or ended (theme-later.js waits for it);
 *   KbPhrase.searching()            true while one has not.
 *   KbPhrase.open(query, filters)   a cursor for paging: cursor.more(limit, onResults) resolves
 *                                   to the cursor when `limit` more are found or none are left;
 *                                   onResults(results) is called as each index shard is verified.
 *                                   cursor.total, .done, .exact as above; cursor.short is true
 *                                   when there is nothing to search by (no two-character word, no filter).
 * A query is words separated by spaces; a result contains every word, in any order. A word in
 * "double quotes" (or “ ”) is matched with its punctuation. filters: {kind, dim, level, fw, h, …}
 * as in the finder's address (meta.filters lists them), each one value id; empty ones are ignored.
 * A result: {id, kind, kindName, url, text, context, dims: [[id, name]], levels: [[id, name]],
 *   marks: [[start, end), …] offsets in text of the words found, merged where they touch}.
 * Text is plain text: show it with textContent, never as markup.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  // This file is assets/js/phrase-engine.js: the index is phrase-index/ at the site root.
  var SITE = new URL("../../", script.src);
  var INDEX = new URL("phrase-index/", SITE);
  var meta = null;

  // ---- loading index files by <script> tags ------------------------------------------------------
  var files = new Map(); // name → {promise, resolve, reject}

  window.kbPhraseIndex = function (name, data) {
    var f = files.get(name);
    if (f) f.resolve(data);
  };

  function load(name) {
    var f = files.get(name);
    if (f) return f.promise;
    f = {};
    f.promise = new Promise(function (resolve, reject) { f.resolve = resolve; f.reject = reject; });
    files.set(name, f);
    var tag = document.createElement("script");
    var url = new URL(name + ".js", INDEX);
    if (meta && url.protocol !== "file:") url.search = "?v=" + meta.v;
    tag.src = url.href;
    tag.async = true;
    tag.fetchPriority = "high"; // a reader is waiting: not to be queued behind images
    tag.onerror = function () {
      files.delete(name);
      f.reject(new Error("检索数据没有加载成功：" + name));
    };
    tag.onload = function () { tag.remove(); };
    document.head.appendChild(tag);
    return f.promise;
  }

  // ---- folding: the table of scripts/kb/fold.json, shipped in meta.js ----------------------------
  var MAP = new Map();
  var PUNCT = new Set();

  function table(fold) {
    fold.rules.forEach(function (rule) {
      rule[1].forEach(function (r) {
        for (var cp = r[0]; cp <= r[1]; cp++) {
          MAP.set(cp, rule[0] === "drop" ? "" : rule[0] === "shift" ? String.fromCodePoint(cp + rule[2]) : rule[2]);
        }
      });
    });
    fold.punctuation.forEach(function (r) { for (var cp = r[0]; cp <= r[1]; cp++) PUNCT.add(cp); });
  }

  /* Folded text, and for each of its UTF-16 units the offset of the character it came from. */
  function fold(text, keepPunct) {
    var out = "";
    var at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var width = cp > 0xffff ? 2 : 1;
      var rep = MAP.get(cp);
      var piece = rep === undefined ? text.slice(i, i + width) : rep;
      for (var k = 0; k < piece.length; k++) {
        if (!keepPunct && PUNCT.has(piece.charCodeAt(k))) continue;
        at.push(i);
        out += piece[k];
      }
      i += width;
    }
    return { s: out, at: at };
  }

  // ---- postings ----------------------------------------------------------------------------------
  function bucket(key) {
    var h = 2166136261;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h % meta.buckets;
  }

  var lines = new Map(); // posting file name → Map(key → encoded numbers)

  function postingFile(name) {
    if (!lines.has(name)) {
      lines.set(name, load(name).then(function (text) {
        var m = new Map();
        text.split("\n").forEach(function (line) {
          var tab = line.indexOf("\t");
          if (tab > 0) m.set(line.slice(0, tab), line.slice(tab + 1));
        });
        return m;
      }, function (e) { lines.delete(name); throw e; }));
    }
    return lines.get(name);
  }

  var DIGIT = new Int8Array(128).fill(-1);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("")
    .forEach(function (c, n) { DIGIT[c.charCodeAt(0)] = n; });

  /* Record numbers of a posting line: gaps in base 32, digits 32-63 continue a number. */
  function decode(text) {
    var out = [];
    var value = 0;
    var prev = -1;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) value = value * 32 + d - 32;
      else { prev += value * 32 + d + 1; out.push(prev); value = 0; }
    }
    return out;
  }

  function posting(key) {
    return postingFile("p/" + bucket(key)).then(function (m) {
      var line = m.get(key);
      return line === undefined ? [] : decode(line);
    });
  }

  function has(sorted, n) {
    var lo = 0;
    var hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < n) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === n;
  }

  /* Bigrams of a folded word; a long pasted one is narrowed enough by eight spread over it. */
  function pairs(word) {
    var chars = Array.from(word);
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    out = Array.from(new Set(out));
    if (out.length > 8) {
      var step = (out.length - 1) / 7;
      out = [0, 1, 2, 3, 4, 5, 6, 7].map(function (n) { return out[Math.round(n * step)]; });
    }
    return out;
  }

  function intersect(keys) {
    return Promise.all(keys.map(posting)).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      return lists[0].filter(function (n) {
        for (var k = 1; k < lists.length; k++) if (!has(lists[k], n)) return false;
        return true;
      });
    });
  }

  // ---- the query -------------------------------------------------------------------------------
  /* Words of a query: {q: folded word, exact: quoted, loose: its folding without punctuation}. */
  function words(query) {
    var out = [];
    var re = /["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?|[^\s"\u201c\u201d]+/g;
    var m;
    while ((m = re.exec(query)) !== null) {
      var quoted = m[1] !== undefined;
      var raw = quoted ? m[1] : m[0];
      var loose = fold(raw, false).s;
      var q = quoted ? fold(raw, true).s : loose;
      if (q) out.push({ q: q, exact: quoted, loose: loose });
    }
    return out;
  }

  function filterKeys(filters) {
    var keys = [];
    meta.filters.forEach(function (f) {
      var v = filters && filters[f.name];
      if (v) keys.push("@" + f.name + "=" + v);
    });
    return keys;
  }

  // ---- shards and verification -----------------------------------------------------------------
  function shardOf(n) {
    var lo = 0;
    var hi = meta.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.shards[mid] <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function shard(s) {
    return load("t/" + s).then(function (rows) {
      return rows.map(function (row) {
        return { id: row[0], kind: row[1], page: row[2], anchor: row[3], text: row[4], context: row[5],
          dims: row[6], levels: row[7], loose: null, exact: null };
      });
    });
  }

  function marksOf(text, f, q, out) {
    for (var i = f.s.indexOf(q); i >= 0; i = f.s.indexOf(q, i + q.length)) {
      var end = f.at[i + q.length - 1];
      out.push([f.at[i], end + (text.codePointAt(end) > 0xffff ? 2 : 1)]);
    }
  }

  /* The result for a record, or null when a word is missing. */
  function verify(rec, ws) {
    var spans = [];
    for (var k = 0; k < ws.length; k++) {
      var w = ws[k];
      var f = w.exact ? (rec.exact = rec.exact || fold(rec.text, true)) : (rec.loose = rec.loose || fold(rec.text, false));
      if (f.s.indexOf(w.q) < 0) return null;
      marksOf(rec.text, f, w.q, spans);
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var marks = [];
    spans.forEach(function (s) {
      var last = marks[marks.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else marks.push(s.slice());
    });
    var pair = function (list) { return function (n) { return list[n]; }; };
    return { id: rec.id, kind: meta.kinds[rec.kind][0], kindName: meta.kinds[rec.kind][1],
      url: new URL(meta.pages[rec.page] + "#" + rec.anchor, SITE).href, text: rec.text,
      context: rec.context, dims: rec.dims.map(pair(meta.dims)), levels: rec.levels.map(pair(meta.levels)),
      marks: marks };
  }

  /* One query: its candidates, verified in record order a few shards at a time. */
  function Cursor(query, filters) {
    var ws = words(query);
    var keys = [];
    ws.forEach(function (w) { keys = keys.concat(pairs(w.loose)); });
    keys = Array.from(new Set(keys)).concat(filterKeys(filters));
    this.words = ws;
    this.short = !keys.length;
    this.exact = ws.every(function (w) { return !w.exact && Array.from(w.loose).length === 2; });
    this.pos = 0;
    this.total = 0;
    this.done = this.short;
    this.cands = keys.length ? intersect(keys) : Promise.resolve([]);
  }

  /* The first round loads at most two shards, so the first results come soon. Never more than
   * `limit` results: verification stops there, and the next call goes on from that candidate. */
  Cursor.prototype.more = function (limit, onResults) {
    var self = this;
    limit = limit === undefined || limit === null ? Infinity : limit;
    return this.cands.then(function (cands) {
      self.total = cands.length;
      var wanted = limit;
      var width = 2;
      function round() {
        if (wanted <= 0 || self.pos >= cands.length) return self;
        var shards = [];
        var end = self.pos;
        while (end < cands.length && end - self.pos < Math.max(wanted, 8)) {
          var s = shardOf(cands[end]);
          if (shards[shards.length - 1] !== s) {
            if (shards.length === width) break;
            shards.push(s);
          }
          end++;
        }
        width = 6;
        var loading = shards.map(shard);
        var chain = Promise.resolve();
        shards.forEach(function (s, k) {
          chain = chain.then(function () { return loading[k]; }).then(function (rows) {
            var found = [];
            while (wanted > 0 && self.pos < end && shardOf(cands[self.pos]) === s) {
              var n = cands[self.pos++];
              var hit = verify(rows[n - meta.shards[s]], self.words);
              if (hit) { found.push(hit); wanted--; }
            }
            if (onResults && found.length) onResults(found);
          });
        });
        return chain.then(round);
      }
      return round();
    }).then(function () {
      self.done = self.pos >= self.total;
      return self;
    });
  };

  function loaded(text) {
    if (!meta) throw new Error("KbPhrase.fold: wait for KbPhrase.ready");
    return String(text);
  }

  var ready = load("meta").then(function (m) {
    meta = m;
    table(m.fold);
    return m;
  });

  /* Load the files a query's first results need, without searching: the finder's page asks for
   * its address's query from the head, long before its own script can run. */
  function prefetch(query, filters) {
    return ready.then(function () {
      var c = new Cursor(query, filters);
      return c.cands.then(function (cands) {
        return Promise.all(Array.from(new Set(cands.slice(0, 8).map(shardOf))).slice(0, 2).map(shard));
      });
    }).catch(function () { return null; });
  }

  if (script.hasAttribute("data-prefetch-address")) {
    ready.then(function () {
      var params = new URL(location.href).searchParams;
      var filters = {};
      meta.filters.forEach(function (f) { if (params.get(f.name)) filters[f.name] = params.get(f.name); });
      if (params.get("q") || Object.keys(filters).length) prefetch(params.get("q") || "", filters);
    });
  }

  /* Searches that have not shown anything yet: the page holds back work a reader does not wait
   * for (Material's bundle, theme-later.js) until each has its first results or has finished. */
  var unanswered = 0;
  var waiters = [];
  function answered() {
    if (--unanswered > 0) return;
    waiters.splice(0).forEach(function (resolve) { resolve(); });
  }

  window.KbPhrase = {
    prefetch: prefetch,
    /* Whether a search has been started and has not yet given its first results nor ended. */
    searching: function () { return unanswered > 0; },
    /* Promise: resolves once every search started so far has given its first results or ended. */
    answered: function () {
      return unanswered ? new Promise(function (resolve) { waiters.push(resolve); }) : Promise.resolve();
    },
    ready: ready,
    meta: function () { return meta; },
    fold: function (text) { return fold(loaded(text), false).s; },
    foldExact: function (text) { return fold(loaded(text), true).s; },
    open: function (query, filters) {
      return { more: function (limit, onResults) {
        var self = this;
        var waiting = true;
        var first = function () { if (waiting) { waiting = false; answered(); } };
        unanswered++;
        if (!self.cursor) self.cursor = ready.then(function () { return new Cursor(query, filters); });
        var done = self.cursor.then(function (c) {
          return c.more(limit, function (found) {
            if (onResults) onResults(found);
            first();
          }).then(function () {
            self.total = c.total; self.done = c.done; self.exact = c.exact; self.short = c.short;
            return self;
          });
        });
        done.then(first, first);
        return done;
      } };
    },
    search: function (query, filters, limit) {
      var results = [];
      var cursor = this.open(query, filters);
      return cursor.more(limit, function (found) { results.push.apply(results, found); }).then(function (c) {
        return { results: results, total: c.total, done: c.done, exact: c.exact, short: c.short };
      });
    },
  };
})();
