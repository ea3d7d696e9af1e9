/* The header search box on every page (markup: overrides/main.html): the phrase engine's top
 * results in a dropdown as the reader types, the words found marked, and "全部 N 条 →" to the
 * phrase finder with the query. Enter opens the phrase finder (the form's own GET), or the
 * result chosen with ↑ ↓; Esc closes; `/` or `s` anywhere else focuses the box, as in Material.
 * It borrows Material's search look (md-search classes and the #__search toggle, which opens the
 * dropdown and the mobile overlay) but not its search code: the box has no data-md-component.
 * For automated checks: the list is aria-busy while a search runs; the first results of a page
 * view set the performance mark kb-header-first-result.
 */
(function () {
  "use strict";

  var TOP = 8; // results in the dropdown
  var form = document.querySelector("form.kb-search-form");
  var toggle = document.getElementById("__search");
  if (!form || !toggle || !window.KbPhrase) return;
  var box = form.elements.q;
  var list = document.getElementById("kb-search-list");
  var status = document.querySelector(".kb-search-status");
  var all = document.querySelector(".kb-search-all");
  var V = window.KbPhraseView;
  var current = 0; // number of the latest query; older answers are dropped
  var active = -1; // the result chosen with ↑ ↓
  var marked = false;

  function open(yes) {
    if (toggle.checked !== yes) toggle.checked = yes;
    box.setAttribute("aria-expanded", yes ? "true" : "false");
  }

  function options() { return list.querySelectorAll("li.kb-search-item"); }

  function choose(n) {
    var items = options();
    if (!items.length) n = -1;
    else if (n < -1) n = items.length - 1;
    else if (n >= items.length) n = -1;
    items.forEach(function (li, k) {
      li.classList.toggle("kb-active", k === n);
      li.setAttribute("aria-selected", k === n ? "true" : "false");
    });
    active = n;
    if (n >= 0) {
      box.setAttribute("aria-activedescendant", items[n].id);
      items[n].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function item(hit, n) {
    var li = V.el("li", "md-search-result__item kb-search-item");
    li.id = "kb-search-option-" + n;
    li.setAttribute("role", "option");
    li.setAttribute("data-id", hit.id);
    li.setAttribute("data-kind", hit.kind);
    var a = V.el("a", "md-search-result__link");
    a.href = hit.url;
    a.tabIndex = -1;
    var article = V.el("article", "md-search-result__article md-typeset");
    article.appendChild(V.badges("p", "kb-phrase-meta", hit));
    article.appendChild(V.highlighted("p", "kb-search-text", hit, 30));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function finderLink(query) {
    var url = new URL(form.getAttribute("action"), location.href);
    url.searchParams.set("q", query);
    return url.href;
  }

  function run() {
    var query = box.value;
    var n = ++current;
    list.textContent = "";
    choose(-1);
    all.hidden = true;
    if (!query.trim()) {
      status.textContent = "输入要查找的说法，如：上热下冷";
      list.setAttribute("aria-busy", "false");
      return;
    }
    status.textContent = "正在查找……";
    list.setAttribute("aria-busy", "true");
    var cursor = window.KbPhrase.open(query, {});
    cursor.more(TOP, function (found) {
      if (n !== current) return;
      found.forEach(function (hit) {
        if (options().length < TOP) list.appendChild(item(hit, options().length));
      });
      if (!marked) {
        marked = true;
        performance.mark("kb-header-first-result");
      }
    }).then(function (c) {
      if (n !== current) return;
      list.setAttribute("aria-busy", "false");
      var shown = options().length;
      if (c.short) {
        status.textContent = "请至少输入两个字。";
        return;
      }
      if (!shown) {
        status.textContent = "没有找到包含“" + query.trim() + "”的内容。";
        return;
      }
      var known = c.done || c.exact;
      status.textContent = known ? "共 " + c.total + " 条" + (c.total > shown ? "，前 " + shown + " 条：" : "：")
        : "前 " + shown + " 条：";
      all.href = finderLink(query);
      all.textContent = known ? "全部 " + c.total + " 条 →" : "全部结果 →";
      all.hidden = !(c.total > shown || !c.done);
    }, function () {
      if (n !== current) return;
      list.setAttribute("aria-busy", "false");
      status.textContent = "检索数据没有加载成功，请检查网络后刷新页面。";
    });
  }

  box.addEventListener("input", run);
  box.addEventListener("focus", function () { open(true); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) box.focus(); else box.blur();
  });
  form.addEventListener("reset", function () { setTimeout(run); });
  form.addEventListener("submit", function (event) {
    var items = options();
    if (active >= 0 && items[active]) {
      event.preventDefault();
      location.href = items[active].querySelector("a").href;
    } else if (!box.value.trim()) {
      event.preventDefault();
    }
  });
  box.addEventListener("keydown", function (event) {
    if (event.isComposing) return; // the IME's own keys
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      choose(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Escape") {
      event.preventDefault();
      choose(-1);
      open(false);
      box.blur();
    }
  });

  // `/` and `s` focus the box, unless the reader is typing somewhere else.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key !== "/" && event.key !== "s") return;
    var t = event.target;
    if (t instanceof Element && (t.closest("input, textarea, select, [contenteditable]"))) return;
    event.preventDefault();
    open(true);
    box.focus();
  });

  if (box.value) run(); else status.textContent = "输入要查找的说法，如：上热下冷";
})();
