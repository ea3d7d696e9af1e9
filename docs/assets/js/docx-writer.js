/* Word (.docx) writer: fills the 公文 template built from data/vocab/layout.yml with paragraphs.
 *
 *   KbDocx.build([{style: "title"|"h1"|"h2"|"body", text: "…"}, …]) → Promise<ArrayBuffer>
 *
 * The template (styles, page, footer page number, fonts) arrives as window.KB_DOCX_TEMPLATE from
 * docx-template.js, generated at build time. If the page has not loaded it, build() adds a
 * <script> tag for it beside this file, so nothing is fetched with fetch()/XHR and file:// works.
 * Each paragraph names its style by id and carries the style's fonts on its run (w:eastAsia for
 * Chinese), exactly as scripts/kb/docx/fill.py writes a report; a test compares the two.
 * Text is plain text: XML-escaped, characters XML cannot carry dropped, tab and line break kept.
 * The zip is written here, uncompressed (STORE) with CRC-32: see README, “Word 文件”.
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;

  function loadTemplate() {
    if (window.KB_DOCX_TEMPLATE) return Promise.resolve(window.KB_DOCX_TEMPLATE);
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = (here || "").replace(/docx-writer\.js([?#].*)?$/, "docx-template.js");
      s.onload = function () {
        if (window.KB_DOCX_TEMPLATE) resolve(window.KB_DOCX_TEMPLATE);
        else reject(new Error("Word 模板未能载入"));
      };
      s.onerror = function () { reject(new Error("Word 模板未能载入：" + s.src)); };
      document.head.appendChild(s);
    });
  }

  // ---- text → WordprocessingML -------------------------------------------------------------

  function escapeXml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function clean(text, control) {
    return String(text == null ? "" : text).replace(/\r\n?/g, "\n").replace(control, "");
  }

  // One run per paragraph; a tab becomes w:tab, a line break w:br (as python-docx writes them).
  function runContent(text) {
    return text.split(/([\t\n])/).map(function (piece) {
      if (piece === "\t") return "<w:tab/>";
      if (piece === "\n") return "<w:br/>";
      if (!piece) return "";
      return '<w:t xml:space="preserve">' + escapeXml(piece) + "</w:t>";
    }).join("");
  }

  function paragraphXml(t, p, control) {
    var style = t.styles[p && p.style];
    if (!style) throw new Error("未知的段落样式：" + String(p && p.style) + "（可用：" + t.roles.join("、") + "）");
    return '<w:p><w:pPr><w:pStyle w:val="' + escapeXml(style.id) + '"/></w:pPr><w:r>' + style.rPr +
      runContent(clean(p.text, control)) + "</w:r></w:p>";
  }

  function coreXml(xml, title) {
    var now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    return xml
      .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, "$1" + now)
      .replace(/<dc:title\/>|<dc:title>[^<]*<\/dc:title>/, "<dc:title>" + escapeXml(title) + "</dc:title>");
  }

  // ---- zip (STORE) ---------------------------------------------------------------------------

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  // files: [[name, Uint8Array], …] → the zip as an ArrayBuffer. Dated 1980-01-01 00:00, like
  // the build's files when SOURCE_DATE_EPOCH is not set; the date inside the document is now.
  function zip(files) {
    var enc = new TextEncoder(), chunks = [], central = [], offset = 0;
    var DOS_DATE = (0 << 9) | (1 << 5) | 1, DOS_TIME = 0;
    function header(sig, size) { var v = new DataView(new ArrayBuffer(size)); v.setUint32(0, sig, true); return v; }
    files.forEach(function (f) {
      var name = enc.encode(f[0]), data = f[1], crc = crc32(data);
      var h = header(0x04034b50, 30);
      h.setUint16(4, 20, true); h.setUint16(6, 0x0800, true); h.setUint16(8, 0, true);
      h.setUint16(10, DOS_TIME, true); h.setUint16(12, DOS_DATE, true);
      h.setUint32(14, crc, true); h.setUint32(18, data.length, true); h.setUint32(22, data.length, true);
      h.setUint16(26, name.length, true); h.setUint16(28, 0, true);
      var c = header(0x02014b50, 46);
      c.setUint16(4, 20, true); c.setUint16(6, 20, true); c.setUint16(8, 0x0800, true); c.setUint16(10, 0, true);
      c.setUint16(12, DOS_TIME, true); c.setUint16(14, DOS_DATE, true);
      c.setUint32(16, crc, true); c.setUint32(20, data.length, true); c.setUint32(24, data.length, true);
      c.setUint16(28, name.length, true); c.setUint32(42, offset, true);
      chunks.push(new Uint8Array(h.buffer), name, data);
      central.push(new Uint8Array(c.buffer), name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (n, a) { return n + a.length; }, 0);
    var end = header(0x06054b50, 22);
    end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, size, true); end.setUint32(16, offset, true);
    var all = chunks.concat(central, [new Uint8Array(end.buffer)]);
    var out = new Uint8Array(offset + size + 22), at = 0;
    all.forEach(function (a) { out.set(a, at); at += a.length; });
    return out.buffer;
  }

  // ---- the document --------------------------------------------------------------------------

  function assemble(t, paragraphs) {
    if (!Array.isArray(paragraphs)) throw new Error("KbDocx.build 需要段落数组：[{style, text}]");
    var control = new RegExp(t.control, "gu");
    var body = paragraphs.map(function (p) { return paragraphXml(t, p, control); }).join("");
    var title = paragraphs.filter(function (p) { return p.style === "title"; })
      .map(function (p) { return clean(p.text, control); }).join("");
    var enc = new TextEncoder();
    return zip(t.parts.map(function (part) {
      var xml = part[1];
      if (part[0] === "word/document.xml") xml = t.document[0] + body + t.document[1];
      else if (part[0] === "docProps/core.xml") xml = coreXml(xml, title);
      return [part[0], enc.encode(xml)];
    }));
  }

  function build(paragraphs) {
    return loadTemplate().then(function (t) { return assemble(t, paragraphs); });
  }

  window.KbDocx = { build: build, crc32: crc32, zip: zip };
})();
