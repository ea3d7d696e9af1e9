/* The phrase finder's engine: it fetches and reads the index scripts/kb/search.py writes and
 * verifies every match. kbPhraseEngine(port) answers messages on a MessagePort; phrases.js runs it
 * in the page on a MessageChannel. It uses nothing outside itself, so it can equally run as a Web
 * Worker (kbPhraseEngine() with no port answers on `self`); measured, a worker starts no sooner:
 * what it saves the page's main thread while the theme starts, its own start-up costs again.
 *
 * Messages in:  {type: "init", meta, index}           meta from the page, index: URL of phrase-index/
 *               {type: "find", id, q, filters, limit}  up to `limit` more results of query `id`
 *               {type: "fold", id, texts}              folded texts (tests compare them with Python's)
 * Messages out: {type: "hits", id, hits}               results from one shard, in record order
 *               {type: "end", id, total, done, exact}  candidates in all; whether all were verified;
 *                                                      whether candidates are matches (2 characters)
 *               {type: "folded", id, texts} | {type: "error", id, message}
 * A hit is a record of the index plus `marks`: [start, end) offsets of each match in its text.
 */
function kbPhraseEngine(port) {
  "use strict";
  port = port || self;

  // ---- folding: the same rules as scripts/kb/fold.py, character for character -----------------
  var MAP = new Map();
  function range(from, to, f) { for (var cp = from; cp <= to; cp++) f(cp); }
  [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f,
    0x2060, 0x3000, 0xfeff].forEach(function (cp) { MAP.set(cp, ""); });
  range(0x2000, 0x200d, function (cp) { MAP.set(cp, ""); });
  range(0xff01, 0xff5e, function (cp) { MAP.set(cp, String.fromCharCode(cp - 0xfee0)); });
  range(0x41, 0x5a, function (cp) { MAP.set(cp, String.fromCharCode(cp + 32)); });
  range(0xff21, 0xff3a, function (cp) { MAP.set(cp, String.fromCharCode(cp - 0xfee0 + 32)); });
  [[0xff61, "。"], [0xff62, "「"], [0xff63, "」"], [0xff64, "、"], [0x2026, "..."], [0x22ef, "..."]]
    .forEach(function (p) { MAP.set(p[0], p[1]); });
  [0x201c, 0x201d, 0x201e, 0x201f, 0x301d, 0x301e, 0x301f].forEach(function (cp) { MAP.set(cp, '"'); });
  [0x2018, 0x2019, 0x201a, 0x201b].forEach(function (cp) { MAP.set(cp, "'"); });
  [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63]
    .forEach(function (cp) { MAP.set(cp, "-"); });
  [0x2027, 0x30fb, 0xff65].forEach(function (cp) { MAP.set(cp, "·"); });

  /* Folded text, and for each of its UTF-16 units the offset of the character it came from. */
  function fold(text) {
    var out = "";
    var at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var width = cp > 0xffff ? 2 : 1;
      var rep = MAP.get(cp);
      var piece = rep === undefined ? text.slice(i, i + width) : rep;
      for (var k = 0; k < piece.length; k++) at.push(i);
      out += piece;
      i += width;
    }
    return { s: out, at: at };
  }

  /* [start, end) in the original text of every match of folded query q, spaces inside included. */
  function marks(text, f, q) {
    var out = [];
    for (var i = f.s.indexOf(q); i >= 0; i = f.s.indexOf(q, i + q.length)) {
      var start = f.at[i];
      var end = f.at[i + q.length - 1];
      end += text.codePointAt(end) > 0xffff ? 2 : 1;
      if (!out.length || start >= out[out.length - 1][1]) out.push([start, end]);
    }
    return out;
  }

  // ---- the index -------------------------------------------------------------------------------
  var meta = null;
  var INDEX = null;
  var files = new Map();

  function load(path, parse) {
    var p = files.get(path);
    if (!p) {
      p = fetch(new URL(path + "?v=" + meta.v, INDEX)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.text();
      }).then(parse);
      files.set(path, p);
      p.catch(function () { files.delete(path); });
    }
    return p;
  }

  function bucket(bigram) {
    var h = 2166136261;
    for (var ch of bigram) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h % meta.buckets;
  }

  function parsePostings(text) {
    var lines = new Map();
    text.split("\n").forEach(function (line) {
      var tab = line.indexOf("\t");
      if (tab > 0) lines.set(line.slice(0, tab), line.slice(tab + 1));
    });
    return lines;
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

  function posting(bigram) {
    return load("p/" + bucket(bigram) + ".txt", parsePostings).then(function (lines) {
      var line = lines.get(bigram);
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

  /* Records holding every bigram of the query: a superset of the matches, exact for two characters. */
  function candidates(chars) {
    var pairs = [];
    for (var i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
    pairs = Array.from(new Set(pairs));
    if (pairs.length > 8) { // a long pasted query: eight pairs spread over it narrow enough
      var step = (pairs.length - 1) / 7;
      pairs = [0, 1, 2, 3, 4, 5, 6, 7].map(function (n) { return pairs[Math.round(n * step)]; });
    }
    return Promise.all(pairs.map(posting)).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      return lists[0].filter(function (n) {
        for (var k = 1; k < lists.length; k++) if (!has(lists[k], n)) return false;
        return true;
      });
    });
  }

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
    return load("t/" + s + ".json", function (text) {
      return JSON.parse(text).map(function (row, k) {
        return { n: meta.shards[s] + k, id: row[0], kind: row[1], page: row[2], anchor: row[3],
          text: row[4], context: row[5], dims: row[6], levels: row[7], fws: row[8], folded: null };
      });
    });
  }

  function position(pairs, id) {
    for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === id) return i;
    return -1;
  }

  function passes(rec, f) {
    return (!f.kind || rec.kind === position(meta.kinds, f.kind)) &&
      (!f.dim || rec.dims.indexOf(position(meta.dims, f.dim)) >= 0) &&
      (!f.level || rec.levels.indexOf(position(meta.levels, f.level)) >= 0) &&
      (!f.fw || rec.fws.indexOf(position(meta.fws, f.fw)) >= 0);
  }

  /* One query: its candidates, verified in record order a few shards at a time. */
  function Search(query, filters) {
    this.q = fold(query).s;
    this.filters = filters || {};
    this.pos = 0;
    this.total = 0;
    this.cands = Array.from(this.q).length < 2 ? Promise.resolve([]) : candidates(Array.from(this.q));
  }

  /* Verify candidates until `limit` more results are found; onHits(results) after each shard, in
   * order. The first round fetches at most two shards, so the first results come soon. */
  Search.prototype.more = function (limit, onHits) {
    var self = this;
    return this.cands.then(function (cands) {
      self.total = cands.length;
      var wanted = limit;
      var width = 2;
      function round() {
        if (wanted <= 0 || self.pos >= cands.length) return;
        var shards = [];
        var batch = [];
        while (self.pos < cands.length && batch.length < Math.max(wanted, 8)) {
          var s = shardOf(cands[self.pos]);
          if (shards[shards.length - 1] !== s) {
            if (shards.length === width) break;
            shards.push(s);
          }
          batch.push(cands[self.pos++]);
        }
        width = 6;
        var loading = shards.map(shard);
        var chain = Promise.resolve();
        shards.forEach(function (s, k) {
          chain = chain.then(function () { return loading[k]; }).then(function (rows) {
            var hits = [];
            batch.forEach(function (n) {
              if (shardOf(n) !== s) return;
              var rec = rows[n - meta.shards[s]];
              if (!passes(rec, self.filters)) return;
              if (!rec.folded) rec.folded = fold(rec.text);
              if (rec.folded.s.indexOf(self.q) < 0) return;
              hits.push({ id: rec.id, kind: rec.kind, page: rec.page, anchor: rec.anchor, text: rec.text,
                context: rec.context, dims: rec.dims, levels: rec.levels, fws: rec.fws,
                marks: marks(rec.text, rec.folded, self.q) });
            });
            wanted -= hits.length;
            onHits(hits);
          });
        });
        return chain.then(round);
      }
      return round();
    });
  };

  // ---- messages --------------------------------------------------------------------------------
  var searches = new Map();

  port.onmessage = function (event) {
    var m = event.data;
    if (m.type === "init") {
      meta = m.meta;
      INDEX = new URL(m.index);
    } else if (m.type === "fold") {
      port.postMessage({ type: "folded", id: m.id, texts: m.texts.map(function (t) { return fold(t).s; }) });
    } else if (m.type === "find") {
      var search = searches.get(m.id);
      if (!search) {
        search = new Search(m.q, m.filters);
        searches.set(m.id, search);
        if (searches.size > 8) searches.delete(searches.keys().next().value); // the page asks for more of recent ones only
      }
      search.more(m.limit === null ? Infinity : m.limit, function (hits) {
        if (hits.length) port.postMessage({ type: "hits", id: m.id, hits: hits });
      }).then(function () {
        port.postMessage({ type: "end", id: m.id, total: search.total, done: search.pos >= search.total,
          exact: Array.from(search.q).length === 2 });
      }, function (error) {
        port.postMessage({ type: "error", id: m.id, message: String(error) });
      });
    }
  };
}
