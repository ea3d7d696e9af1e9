/* 加入草稿 beside 复制全文 on entry cards, phrase finder results and report items, on every page.
 * It loads the draft model and store only when pressed, adds the text to the current draft of
 * 起草台 (localStorage, this browser only), and asks which section when it cannot tell.
 */
(function () {
  "use strict";
  var me = document.currentScript && document.currentScript.src;
  var ROOT = me ? me.replace(/assets\/js\/draft-add\.js(\?.*)?$/, "") : "../";
  var DRAFT = ROOT + "draft/" + (location.protocol === "file:" ? "index.html" : "");

  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = ROOT + src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("无法加载 " + src)); };
      document.head.appendChild(s);
    });
  }
  var ready = null;
  function scripts() {
    if (window.KbDraftModel && window.KbDraftStore) return Promise.resolve();
    ready = ready || load("assets/js/draft-model.js").then(function () { return load("assets/js/draft-json.js"); })
      .then(function () { return load("assets/js/draft-store.js"); });
    return ready;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function toast(parts) {
    var old = document.querySelector(".kb-draft-toast");
    if (old) old.remove();
    var box = el("div", "kb-draft-toast");
    box.setAttribute("role", "status");
    parts.forEach(function (p) { box.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    var close = el("button", "md-button", "关闭");
    close.type = "button";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    document.body.appendChild(box);
    return box;
  }
  function link() { var a = el("a", "", "去起草台"); a.href = DRAFT; return a; }

  function kindOf(id) {
    if (/^cause-\d+$/.test(id)) return "cause";
    if (/^criticism-\d+$/.test(id)) return "criticism";
    if (/^passage-\d+$/.test(id)) return "passage";
    if (/^remedy-\d+$/.test(id)) return "remedy";
    return /^[a-z]+(-[a-z]+)*-\d+$/.test(id) ? "issue" : "";
  }

  /* Every place of the draft an item can go: [{s, h, label}]. */
  function places(d) {
    var out = [];
    d.sections.forEach(function (sec, s) {
      if (sec.kind === window.KbDraftModel.OUTLINE) return;  // not the report: only criticisms go there
      var name = sec.title || { opening: "开头", closing: "结尾" }[sec.kind] || "其他";
      if (sec.headings && sec.headings.length) {
        sec.headings.forEach(function (h, k) { out.push({ s: s, h: k, label: name + " › " + h.title }); });
      } else out.push({ s: s, h: -1, label: name });
    });
    return out;
  }

  /* A 段落范式 found by the phrase finder does not say which part of a report it is for: the
   * 起草台's passages file does (the page's cards carry it as data-part). */
  function withPart(entry) {
    if (entry.kind !== "passage" || entry.part) return Promise.resolve(entry);
    var have = window.KbDraftData && window.KbDraftData.passages;
    return (have ? Promise.resolve() : load("assets/draft/passages.js")).then(function () {
      var e = (window.KbDraftData.passages || []).filter(function (x) { return x.id === entry.id; })[0];
      if (e) entry.part = e.part;
      return entry;
    }, function () { return entry; });  // without it, the reader is asked which part
  }

  function add(entry) {
    Promise.all([scripts(), withPart(entry)]).then(function () {
      var M = window.KbDraftModel;
      var store = new window.KbDraftStore.Store(ROOT);
      var id = store.current() || (store.list()[0] || {}).id;
      var d = null;
      try { d = id && M.load(store.get(id)); } catch (e) { d = null; }
      if (!d) { toast(["还没有草稿。先到起草台开始一份材料，再回来加入。", link()]); return; }
      var at = M.placeFor(d, entry.kind, entry.dim, entry.part);
      var put = function (p) {
        M.addEntry(d, p.s, p.h, entry);
        var why = store.put(d);
        if (why) toast(["没能加入：浏览器" + (why === "full" ? "的存储空间已满" : "不允许本页保存") + "。", link()]);
        else toast(["已加入草稿“" + (d.name || d.title) + "”的“" + (places(d).filter(function (x) { return x.s === p.s && x.h === p.h; })[0] || { label: d.sections[p.s].title }).label + "”。", link()]);
      };
      if (at) { put(at); return; }
      var box = toast(["加入草稿“" + (d.name || d.title) + "”的哪一部分？"]);
      var list = el("div", "kb-draft-choose");
      places(d).forEach(function (p) {
        var b = el("button", "md-button", p.label);
        b.type = "button";
        b.addEventListener("click", function () { put(p); });
        list.appendChild(b);
      });
      box.insertBefore(list, box.lastChild);
    }, function (e) { toast([e.message]); });
  }

  function button(entry) {
    var b = el("button", "kb-add-draft md-button", "加入草稿");
    b.type = "button";
    b.title = "把这一条加入起草台的当前草稿";
    b.addEventListener("click", function () { add(entry); });
    return b;
  }

  // cards written by the site (templates/_macros.md.j2)
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".kb-entry .kb-add-draft");
    if (!b) return;
    var card = b.closest(".kb-entry");
    var copy = card.querySelector(".kb-copy");
    var entry = { id: card.dataset.id, kind: b.dataset.kind, dim: b.dataset.dim || "", text: copy ? copy.getAttribute("data-clipboard-text") : "" };
    if (b.dataset.target) entry.target = b.dataset.target;  // 相互批评意见: whom it is said to
    if (b.dataset.part) entry.part = b.dataset.part;  // 段落范式: which part of the report
    add(entry);
  });

  function dimOf(id) { var m = /^(.*)-\d+$/.exec(id); return m ? m[1] : ""; }

  // phrase finder results (docs/assets/js/phrases.js) and report items get theirs when they appear
  function enhance(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll(".kb-phrase-result:not([data-draft])"), function (li) {
      li.setAttribute("data-draft", "");
      var copy = li.querySelector(".kb-copy");
      if (!copy) return;
      var id = li.dataset.id || "";
      var kind = kindOf(id);
      copy.after(button({ id: kind ? id : "", kind: kind, dim: kind === "issue" ? dimOf(id) : "", text: copy.getAttribute("data-clipboard-text") }));
    });
    Array.prototype.forEach.call(scope.querySelectorAll(".kb-report-item:not([data-draft])"), function (p) {
      p.setAttribute("data-draft", "");
      var kind = kindOf(p.id);
      var clone = p.cloneNode(true);
      Array.prototype.forEach.call(clone.querySelectorAll("a.kb-ref, .kb-add-draft"), function (a) { a.remove(); });
      p.appendChild(document.createTextNode(" "));
      p.appendChild(button({ id: kind ? p.id : "", kind: kind, dim: kind === "issue" ? dimOf(p.id) : "", text: clone.textContent.trim() }));
    });
  }
  enhance(document);
  new MutationObserver(function (records) {
    records.forEach(function (r) { Array.prototype.forEach.call(r.addedNodes, function (n) { if (n.nodeType === 1 && n.parentNode) enhance(n.parentNode); }); });
  }).observe(document.body, { childList: true, subtree: true });
})();
