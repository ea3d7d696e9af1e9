/* 表述检索: exact phrase search over the index scripts/kb/search.py writes.
 *
 * Loaded on every page (async: it needs neither the theme nor its styles to start fetching);
 * does nothing where there is no #kb-phrase. Catalogue text is plain
 * text: results are built with createElement and textContent only, never innerHTML.
 * For automated checks: every result carries data-id; `kb-phrase-results` is dispatched on the
 * finder after each render; window.kbPhrase.find(q, filters) resolves to every result.
 */
(function () {
  "use strict";

  var root = document.getElementById("kb-phrase");
  if (!root) return;
  var meta = JSON.parse(root.getAttribute("data-meta"));
  // This file is assets/js/phrases.js: the site root is two levels up, whatever the page URLs.
  var SITE = new URL("../../", document.currentScript.src);
  var INDEX = new URL("phrase-index/", SITE);
  var PAGE = 30; // results rendered at a time
  var FILTERS = ["kind", "dim", "level", "fw"];

  // ---- folding: the same rules as scripts/kb/fold.py, character for character ----------------
  var MAP = new Map();
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

  function range(from, to, f) { for (var cp = from; cp <= to; cp++) f(cp); }

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

  // ---- the index -------------------------------------------------------------------------
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

  function parseShard(start) {
    return function (text) {
      return JSON.parse(text).map(function (row, k) {
        return { n: start + k, id: row[0], kind: row[1], page: row[2], anchor: row[3], text: row[4],
          context: row[5], dims: row[6], levels: row[7], fws: row[8], folded: null };
      });
    };
  }

  function folded(rec) {
    if (!rec.folded) rec.folded = fold(rec.text);
    return rec.folded;
  }

  function position(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i][0] === id) return i;
    return -1;
  }

  function passes(rec, f) {
    return (!f.kind || rec.kind === position(meta.kinds, f.kind)) &&
      (!f.dim || rec.dims.indexOf(position(meta.dims, f.dim)) >= 0) &&
      (!f.level || rec.levels.indexOf(position(meta.levels, f.level)) >= 0) &&
      (!f.fw || rec.fws.indexOf(position(meta.fws, f.fw)) >= 0);
  }

  /* One query: candidates, verified in record order a page at a time. */
  function Search(query, filters) {
    this.q = fold(query).s;
    this.chars = Array.from(this.q);
    this.filters = filters;
    this.found = 0;
    this.pos = 0;
    this.cands = this.chars.length < 2 ? Promise.resolve([]) : candidates(this.chars);
  }

  /* Verify candidates until `limit` more results are found; onShard(results) after each shard, in order. */
  Search.prototype.more = function (limit, onShard) {
    var self = this;
    return this.cands.then(function (cands) {
      self.total = cands.length;
      var wanted = limit;
      function round() {
        if (wanted <= 0 || self.pos >= cands.length) return self;
        var batch = cands.slice(self.pos, self.pos + Math.max(wanted, 8));
        self.pos += batch.length;
        var shards = [];
        batch.forEach(function (n) {
          var s = shardOf(n);
          if (shards.indexOf(s) < 0) shards.push(s);
        });
        var loading = shards.map(function (s) {
          return load("t/" + s + ".json", parseShard(meta.shards[s]));
        });
        var chain = Promise.resolve();
        shards.forEach(function (s, k) {
          chain = chain.then(function () { return loading[k]; }).then(function (rows) {
            var hits = [];
            batch.forEach(function (n) {
              if (shardOf(n) !== s) return;
              var rec = rows[n - meta.shards[s]];
              if (passes(rec, self.filters) && folded(rec).s.indexOf(self.q) >= 0) hits.push(rec);
            });
            self.found += hits.length;
            wanted -= hits.length;
            if (onShard) onShard(hits);
          });
        });
        return chain.then(round);
      }
      return round();
    });
  };

  Search.prototype.done = function () { return this.total !== undefined && this.pos >= this.total; };

  // ---- the page ----------------------------------------------------------------------------
  var form = root.querySelector(".kb-phrase-form");
  var input = root.querySelector(".kb-phrase-input");
  var status = root.querySelector(".kb-phrase-status");
  var hint = root.querySelector(".kb-phrase-hint");
  var list = root.querySelector(".kb-phrase-results");
  var moreButton = root.querySelector(".kb-phrase-more");
  var current = null;
  var firstResultMarked = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The text with every occurrence of the folded query wrapped in <mark>, built from text nodes. */
  function highlighted(rec, q) {
    var p = el("p", "kb-phrase-text");
    var f = folded(rec);
    var text = rec.text;
    var last = 0;
    for (var i = f.s.indexOf(q); i >= 0; i = f.s.indexOf(q, i + q.length)) {
      var start = f.at[i];
      var end = f.at[i + q.length - 1];
      end += text.codePointAt(end) > 0xffff ? 2 : 1;
      if (start < last) continue;
      if (start > last) p.appendChild(document.createTextNode(text.slice(last, start)));
      p.appendChild(el("mark", "", text.slice(start, end)));
      last = end;
    }
    if (last < text.length) p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function names(pairs, positions) {
    return positions.map(function (n) { return pairs[n][1]; }).join("、");
  }

  function result(rec, q) {
    var kind = meta.kinds[rec.kind][0];
    var li = el("li", "kb-phrase-result kb-phrase-" + kind);
    li.setAttribute("data-id", rec.id);
    li.setAttribute("data-kind", kind);
    var head = el("p", "kb-phrase-meta");
    head.appendChild(el("span", "kb-phrase-kind", meta.kinds[rec.kind][1]));
    var where = rec.context || names(meta.dims, rec.dims);
    if (where) head.appendChild(el("span", "kb-phrase-where", where));
    rec.levels.forEach(function (n) {
      head.appendChild(el("span", "kb-level kb-level-" + meta.levels[n][0], meta.levels[n][1]));
    });
    li.appendChild(head);
    li.appendChild(highlighted(rec, q));
    var actions = el("p", "kb-actions");
    // Material's clipboard handler serves every [data-clipboard-text], also ones added later.
    var copy = el("button", "kb-copy md-button", "复制全文");
    copy.type = "button";
    copy.title = "复制这一段的全文";
    copy.setAttribute("data-clipboard-text", rec.text);
    actions.appendChild(copy);
    var link = el("a", "kb-phrase-link", kind === "report" ? "在范文中查看" : "查看条目 " + rec.id);
    link.href = new URL(meta.pages[rec.page] + "#" + rec.anchor, SITE).href;
    actions.appendChild(link);
    li.appendChild(actions);
    return li;
  }

  function filters() {
    var f = {};
    FILTERS.forEach(function (name) { f[name] = form.elements[name].value; });
    return f;
  }

  function filtered(f) {
    return FILTERS.some(function (name) { return f[name]; });
  }

  function say(text) { status.textContent = text; }

  function announce(search, shown) {
    root.dispatchEvent(new CustomEvent("kb-phrase-results", {
      bubbles: true, detail: { q: input.value, shown: shown, done: search.done() },
    }));
  }

  function summary(search) {
    var shown = list.children.length;
    var exactTotal = search.chars.length === 2 && !filtered(search.filters);
    if (search.done()) {
      if (!shown) {
        say("没有找到包含“" + input.value.trim() + "”的条目或范文段落。" +
          (filtered(search.filters) ? "可以放宽筛选条件再试。" : "可以缩短片段，或换一种说法再试。"));
      } else {
        say("共找到 " + shown + " 条。");
      }
    } else if (exactTotal) {
      say("共找到 " + search.total + " 条，已列出前 " + shown + " 条。");
    } else {
      say("已列出 " + shown + " 条，可能还有更多。");
    }
    moreButton.hidden = search.done();
  }

  function show(search, limit) {
    return search.more(limit, function (hits) {
      if (search !== current) return;
      hits.forEach(function (rec) { list.appendChild(result(rec, search.q)); });
      if (hits.length && !firstResultMarked) {
        firstResultMarked = true;
        performance.mark("kb-phrase-first-result");
      }
      if (hits.length) { summary(search); announce(search, list.children.length); }
    }).then(function () {
      if (search !== current) return;
      summary(search);
      announce(search, list.children.length);
    }, function () {
      if (search !== current) return;
      say("检索数据没有加载成功，请检查网络后刷新页面。");
    });
  }

  function run() {
    var query = input.value;
    var search = new Search(query, filters());
    current = search;
    list.textContent = "";
    moreButton.hidden = true;
    hint.hidden = query.trim() !== "";
    if (!search.q) { say(""); return; }
    if (search.chars.length < 2) { say("请至少输入两个字。"); return; }
    say("正在查找……");
    show(search, PAGE);
  }

  // ---- the query in the address: ?q=…&kind=…, shareable; the back button restores it --------
  var lastPush = 0;

  function writeAddress(push) {
    var url = new URL(location.href);
    var f = filters();
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    FILTERS.forEach(function (name) {
      if (f[name]) url.searchParams.set(name, f[name]); else url.searchParams.delete(name);
    });
    if (url.href === location.href) return;
    history[push ? "pushState" : "replaceState"](null, "", url.href);
  }

  function readAddress(params) {
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      select.value = params.get(name) || "";
      if (select.selectedIndex < 0) select.value = "";
    });
  }

  input.addEventListener("input", function () {
    run();
    // A pause of a second or more starts a new history entry; keystrokes in between replace it.
    writeAddress(Date.now() - lastPush > 1000);
    lastPush = Date.now();
  });
  FILTERS.forEach(function (name) {
    form.elements[name].addEventListener("change", function () { run(); writeAddress(true); });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); writeAddress(true); });
  moreButton.addEventListener("click", function () { if (current) show(current, PAGE); });
  hint.addEventListener("click", function (event) {
    var a = event.target.closest("a[data-q]");
    if (!a) return;
    event.preventDefault();
    input.value = a.getAttribute("data-q");
    run();
    writeAddress(true);
  });
  window.addEventListener("popstate", function () {
    readAddress(new URL(location.href).searchParams);
    run();
  });

  // header-search.js keeps ?q= out of Material's sight while its bundle starts (see there).
  readAddress(new URL(root.getAttribute("data-address") || location.href).searchParams);
  run();
  if (!input.value) input.focus();

  window.kbPhrase = {
    fold: function (text) { return fold(text).s; },
    /* Every result for a query, in order: [{id, kind, text}]. */
    find: function (query, f) {
      var search = new Search(query, Object.assign({}, f || {}));
      var all = [];
      return search.more(Infinity, function (hits) { all.push.apply(all, hits); }).then(function () {
        return all.map(function (rec) { return { id: rec.id, kind: meta.kinds[rec.kind][0], text: rec.text }; });
      });
    },
  };
})();
