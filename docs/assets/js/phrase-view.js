/* How a phrase engine result looks, for the header search and the phrase finder alike: its
 * badges (kind, where, levels) and its text with the words found marked. Built with
 * createElement and textContent only: catalogue text is plain text and stays inert. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The text with each mark wrapped in <mark>. With `around`, a long text is cut to the part
   * from `around` characters before the first mark, with “……” where text was left out. */
  function highlighted(tag, cls, hit, around) {
    var node = el(tag, cls);
    var text = hit.text;
    var from = 0;
    var to = text.length;
    if (around && text.length > around * 3) {
      var first = hit.marks.length ? hit.marks[0][0] : 0;
      from = Math.max(0, first - around);
      to = Math.min(text.length, from + around * 3);
    }
    if (from > 0) node.appendChild(document.createTextNode("……"));
    var last = from;
    hit.marks.forEach(function (m) {
      if (m[1] <= from || m[0] >= to) return;
      var start = Math.max(m[0], last);
      if (start > last) node.appendChild(document.createTextNode(text.slice(last, start)));
      node.appendChild(el("mark", "", text.slice(start, Math.min(m[1], to))));
      last = Math.min(m[1], to);
    });
    if (last < to) node.appendChild(document.createTextNode(text.slice(last, to)));
    if (to < text.length) node.appendChild(document.createTextNode("……"));
    return node;
  }

  /* Kind, where it stands (report or page section, else its dimensions), levels. */
  function badges(tag, cls, hit) {
    var node = el(tag, cls);
    node.appendChild(el("span", "kb-phrase-kind", hit.kindName));
    var where = hit.context || hit.dims.map(function (d) { return d[1]; }).join("、");
    if (where) node.appendChild(el("span", "kb-phrase-where", where));
    hit.levels.forEach(function (lv) {
      node.appendChild(el("span", "kb-level kb-level-" + lv[0], lv[1]));
    });
    return node;
  }

  window.KbPhraseView = { el: el, highlighted: highlighted, badges: badges };
})();
