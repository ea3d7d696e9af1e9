/* The 起草台's storage: drafts in this browser's localStorage, under keys namespaced to the site
 * (its root path), so two sites on one host, or several sites opened from folders, never mix.
 * Nothing is ever sent anywhere. Every write reports failure ("full" or "disabled") instead of
 * losing the draft silently; the page then offers the JSON export. No DOM here.
 *
 * Keys: <ns>index  [{id, name, updated}]   <ns>draft:<id>  the draft JSON   <ns>current  an id
 */
(function () {
  "use strict";

  function Store(root) {
    var path = "/";
    try { path = new URL(root || "./", location.href).pathname; } catch (e) { /* keep "/" */ }
    this.ns = "kb-draft:" + path + ":";
    this.ls = null;
    try {
      var ls = window.localStorage;
      var probe = this.ns + "probe";
      ls.setItem(probe, "1");
      ls.removeItem(probe);
      this.ls = ls;
    } catch (e) { this.ls = null; }
  }

  Store.prototype.available = function () { return !!this.ls; };

  Store.prototype.read = function (key) {
    if (!this.ls) return null;
    try { return this.ls.getItem(this.ns + key); } catch (e) { return null; }
  };

  /* Write; returns "" or why not ("full", "disabled"). */
  Store.prototype.write = function (key, value) {
    if (!this.ls) return "disabled";
    try { this.ls.setItem(this.ns + key, value); return ""; } catch (e) {
      return e && (e.name === "QuotaExceededError" || e.code === 22 || e.code === 1014) ? "full" : "disabled";
    }
  };

  Store.prototype.list = function () {
    try {
      var list = JSON.parse(this.read("index") || "[]");
      return Array.isArray(list) ? list.filter(function (x) { return x && typeof x.id === "string"; }) : [];
    } catch (e) { return []; }
  };

  /* The stored text of a draft (the page parses it with KbDraftModel.load). */
  Store.prototype.get = function (id) { return this.read("draft:" + id); };

  Store.prototype.put = function (draft) {
    draft.updated = new Date().toISOString();
    var why = this.write("draft:" + draft.id, JSON.stringify(draft));
    if (why) return why;
    var list = this.list().filter(function (x) { return x.id !== draft.id; });
    list.unshift({ id: draft.id, name: draft.name || draft.title, updated: draft.updated });
    return this.write("index", JSON.stringify(list)) || this.write("current", draft.id);
  };

  Store.prototype.remove = function (id) {
    if (!this.ls) return "disabled";
    try { this.ls.removeItem(this.ns + "draft:" + id); } catch (e) { return "disabled"; }
    return this.write("index", JSON.stringify(this.list().filter(function (x) { return x.id !== id; })));
  };

  Store.prototype.current = function () { return this.read("current") || ""; };
  Store.prototype.setCurrent = function (id) { return this.write("current", id); };

  window.KbDraftStore = { Store: Store };
})();
