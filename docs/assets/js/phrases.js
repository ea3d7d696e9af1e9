/* 表述检索, the page: the form, the results, the address. The search itself is the phrase engine
 * (phrase-engine.js, window.KbPhrase); results look as in the header (phrase-view.js).
 *
 * Loaded by overrides/main.html on the phrase finder's page only, after the engine.
 * A query, filters alone, or both: the filters list every entry they name, page by page.
 * Catalogue text is plain text: results are built with createElement and textContent only.
 * For automated checks: every result carries data-id; the list is aria-busy while a search runs;
 * `kb-phrase-results` is dispatched on the finder after each render; the first results of a page
 * view set the performance mark kb-phrase-first-result.
 */
(function () {
  "use strict";

  var root = document.getElementById("kb-phrase");
  if (!root || !window.KbPhrase) return;
  var V = window.KbPhraseView;
  var PAGE = 30; // results rendered at a time
  var form = root.querySelector(".kb-phrase-form");
  var FILTERS = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.name; });
  var input = root.querySelector(".kb-phrase-input");
  var status = root.querySelector(".kb-phrase-status");
  var hint = root.querySelector(".kb-phrase-hint");
  var list = root.querySelector(".kb-phrase-results");
  var moreButton = root.querySelector(".kb-phrase-more");
  var current = null;
  var firstResultMarked = false;

  function result(hit) {
    var li = V.el("li", "kb-phrase-result kb-phrase-" + hit.kind);
    li.setAttribute("data-id", hit.id);
    li.setAttribute("data-kind", hit.kind);
    li.appendChild(V.badges("p", "kb-phrase-meta", hit));
    li.appendChild(V.highlighted("p", "kb-phrase-text", hit, hit.kind === "page" ? 60 : 0));
    var actions = V.el("p", "kb-actions");
    if (hit.kind !== "page") {
      // Material's clipboard handler serves every [data-clipboard-text], also ones added later.
      var copy = V.el("button", "kb-copy md-button", "复制全文");
      copy.type = "button";
      copy.title = "复制这一段的全文";
      copy.setAttribute("data-clipboard-text", hit.text);
      actions.appendChild(copy);
    }
    var label = hit.kind === "report" ? "在范文中查看" : hit.kind === "page" ? "打开这一节" : "查看条目 " + hit.id;
    var link = V.el("a", "kb-phrase-link", label);
    link.href = hit.url;
    actions.appendChild(link);
    li.appendChild(actions);
    return li;
  }

  /* A refining menu (the headings of a framework) offers the options of the chosen parent only. */
  function refine() {
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      var parent = select.getAttribute("data-within");
      if (!parent) return;
      var chosen = form.elements[parent].value;
      select.hidden = !chosen;
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = !!o.value && o.value.indexOf(chosen + "/") !== 0;
      });
      if (!chosen || (select.value && select.value.indexOf(chosen + "/") !== 0)) select.value = "";
    });
  }

  function filters() {
    var f = {};
    FILTERS.forEach(function (name) { if (form.elements[name].value) f[name] = form.elements[name].value; });
    return f;
  }

  function say(text) { status.textContent = text; }

  function announce(q, done) {
    root.dispatchEvent(new CustomEvent("kb-phrase-results", {
      bubbles: true, detail: { q: q, shown: list.children.length, done: done },
    }));
  }

  function summary(search) {
    var shown = list.children.length;
    var filtered = Object.keys(search.filters).length > 0;
    if (search.cursor.done) {
      if (!shown) {
        say(search.query.trim() ? "没有找到包含“" + search.query.trim() + "”的内容。" +
          (filtered ? "可以放宽筛选条件再试。" : "可以缩短片段、减少词语，或换一种说法再试。")
          : "没有符合这些筛选条件的条目。");
      } else {
        say("共找到 " + shown + " 条。");
      }
    } else if (search.cursor.exact) {
      say("共找到 " + search.cursor.total + " 条，已列出前 " + shown + " 条。");
    } else {
      say("已列出 " + shown + " 条，可能还有更多。");
    }
    moreButton.hidden = search.cursor.done;
  }

  function busy(yes) { list.setAttribute("aria-busy", yes ? "true" : "false"); }

  function show(search, limit) {
    moreButton.hidden = true;
    busy(true);
    search.loading = true;
    return search.cursor.more(limit, function (hits) {
      if (search !== current) return;
      hits.forEach(function (hit) { list.appendChild(result(hit)); });
      if (!firstResultMarked) {
        firstResultMarked = true;
        performance.mark("kb-phrase-first-result");
      }
      say("已列出 " + list.children.length + " 条……");
      announce(search.query, false);
    }).then(function (cursor) {
      search.loading = false;
      if (search !== current) return;
      if (cursor.short) {
        say(search.query.trim() ? "请至少输入两个字，或选择筛选条件。" : "");
      } else {
        summary(search);
      }
      busy(false);
      announce(search.query, cursor.done);
    }, function () {
      search.loading = false;
      if (search !== current) return;
      say("检索数据没有加载成功，请检查网络后刷新页面。");
      busy(false);
    });
  }

  function run() {
    var search = { query: input.value, filters: filters(), loading: false };
    search.cursor = window.KbPhrase.open(search.query, search.filters);
    current = search;
    list.textContent = "";
    moreButton.hidden = true;
    hint.hidden = input.value.trim() !== "" || Object.keys(search.filters).length > 0;
    if (hint.hidden) say("正在查找……");
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
    refine();
  }

  input.addEventListener("input", function () {
    run();
    // After a pause of a second a new history entry starts; keystrokes in between replace it.
    writeAddress(Date.now() - lastInput > 1000);
    lastInput = Date.now();
  });
  FILTERS.forEach(function (name) {
    form.elements[name].addEventListener("change", function () { refine(); run(); writeAddress(true); });
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

  readAddress(new URL(location.href).searchParams);
  run();
  if (!input.value) input.focus();
})();
