"""Contact details, URLs and advertising (KB306–KB308), found however they are disguised.

Sellers of report templates dodge filters: 139 1234 5678, １３９１２３４５６７８, 一三九一二三四五六七八,
（010）6612-3456, 威信/V信/vx, 扣扣, name(at)example(dot)com, EXAMPLE。COM, a zero-width space inside a
number, ＶＩＰ. So the text is first folded into views (`fold`), and the rules match the views:

- base: full-width ASCII as ASCII, letters in lower case, dash and dot look-alikes as - and .,
  invisible characters dropped (the set kb/normal.py rejects, plus zero-width spaces);
- mail: base with (at) [at] “ at ” 艾特 as @, and (dot) [dot] “ dot ”, and 。 or 点 between Latin
  letters or digits, as .;
- numerals: mail with Chinese numerals (〇一二…, 壹贰…, 幺) and circled digits as digits (1:1);
- phone: numerals with up to three separators between two digits removed, and the bracket that
  opens an area code (（010）), so 139-1234-5678 is one run of digits.

Every view keeps, for each of its characters, the offset of the character in the original text,
so a finding points at the right column and quotes what the contributor actually wrote.

Every pattern here is linear: no quantifier over a group that can match the same text two ways,
every run between keywords bounded ({0,8}), and the e-mail and domain patterns anchored on a
literal @ or . (tests/test_redos.py checks the patterns' structure and times the worst cases).
Legitimate 公文 text is not flagged: a mobile number is exactly 11 digits starting 13–19, so years
(2023年), document numbers (〔2022〕7号), counts (15项) and dates (2023.12.01) never are; 威信 alone is
a word (在群众中的威信), 二维码 alone is a thing a unit may set up (服务评价二维码).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import normal

# ---- the views --------------------------------------------------------------------------------------
_BASE = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
_BASE.update({cp: chr(cp + 32) for cp in range(0x41, 0x5B)})  # A-Z
_BASE.update({cp: chr(cp - 0xFEE0 + 32) for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_BASE.update({cp: "-" for cp in (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63)})
_BASE.update({cp: "." for cp in (0x00B7, 0x2024, 0x2027, 0x30FB, 0xFF65, 0xFE52)})
_BASE.update({0x3000: " ", 0x00A0: " "})
_DROP = re.compile("[" + re.escape(normal.INVISIBLE + normal.CONTROLS) + "\u200b\ufeff]")
_NUMERALS = str.maketrans("〇零一壹幺二贰貳三叁參四肆五伍六陆陸七柒八捌九玖⓪①②③④⑤⑥⑦⑧⑨",
                          "001112223334455666778899" + "0123456789")
_AT = re.compile(r"\s{0,2}[(（\[【{]\s{0,2}at\s{0,2}[)）\]】}]\s{0,2}|(?<=[a-z0-9]) at (?=[a-z0-9])|艾特")
_DOT = re.compile(r"\s{0,2}[(（\[【{]\s{0,2}(?:dot|点)\s{0,2}[)）\]】}]\s{0,2}|(?<=[a-z0-9]) dot (?=[a-z0-9])"
                  r"|(?<=[a-z0-9])[。点](?=[a-z0-9])")
_AREA_OPEN = re.compile(r"\+?[(（\[【]\s{0,2}(?=0[0-9]{2,3}\s{0,2}[)）\]】])")
_DIGIT_GAP = re.compile(r"(?<=[0-9])[\s\-.,/:)）\]】~_]{1,3}(?=[0-9])")


class View:
    """Folded text, and for each of its characters the offset of its source in the original.
    The offsets are worked out only when asked for (for a finding): most text has none."""

    def __init__(self, text: str, parent: View | None = None, pattern: re.Pattern | None = None, repl: str = ""):
        self.text = text
        self._parent, self._pattern, self._repl = parent, pattern, repl
        self._origin: list[int] | None = None

    @property
    def origin(self) -> list[int] | None:
        if self._parent is None:
            return None  # the same offsets as the original
        if self._origin is None:
            src, text = self._parent.origin, self._parent.text
            origin: list[int] = []
            last = 0
            for m in self._pattern.finditer(text):
                s, e = m.span()
                origin += src[last:s] if src is not None else range(last, s)
                origin += [src[s] if src is not None else s] * len(self._repl)
                last = e
            origin += src[last:] if src is not None else range(last, len(text))
            self._origin = origin
        return self._origin

    def start(self, i: int) -> int:
        return i if self.origin is None else self.origin[i]

    def end(self, i: int) -> int:  # i: an end offset (exclusive) in the view
        return i if self.origin is None else self.origin[i - 1] + 1


def _sub(view: View, pattern: re.Pattern, repl: str) -> View:
    """view with every match of pattern replaced by repl (a plain string), in one pass."""
    text, n = pattern.subn(repl, view.text)
    return View(text, view, pattern, repl) if n else view


class _Same(View):
    """A view with the offsets of another (a translation of one character to one)."""

    def __init__(self, text: str, like: View):
        super().__init__(text)
        self._like = like

    @property
    def origin(self) -> list[int] | None:
        return self._like.origin


@dataclass(frozen=True)
class Views:
    base: View
    mail: View
    numerals: View
    phone: View


# text.translate(_BASE), in a third of the time on Chinese text: str.translate looks up every
# character, a regex only those it has to change (mostly full-width punctuation)
_BASE_CHARS = re.compile("[" + re.escape("".join(sorted(map(chr, _BASE)))) + "]")
_BASE_OF = {chr(k): v for k, v in _BASE.items()}.__getitem__


@functools.lru_cache(maxsize=4)  # KB306, KB307 and KB308 look at the same text one after another
def _base(text: str) -> View:
    return _sub(View(_BASE_CHARS.sub(lambda m: _BASE_OF(m[0]), text)), _DROP, "")


@functools.lru_cache(maxsize=4)
def fold(text: str) -> Views:
    base = _base(text)
    mail = _sub(_sub(base, _AT, "@"), _DOT, ".")
    numerals = _Same(mail.text.translate(_NUMERALS), mail)
    phone = _sub(_sub(numerals, _AREA_OPEN, ""), _DIGIT_GAP, "")
    return Views(base, mail, numerals, phone)


# ---- what is looked for -------------------------------------------------------------------------------
_WECHAT = r"微信|威信|薇信|维信|徽信|围信|v信|微x|vx|wx|weixin|wechat|微[❤♥💗💕]|[薇威]❤"
_QQ = r"qq|扣扣|抠抠|企鹅号?|q号"
# an account after its app's name: 微信号：dangjian2023, QQ 123456789, 扣扣：一二三四五六七八九
_ACCOUNT = re.compile(rf"(?<![a-z])(?:{_WECHAT}|{_QQ})(?:号码|号|群|id)?[\s:是为]{{0,3}}[a-z0-9_-]{{5,}}")
# names no one writes but to dodge a filter
_DODGE = re.compile(r"v信|薇信|徽信|微[❤♥💗💕]|[薇威]❤|扣扣|抠抠|企鹅号|(?<![a-z])(?:vx|wx|weixin|wechat)(?![a-z])")
# 加微信, 添加客服, +V; not 参加微信群, 增加, 追加, 施加, 附加, 更加
_INVITE = re.compile(rf"(?<![参增追施附更])(?:加|添加|联系|➕|\+)\s{{0,2}}(?:{_WECHAT}|{_QQ}|客服|小编|[vq](?![a-z]))")
_PHONE_WORD = re.compile(r"(?:电话|手机|热线|座机|tel|phone|联系方式)[\s:是为]{0,3}\+?[0-9]{5,}")
_DIGITS = re.compile(r"[0-9]{7,}")
_MAIL = re.compile(r"@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}")
_LOCAL = set("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_URL = re.compile(r"https?:|ftp:|://|(?<![a-z0-9])www\.")
_DOMAIN = re.compile(r"(?<![a-z0-9.@-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,6}\.[a-z]{2,24}(?![a-z0-9-])")
# a file name (原文.txt, as kb import writes into source) is not a domain, whatever ICANN sells
FILE_TYPES = {"txt", "doc", "docx", "pdf", "wps", "rtf", "odt", "xls", "xlsx", "et", "ppt", "pptx", "dps", "csv",
              "md", "yml", "yaml", "json", "jpg", "jpeg", "png", "gif", "bmp", "zip", "rar", "7z"}
_STOP = r"[^，。,；;！!？?\n]"
# Each alternative starts with a literal character, so the regex engine skips straight to the
# characters that can start one instead of trying every alternative at every position.
AD = re.compile("|".join((
    r"素材库|网盘|百度云|提取码|##\s{0,3}/?paid[a-z_]{0,16}\s{0,3}##|paid_?(?:begin|end)|会员群|vip|会员专享",
    r"代笔|代写|接单|谨防假冒|小编|添加客服|联系客服|客服:|有意加入|请联系:|公众号:",
    rf"关注{_STOP}{{0,8}}公众号|回复关键词|私信关键词|付费(?:阅读|下载|查看|获取)",
    r"点击(?:查看|阅读|下载|获取|领取|关注)|扫码(?:查看|阅读|下载|获取|领取|关注)|一键(?:下载|搜索|查找)",
    r"下载全文|获取全文|领取全文|全文(?:下载|获取)",
    "|".join(f"{w}{_STOP}{{0,8}}(?:关注|添加|加我|加好友|加群|进群|入群|下载|获取|领取|购买|咨询|免费|联系|了解更多)"
             for w in ("扫码", "扫一扫", "识别二维码", "扫描二维码", "二维码")),
    "|".join(f"{w}{_STOP}{{0,4}}(?:扫码|二维码)" for w in ("关注", "添加", "加群", "进群", "入群", "下载", "获取", "领取",
                                                     "购买", "咨询")),
    r"长按识别")))


# What every contact detail and URL needs in the base view, whatever else the views make of it
# (nearly all text has none, and is let through after this one search instead of a dozen): a
# Latin letter (every URL, domain and e-mail address ends in one; the Latin app names and phone
# words have them), a "://", a Chinese app name or a heart, 客服 or 小编, a Chinese phone word, or
# seven digits (Chinese numerals too) with no more between two of them than the views can remove:
# up to three gap characters, each of which may be a bracketed 点 the mail view makes a dot, and
# the bracket that opens an area code (at most 3 × 11 + 4 characters). The other views only turn
# these into what the patterns match; they never make one out of text without them
# (tests/test_properties.py holds the screened and the unscreened answers equal on generated text).
_DIGITISH = "0-9" + "".join(sorted(set(chr(k) for k in _NUMERALS)))
_GAPISH = r"\s\-.,/:)）\]】~_。点(（\[【{}+"
_SUSPECT = re.compile(r"[a-z❤♥💗💕]|://|[微威薇维徽围]信|扣扣|抠抠|企鹅|客服|小编|电话|手机|热线|座机|联系方式"
                      rf"|[{_DIGITISH}](?:[{_GAPISH}]{{0,40}}[{_DIGITISH}]){{6}}")


@functools.lru_cache(maxsize=4)  # KB306 and KB307 ask it of the same text one after the other
def _clear(text: str) -> bool:
    """True when text cannot hold a contact detail or a URL (see _SUSPECT)."""
    return not _SUSPECT.search(_base(text).text)


def _phone(run: str) -> bool:
    n = len(run)
    if n == 11 and run[0] == "1" and run[1] in "3456789":
        return True  # mobile
    if n == 13 and run.startswith("86") and run[2] == "1" and run[3] in "3456789":
        return True  # +86 mobile
    if run[0] == "0" and run[1] != "0" and 10 <= n <= 12:
        return True  # landline with its area code
    return n == 10 and run[:3] in ("400", "800")  # service numbers


def _contact_spans(v: Views):
    """(view, start, end) of contact details, the most telling kind first: a number or an address
    is quoted rather than the 加 QQ before it."""
    for m in _DIGITS.finditer(v.phone.text):
        if _phone(m[0]):
            yield v.phone, m.start(), m.end()
            break
    if m := _ACCOUNT.search(v.numerals.text):
        yield v.numerals, m.start(), m.end()
    for m in _MAIL.finditer(v.mail.text):
        s, text = m.start(), v.mail.text
        if s and text[s - 1] in _LOCAL and re.search("[a-z]", m[0].rsplit(".", 1)[1]):
            start = s
            while start > 0 and s - start < 64 and text[start - 1] in _LOCAL:
                start -= 1
            yield v.mail, start, m.end()
            break
    for pattern, view in ((_PHONE_WORD, v.phone), (_DODGE, v.base), (_INVITE, v.base)):
        if m := pattern.search(view.text):
            yield view, m.start(), m.end()


def _first(original: str, spans) -> tuple[int, str] | None:
    """The first span given, as (offset, the original text it covers)."""
    for view, s, e in spans:
        s, e = view.start(s), view.end(e)
        return s, original[s:e]
    return None


def contact(text: str, views: Views | None = None) -> tuple[int, str] | None:
    """(offset, what) of the first contact detail in text, or None."""
    if views is None and _clear(text):
        return None
    hit = _first(text, _contact_spans(views or fold(text)))
    if hit and hit[0] and text[hit[0] - 1] in "(（[【+":  # the bracket of （010）, the + of +86
        return hit[0] - 1, text[hit[0] - 1] + hit[1]
    return hit


def url(text: str, views: Views | None = None) -> tuple[int, str] | None:
    """(offset, what) of the first URL or domain name in text, or None."""
    if views is None and _clear(text):
        return None
    v = views or fold(text)
    spans = []
    if m := _URL.search(v.mail.text):
        end = m.end()
        while end < len(v.mail.text) and not v.mail.text[end].isspace() and end - m.start() < 200 \
                and ord(v.mail.text[end]) < 0x2E80:  # up to the next space or Chinese character
            end += 1
        spans.append((v.mail, m.start(), end))
    for m in _DOMAIN.finditer(v.mail.text):
        if m[0].rsplit(".", 1)[1] not in FILE_TYPES:
            spans.append((v.mail, m.start(), m.end()))
            break
    return _first(text, spans)


def advert(text: str, views: Views | None = None) -> tuple[int, str] | None:
    """(offset, what) of the first advertising phrase or paid marker in text, or None."""
    base = views.base if views else _base(text)
    m = AD.search(base.text)
    return _first(text, [(base, m.start(), m.end())] if m else [])


def kind_of(text: str) -> str | None:
    """"ad", "contact" or "url" for text kb check would refuse as such (in that order), else None:
    what kb import removes is exactly what kb check refuses."""
    if advert(text):
        return "ad"
    if contact(text):
        return "contact"
    if url(text):
        return "url"
    return None


def for_browser() -> dict:
    """KB306 as data for the 起草台's self-check: the same folding tables and patterns, applied by
    draft-contact.js in the same order as _contact_spans (tests/test_draft.py runs both on samples)."""
    return {
        "base": {str(cp): ch for cp, ch in _BASE.items()},
        "drop": _DROP.pattern,
        "numerals": {chr(k): chr(v) for k, v in _NUMERALS.items()},
        "at": _AT.pattern, "dot": _DOT.pattern, "area": _AREA_OPEN.pattern, "gap": _DIGIT_GAP.pattern,
        "digits": _DIGITS.pattern, "account": _ACCOUNT.pattern, "mail": _MAIL.pattern, "local": "".join(sorted(_LOCAL)),
        "others": [_PHONE_WORD.pattern, _DODGE.pattern, _INVITE.pattern],
    }
