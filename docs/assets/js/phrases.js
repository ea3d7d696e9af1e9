/* 表述检索, the page: the form, the results, the address. The search itself is phrase-engine.js,
 * which fetches the index on demand and verifies every match; the two talk by messages.
 *
 * Loaded by the phrase finder's page (templates/phrases.md.j2) right after the form, before
 * Material's bundle: the first index requests leave while the bundle is still starting.
 * Catalogue text is plain text: results are built with createElement and textContent only.
 * For automated checks: every result carries data-id; the list is aria-busy while a search runs;
 * `kb-phrase-results` is dispatched on the finder after each render; window.kbPhrase.find(q,
 * filters) resolves to every result and window.kbPhrase.fold(texts) to texts as compared.
 */
(function () {
  "use strict";

  var root = document.getElementById("kb-phrase");
  if (!root) return;
  var meta = JSON.parse(root.getAttribute("data-meta"));
  // This file is assets/js/phrases.js: the site root is two levels up, whatever the page URLs.
  var SITE = new URL("../../", document.currentScript.src);
  var PAGE = 30; // results rendered at a time
  var FILTERS = ["kind", "dim", "level", "fw"];

  // ---- the engine ------------------------------------------------------------------------
  var channel = new MessageChannel();
  window.kbPhraseEngine(channel.port1);
  var engine = channel.port2;
  engine.postMessage({ type: "init", meta: meta, index: new URL("phrase-index/", SITE).href });
  var asked = new Map(); // message id → handlers
  var nextId = 1;
  engine.onmessage = function (event) {
    var m = event.data;
    var h = asked.get(m.id);
    if (!h) return;
    if (m.type === "hits") h.hits(m.hits);
    else {
      asked.delete(m.id);
      if (m.type === "error") h.reject(new Error(m.message)); else h.resolve(m);
    }
  };

  function ask(message, onHits) {
    return new Promise(function (resolve, reject) {
      message.id = message.id || nextId++;
      asked.set(message.id, { hits: onHits || function () {}, resolve: resolve, reject: reject });
      engine.postMessage(message);
    });
  }

  // Characters of a query as the engine counts them, near enough to say "type one more".
  function chars(query) {
    return Array.from(query.replace(/[\s\u200b-\u200d\u2060\ufeff]/g, "")).length;
  }

  /* One query as the page sees it; `more` asks the engine for the next results. */
  function Search(query, filters) {
    this.query = query;
    this.filters = filters;
    this.id = nextId++;
    this.total = undefined;
    this.exact = false; // candidates are the matches: the query is one bigram
    this.done = false;
    this.loading = false;
  }

  Search.prototype.more = function (limit, onHits) {
    var self = this;
    this.loading = true;
    return ask({ type: "find", id: this.id, q: this.query, filters: this.filters, limit: limit }, onHits)
      .then(function (end) {
        self.loading = false;
        self.total = end.total;
        self.exact = end.exact;
        self.done = end.done;
        return self;
      }, function (error) { self.loading = false; throw error; });
  };

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

  /* The text with every match wrapped in <mark>, built from text nodes. */
  function highlighted(hit) {
    var p = el("p", "kb-phrase-text");
    var last = 0;
    hit.marks.forEach(function (m) {
      if (m[0] > last) p.appendChild(document.createTextNode(hit.text.slice(last, m[0])));
      p.appendChild(el("mark", "", hit.text.slice(m[0], m[1])));
      last = m[1];
    });
    if (last < hit.text.length) p.appendChild(document.createTextNode(hit.text.slice(last)));
    return p;
  }

  function names(pairs, positions) {
    return positions.map(function (n) { return pairs[n][1]; }).join("、");
  }

  function result(hit) {
    var kind = meta.kinds[hit.kind][0];
    var li = el("li", "kb-phrase-result kb-phrase-" + kind);
    li.setAttribute("data-id", hit.id);
    li.setAttribute("data-kind", kind);
    var head = el("p", "kb-phrase-meta");
    head.appendChild(el("span", "kb-phrase-kind", meta.kinds[hit.kind][1]));
    var where = hit.context || names(meta.dims, hit.dims);
    if (where) head.appendChild(el("span", "kb-phrase-where", where));
    hit.levels.forEach(function (n) {
      head.appendChild(el("span", "kb-level kb-level-" + meta.levels[n][0], meta.levels[n][1]));
    });
    li.appendChild(head);
    li.appendChild(highlighted(hit));
    var actions = el("p", "kb-actions");
    // Material's clipboard handler serves every [data-clipboard-text], also ones added later.
    var copy = el("button", "kb-copy md-button", "复制全文");
    copy.type = "button";
    copy.title = "复制这一段的全文";
    copy.setAttribute("data-clipboard-text", hit.text);
    actions.appendChild(copy);
    var link = el("a", "kb-phrase-link", kind === "report" ? "在范文中查看" : "查看条目 " + hit.id);
    link.href = new URL(meta.pages[hit.page] + "#" + hit.anchor, SITE).href;
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

  function announce(search) {
    root.dispatchEvent(new CustomEvent("kb-phrase-results", {
      bubbles: true, detail: { q: search.query, shown: list.children.length, done: search.done },
    }));
  }

  function summary(search) {
    var shown = list.children.length;
    var exactTotal = search.exact && !filtered(search.filters);
    if (search.done) {
      if (!shown) {
        say("没有找到包含“" + search.query.trim() + "”的条目或范文段落。" +
          (filtered(search.filters) ? "可以放宽筛选条件再试。" : "可以缩短片段，或换一种说法再试。"));
      } else {
        say("共找到 " + shown + " 条。");
      }
    } else if (exactTotal) {
      say("共找到 " + search.total + " 条，已列出前 " + shown + " 条。");
    } else {
      say("已列出 " + shown + " 条，可能还有更多。");
    }
    moreButton.hidden = search.done;
  }

  function busy(yes) { list.setAttribute("aria-busy", yes ? "true" : "false"); }

  function show(search, limit) {
    moreButton.hidden = true;
    busy(true);
    return search.more(limit, function (hits) {
      if (search !== current) return;
      hits.forEach(function (hit) { list.appendChild(result(hit)); });
      if (!firstResultMarked) {
        firstResultMarked = true;
        performance.mark("kb-phrase-first-result");
      }
      say("已列出 " + list.children.length + " 条……");
      announce(search);
    }).then(function () {
      if (search !== current) return;
      summary(search);
      busy(false);
      announce(search);
    }, function () {
      if (search !== current) return;
      say("检索数据没有加载成功，请检查网络后刷新页面。");
      busy(false);
    });
  }

  function run() {
    var search = new Search(input.value, filters());
    current = search;
    list.textContent = "";
    moreButton.hidden = true;
    hint.hidden = input.value.trim() !== "";
    var n = chars(input.value);
    busy(false);
    if (!n) { say(""); return; }
    if (n < 2) { say("请至少输入两个字。"); return; }
    say("正在查找……");
    show(search, PAGE);
  }

  // ---- the query in the address: ?q=…&kind=…, shareable; the back button restores it --------
  var lastInput = 0;

  function writeAddress(push) {
    var url = new URL(location.href);
    var f = filters();
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    FILTERS.forEach(function (name) {
      if (f[name]) url.searchParams.set(name, f[name]); else url.searchParams.delete(name);
    });
    if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url.href);
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
    // After a pause of a second a new history entry starts; keystrokes in between replace it.
    writeAddress(Date.now() - lastInput > 1000);
    lastInput = Date.now();
  });
  FILTERS.forEach(function (name) {
    form.elements[name].addEventListener("change", function () { run(); writeAddress(true); });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); writeAddress(true); });
  moreButton.addEventListener("click", function () {
    if (current && !current.loading) show(current, PAGE);
  });
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
    /* Every result for a query, in order: [{id, kind, text}]. */
    find: function (query, f) {
      var all = [];
      return ask({ type: "find", q: query, filters: f || {}, limit: null }, function (hits) {
        all.push.apply(all, hits);
      }).then(function () {
        return all.map(function (hit) { return { id: hit.id, kind: meta.kinds[hit.kind][0], text: hit.text }; });
      });
    },
    /* Texts as the engine compares them. */
    fold: function (texts) {
      return ask({ type: "fold", texts: texts }).then(function (m) { return m.texts; });
    },
  };
})();
