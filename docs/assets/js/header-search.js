/* The header search (Material's): loaded before Material's bundle by overrides/main.html.
 *
 * 1. Material downloads the whole search index (search/search_index.json) on every page load,
 *    searched or not; for a large catalogue that is megabytes per page view. Its request is held
 *    back until the reader shows intent: pointer over or focus in the search box, the search
 *    toggle, or a ?h= highlight that needs the index.
 * 2. The search dialog offers the phrase finder, carrying the query: the header search matches
 *    words, the phrase finder matches the exact text (Material drops the last segment of an
 *    unspaced Chinese query, so 上热下冷 is searched as 上).
 * 3. On the phrase finder's page ?q= is the phrase finder's. Material opens its own dialog for
 *    any ?q= while its bundle runs, so the query is taken out of the address until then and kept
 *    in data-address for phrases.js.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  // ---- 3. ?q= belongs to the phrase finder on its page ----------------------------------------
  var finder = document.getElementById("kb-phrase");
  var address = new URL(location.href);
  if (finder && address.searchParams.has("q")) {
    finder.setAttribute("data-address", address.href);
    var bare = new URL(address.href);
    bare.searchParams.delete("q");
    history.replaceState(history.state, "", bare.href);
    document.addEventListener("DOMContentLoaded", function () {
      if (location.href === bare.href) history.replaceState(history.state, "", address.href);
    });
  }

  // ---- 1. the index on demand ------------------------------------------------------------
  var wanted = new URL(location.href).searchParams.has("h");
  var held = [];
  var index = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (/\/search\/search_index\.json$/.test(String(url))) index.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!wanted && index.has(this)) {
      var xhr = this;
      var args = arguments;
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  function intent(event) {
    var t = event.target;
    if (t instanceof Element && t.closest(".md-search, label[for='__search'], #__search")) want();
  }
  ["focusin", "pointerover", "touchstart", "change"].forEach(function (type) {
    document.addEventListener(type, intent, { capture: true, passive: true });
  });

  // ---- 2. the way to the phrase finder -----------------------------------------------------
  var phrases = script.getAttribute("data-phrases");
  var box = document.querySelector(".md-search__input");
  var results = document.querySelector(".md-search-result");
  if (!phrases || !box || !results) return;
  var target = new URL(phrases, location.href);
  var link = document.createElement("a");
  link.className = "kb-search-phrases";

  function update() {
    var q = box.value.trim();
    var url = new URL(target.href);
    if (q) url.searchParams.set("q", q);
    link.href = url.href;
    link.textContent = q ? "在表述检索中逐字查找“" + q + "”" : "表述检索：逐字查找一个说法出现在哪里";
  }
  update();
  ["input", "keyup", "focus"].forEach(function (type) { box.addEventListener(type, update); });
  if (box.form) box.form.addEventListener("reset", function () { setTimeout(update); });
  // Beside Material's result list, not in it: Material takes that list's first and last child
  // for its count and its results.
  results.parentNode.insertBefore(link, results);
})();
