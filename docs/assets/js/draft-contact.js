/* The 起草台's KB306: contact details found exactly as `kb check` finds them (kb.checks.contact),
 * with the tables and patterns Python exports into core.shared.contact. No DOM here; used by
 * draft-check.js (load this first). tests/test_draft.py runs both sides on the same samples.
 */
(function () {
  "use strict";

  /* KB306 exactly as `kb check` finds contact details (kb.checks.contact): the text is folded
     (full-width, case, invisible characters, Chinese numerals, gaps between digits, (at)/(dot)),
     then the same patterns are tried in the same order. The tables and patterns come from Python. */
  function Contact(c) {
    this.c = c;
    this.drop = new RegExp(c.drop, "g");
    this.at = new RegExp(c.at, "g");
    this.dot = new RegExp(c.dot, "g");
    this.area = new RegExp(c.area, "g");
    this.gap = new RegExp(c.gap, "g");
    this.digits = new RegExp(c.digits, "g");
    this.account = new RegExp(c.account);
    this.mail = new RegExp(c.mail, "g");
    this.others = c.others.map(function (p) { return new RegExp(p); });
  }

  function isPhone(run) {
    var n = run.length;
    if (n === 11 && run[0] === "1" && "3456789".indexOf(run[1]) >= 0) return true;
    if (n === 13 && run.slice(0, 2) === "86" && run[2] === "1" && "3456789".indexOf(run[3]) >= 0) return true;
    if (run[0] === "0" && run[1] !== "0" && n >= 10 && n <= 12) return true;
    return n === 10 && (run.slice(0, 3) === "400" || run.slice(0, 3) === "800");
  }

  Contact.prototype.found = function (text) {
    var c = this.c, base = "";
    for (var i = 0; i < text.length; i++) {
      var mapped = c.base[text.charCodeAt(i)];
      base += mapped === undefined ? text[i] : mapped;
    }
    base = base.replace(this.drop, "");
    var mail = base.replace(this.at, "@").replace(this.dot, ".");
    var numerals = "";
    for (var j = 0; j < mail.length; j++) numerals += c.numerals[mail[j]] || mail[j];
    var phone = numerals.replace(this.area, "").replace(this.gap, "");
    var m;
    this.digits.lastIndex = 0;
    while ((m = this.digits.exec(phone))) if (isPhone(m[0])) return true;
    if (this.account.test(numerals)) return true;
    this.mail.lastIndex = 0;
    while ((m = this.mail.exec(mail))) {
      var tld = m[0].split(".").pop();
      if (m.index && c.local.indexOf(mail[m.index - 1]) >= 0 && /[a-z]/.test(tld)) return true;
    }
    return this.others[0].test(phone) || this.others[1].test(base) || this.others[2].test(base);
  };

  window.KbDraftContact = Contact;
})();
