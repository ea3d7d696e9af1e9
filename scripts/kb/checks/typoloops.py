"""The typo list must be safe to apply again: `kb check --fix` is idempotent only if no correction
contains a listed typo (政治 → 政治思想 would grow on every run). Such an entry is refused (KB121);
the whole list is then left unused until it is corrected, so --fix changes nothing on its account.
A correction that merely joins the text beside it into another typo (党风连政建没 → 党风廉政建没) is
no loop: KB304 applies the list until nothing more changes, so one run does all of it."""
from __future__ import annotations

from ..findings import Finding, finding, rule
from ..yamlsrc import Source

rule("KB121", "error", "错别字表的改法中又含有错别字",
     "改法（right）中不能含有表中任何一个错别字（wrong），否则 kb check --fix 每运行一次都会再改一遍，文字越改越长。"
     "删去或改写这一条。")


def check(data: list, src: Source) -> list[Finding]:
    """data: the typo list as loaded, already valid against its schema."""
    wrongs = [t["wrong"] for t in data]
    out = []
    for n, t in enumerate(data):
        inside = next((w for w in wrongs if w in t["right"]), None)
        if inside:
            out.append(finding("KB121", src.path, src.line((n, "right")),
                               f"“{t['wrong']}”的改法“{t['right']}”中又含有错别字“{inside}”，--fix 每运行一次都会再改一遍"))
    return out
