"""The cleaning report's Chinese, in one place: a label for every rule of
the change log, the reasons its changes give (English data in the log,
shown in Chinese to the editors who read the report), the kinds of site
furniture, and the wording of places and of the summary line.

A reason this table does not know is shown as the log gives it; the tests
check that every rule and reason the seed and the fixtures produce, and
every kind of furniture the site profiles name, has its Chinese here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import notes
from .places import AFTER, BEFORE, CONTENTS, DROPPED, FRONT, IN, BlockPlace, Place

# stage/rule -> what the rule does, as the report names it.
RULES = {
    "ingest/decode": "识别编码并解码",
    "ingest/line-ends": "统一换行符",
    "ingest/bad-bytes": "无效字节（显示为 □）",
    "clean/controls": "删除控制字符",
    "clean/artefacts": "删除生成工具痕迹",
    "clean/pinyin-notes": "删除网站注音",
    "clean/mojibake": "修复乱码",
    "clean/mojibake-unresolved": "无法确定的乱码（已标注）",
    "clean/undecodable": "无法解码的字节（显示为 □）",
    "clean/script": "繁体转简体",
    "clean/furniture": "删除网站附加内容",
    "clean/punctuation": "半角标点改为全角",
    "structure/contents": "删除原目录（各版本自动生成目录）",
    "structure/title": "题名",
    "structure/subtitle": "副标题",
    "structure/front-matter": "前置信息移入元数据",
    "structure/abstract": "摘要",
    "structure/heading": "删除标题后的冒号",
    "structure/duplicates": "删除重复稿",
    "structure/outline": "大纲",
    "structure/heading-guess": "标题结尾为推测",
    "structure/absent": "来源缺失的部分（保留标题）",
    "structure/truncation": "来源中途中断",
    "structure/damage-note": "乱码编者注",
    "edit/metadata": "编辑设定元数据",
    "edit/replace": "编辑替换",
    "edit/break": "编辑分段",
    "edit/join": "编辑合段",
}


def rule(key: str) -> str:
    """The Chinese label of a `stage/rule` key (the key itself where none is known)."""
    return RULES.get(key, key)


# The kinds of site furniture pipeline/sites/profiles.yaml and the generic
# detectors name.
FURNITURE_KINDS = {
    "page thumbnail": "页面缩略图标题", "pages read": "已读页数提示", "preview ended": "预览结束提示",
    "download label": "下载标签", "copyright notice": "版权说明", "template label": "模板标签",
    "site notes and comment box": "网站提示与评论框", "shared by a member": "会员分享说明",
    "page of pages": "页码", "download controls": "下载按钮", "bookmarks bar": "书签栏",
    "uploader notice": "上传者声明", "download declaration": "下载声明", "download to computer": "下载到电脑提示",
    "download page": "下载页", "points": "积分", "download notes": "下载须知", "welcome bar": "欢迎栏",
    "breadcrumb": "导航路径", "site name": "网站名称", "all categories": "全部分类", "categories": "分类",
    "resource facts": "资源信息", "resource format": "资源格式", "login and download": "登录与下载",
    "form fields": "表单栏", "login help": "登录帮助", "friendly notes": "友情提示",
    "collection download": "合集下载", "platform notice": "平台声明", "uploader": "上传者", "file facts": "文档信息",
    "more docs": "更多文档", "site line": "网站宣传行", "read more": "阅读更多", "loading": "加载提示",
    "banner": "横幅", "banner line": "横幅行", "rule line": "分隔线", "vip": "会员广告",
    "posting date and authors": "发布时间与作者", "page title": "网页标题", "citation template": "引用格式",
    "site keywords": "网站关键词", "posted at": "发布时间", "resource label": "资源标签", "pages left": "剩余页数提示",
    "preview only": "仅供预览提示", "text label": "正文标签", "page footer": "页脚", "reading time": "阅读时长",
    "editor and date": "编辑与日期", "markup": "网页标记", "key-value block": "文档信息栏",
    "file-name line": "文件名行", "interface line": "网站界面文字", "chunk number": "分块编号",
    "163wenku's type and file name": "163文库的类型与文件名", "163wenku's notes on the file": "163文库的文件说明",
}
SITES = {"generic": "通用规则"}

# A reason is made of parts joined by "; ": each part is translated alone,
# by the first pattern it matches in full. Templates take the groups by number.
_PARTS = [
    # mojibake repairs
    (r"GBK bytes read one byte late, re-aligned after (.+)", "GBK 字节错后一字节读出，已在「{0}」之后重新对齐"),
    (r"a glyph lost in aligned text: the character with its reading that fits the context",
     "字形丢失，按残留注音和上下文恢复"),
    (r"(\d+) byte\(s\) the scrape lost, shown as \?", "抓取丢失 {0} 个字节（原显示为 ?）"),
    (r"a character lost without trace is shown as □ \(the word list would guess (.+)\)",
     "有字完全丢失，以 □ 表示（按词表推测为「{0}」）"),
    (r"undecodable bytes ([0-9a-f ]+)", "无法解码的字节 {0}，以 □ 表示"),
    # damage left as it is
    (r"damaged span the repair could not decode", "乱码无法解码"),
    (r"damaged span whose readings the context does not tell apart", "乱码有几种读法，上下文无法确定"),
    (r"damaged span whose best reading holds a character the word list all but never sees",
     "乱码的最佳读法含有词表几乎从不出现的字"),
    (r"damaged span whose best reading still reads like garbage", "乱码的最佳读法读来仍像乱码"),
    (r"damaged span whose best reading holds a character that makes no word, a sign of bytes lost between "
     r"two characters", "乱码的最佳读法含有不成词的字，可能是两字之间丢了字节"),
    (r"text that reads as garbage read one byte late, though nothing shows damage",
     "文字读来像错位一字节的乱码，但没有明显损坏标志"),
    (r"damaged span the repair gave up on: garbage too dense to search within its budget \(pipeline/limits\.py\)",
     "乱码过于密集，超出修复的搜索限度"),
    (r"characters the scrape lost, each shown as \?, with no intact character around to read them by",
     "整行的字在抓取中丢失（每字显示为 ?），周围没有可依据的完整文字"),
    (r"left as it is", "按原样保留"),
    (r"left as it is: a repair would gain (-?\d+)", "按原样保留（修复后通顺度仅提高 {0}）"),
    (r"left as it is: (.+)", "按原样保留（涉及的字：{0}）"),
    (r"the readings, most plausible first: (.+)", "候选读法（可能性由高到低）：{0}"),
    # other clean rules
    (r"site reading note", "网站注音"),
    (r"site reading note, one character late", "网站注音（错后一字）"),
    (r"site reading note after a Latin letter, digit or _", "拉丁字母、数字或 _ 后的网站注音"),
    (r"a site reading note cut off by the scrape's end", "被抓取末尾截断的注音"),
    (r"traditional -> simplified", "繁体转简体"),
    (r"traditional -> simplified \(phrase\)", "繁体转简体（按词语）"),
    (r"OpenCC tw2s", "整段繁体转简体"),
    (r"half-width mark in Chinese text", "中文里的半角标点"),
    (r"half-width parentheses in Chinese text", "中文里的半角括号"),
    (r"generation artefact, not the author's text", "生成工具留下的痕迹，不是作者的文字"),
    (r"site furniture \((.+?): (.+)\)", "网站附加内容（{site}：{kind}）"),
    (r"control character", "控制字符"),
    # structure
    (r"WARNING: the copies differ substantially", "注意：两稿差别很大"),
    (r"the title line again \(a page header\)", "再次出现的题名行（页眉）"),
    (r"the (.+) line again \(journal mirrors print the author block twice\)", "重复的{0}行（期刊镜像把作者信息印了两次）"),
    (r"the title, glued before the contents list: (.+)", "题名（与原目录粘连）：{0}"),
    (r"the title line \(title from (.+)\)", "题名行"),
    (r"title from (.+)", "题名取自{0}"),
    (r"the subtitle", "副标题"),
    (r"moved to the metadata: (.+)", "移入元数据：{0}"),
    (r"the (.+) label", "「{0}」标签"),
    (r"the abstract(?: \(unlabelled, before a line of keywords\))?", "摘要"),
    (r"the colon after the heading (.+)", "标题「{0}」后的冒号"),
    (r"the scrape's contents list \((\d+) entries\): the editions make their own",
     "抓取文本中的目录（{0} 条），各版本自动生成目录"),
    (r"outline of (\d+) entries read from the contents list", "从原目录读出 {0} 个条目"),
    (r"(\d+) headings in (\d+) level\(s\)(?: \(and (\d+) in copies\))? found in the body",
     "正文中找到 {0} 个标题，共 {1} 级{copies}"),
    (r"no contents list: (\d+) headings in (\d+) level\(s\)(?: \(and (\d+) in copies\))? found in the body by their numbering",
     "没有目录：按编号在正文中找到 {0} 个标题，共 {1} 级{copies}"),
    (r"no contents list and no numbered headings: the text is kept as paragraphs", "没有目录，也没有带编号的标题：全文按段落保留"),
    (r"(.+): glued to its paragraph \((.*)…\)", "「{0}」与段落粘连（{1}…）"),
    (r"where the title ends is a guess", "标题在何处结束是推测"),
    (r"the source stops mid-sentence", "来源文本在句子中途中断"),
    (r"(.+): no text in the source", "「{0}」：来源中没有正文"),
    (r"(.+): damage left as it is", "{0}：乱码按原样保留"),
    (r"decoded as (.+)", "按 {0} 解码"),
    (r"CRLF/CR line ends made LF", "换行符统一为 LF"),
]
_PARTS = [(re.compile(pattern), template) for pattern, template in _PARTS]
_COPY_NAMES = {"a paragraph": "一个段落", "repeated lines": "重复的行"}
_METADATA_KINDS = {**notes.CATALOGUE, "keywords": "关键词", "keywords (unlabelled)": "关键词（无标签）",
                   "author": "作者", "affiliation": "单位", "journal": "刊期", "column": "栏目"}
_MEASURE = [(re.compile(r"similarity (\d\.\d+)"), "相似度 {0}"),
            (re.compile(r"similarity at least (\d\.\d+): their middles, past (\d+) characters, compared as a whole"),
             "相似度至少 {0}：中段超过 {1} 字，整体比较")]


def _measure(text: str) -> str:
    parts = []
    for part in text.split("; "):
        for pattern, template in _MEASURE:
            if match := pattern.fullmatch(part):
                parts.append(template.format(*match.groups()))
                break
        else:
            parts.append(_part(part))
    return "；".join(parts)


def _part(part: str) -> str:
    for pattern, template in _PARTS:
        match = pattern.fullmatch(part)
        if not match:
            continue
        groups = [g or "" for g in match.groups()]
        if template.startswith("网站附加内容"):
            site, kind = groups
            return template.format(site=SITES.get(site, site), kind=FURNITURE_KINDS.get(kind, kind))
        if "{copies}" in template:
            return template.format(*groups, copies=f"（另有 {groups[2]} 个在重复稿中）" if groups[2] else "")
        if template.startswith("移入元数据"):
            return template.format(_METADATA_KINDS.get(groups[0], groups[0]))
        return template.format(*groups)
    return part


_DUPLICATE = re.compile(r"earlier copy of (.+?) dropped for the later one \((.*)\); (\d+) difference\(s\)(?:: (.*))?",
                        re.DOTALL)


def reason(note: str) -> str:
    """A change's reason (English in the change log), in Chinese; a part no
    pattern knows is kept as it is."""
    if match := _DUPLICATE.fullmatch(note):
        # Its differences are the author's text, which may hold "; ": kept whole.
        name, measure, count, differences = match.groups()
        return (f"删除{_COPY_NAMES.get(name, f'「{name}」')}的前一稿，保留后一稿（{_measure(measure)}）；"
                f"差异 {count} 处" + (f"：{differences}" if differences else ""))
    return "；".join(_part(part) for part in note.split("; ")) if note else ""


def cause(note: str) -> str:
    """A flag's reason without the readings it names (shown apart)."""
    return reason(note.split("; the readings, most plausible first: ")[0])


def known(note: str) -> bool:
    """Whether every part of a reason has its Chinese here."""
    return bool(_DUPLICATE.fullmatch(note)) or all(any(p.fullmatch(part) for p, _ in _PARTS)
                                                   for part in note.split("; "))


def readings(note: str) -> list[str]:
    """The readings a flag names, most plausible first (none where it names none)."""
    _, found, listed = note.rpartition("the readings, most plausible first: ")
    return listed.split("、") if found and listed else []


def guess(note: str) -> str:
    """What the word list would guess for a character shown as missing, where the repair says."""
    match = re.search(r"the word list would guess (.+?)\)", note)
    return match.group(1) if match else ""


def furniture_kinds(notes: list[str]) -> str:
    """The kinds of furniture a block was made of, by site: `人人文库：页面缩略图标题、已读页数提示`."""
    by_site: dict[str, list[str]] = {}
    for note in notes:
        match = re.fullmatch(r"site furniture \((.+?): (.+)\)", note)
        site, kind = match.groups() if match else ("", note)
        by_site.setdefault(SITES.get(site, site), []).append(FURNITURE_KINDS.get(kind, kind))
    return "；".join(f"{site}：{'、'.join(dict.fromkeys(kinds))}" if site else "、".join(kinds)
                    for site, kinds in by_site.items())


# ---- places ---------------------------------------------------------------------------------

def block_label(block: BlockPlace) -> str:
    if block.kind == "heading":
        return f"标题「{block.section}」"
    if block.kind == "abstract":
        return f"{'英文摘要' if block.lang == 'en' else '摘要'} · 第{block.number}段"
    return f"{block.section or '正文开头'} · 第{block.number}段"


def place_label(place: Place) -> str:
    """`1.2 全球市场格局与区域特征 · 第2段`, `… · 第2段之后`, `已删除的重复稿中`."""
    if place.relation == IN:
        return block_label(place.block)
    if place.relation == AFTER:
        return f"{block_label(place.block)}之后"
    if place.relation == BEFORE:
        return f"{block_label(place.block)}之前"
    if place.relation == DROPPED:
        return f"已删除的重复稿中（{copy_name(place.removal.note)}）"
    if place.relation == CONTENTS:
        return "原目录中（已删除，各版本自动生成目录）"
    if place.relation == FRONT:
        return "题名与前置信息中（已移入元数据）"
    return "未能在清理后的文本中定位"


_COPY = re.compile(r"earlier copy of (.+?) dropped")


@lru_cache(maxsize=1024)  # a big scrape's dropped copies hold thousands of repairs
def copy_name(note: str) -> str:
    """What a dropped copy was a copy of: `「二、…」的前一稿`, `重复的行`."""
    match = _COPY.match(note)
    if not match:
        return reason(note)
    name = match.group(1)
    return f"{_COPY_NAMES[name]}的前一稿" if name in _COPY_NAMES else f"「{name}」的前一稿"


# ---- the summary line -----------------------------------------------------------------------

def number(count: int) -> str:
    return f"{count:,}"


def summary(figures: dict) -> str:
    """One line: what the cleaning did, and what it leaves an editor."""
    parts = []
    if figures["repairs"] or figures["repairs_in_dropped_copies"]:
        repaired = f"修复乱码 {number(figures['repairs'])} 处"
        if figures["repairs_in_dropped_copies"]:
            repaired += f"（另有 {number(figures['repairs_in_dropped_copies'])} 处在已删除的重复稿中）"
        parts.append(repaired)
    if figures["unresolved"]:
        parts.append(f"{number(figures['unresolved'])} 处无法确定（已标注，需编辑处理）")
    if figures["missing"]:
        parts.append(f"{number(figures['missing'])} 个字丢失（以 □ 表示）")
    if figures["settled"]:
        parts.append(f"{number(figures['settled'])} 处已由编辑更正")
    for key, words, unit in (("furniture", "删除网站附加内容", "块"), ("script", "繁体转简体", "字"),
                             ("punctuation", "半角标点改为全角", "处"), ("reading_notes", "删除注音", "处"),
                             ("dropped_copies", "删除重复稿", "份"), ("absent", "来源缺失", "个部分"),
                             ("corrections", "编辑更正", "条")):
        if figures[key]:
            parts.append(f"{words} {number(figures[key])} {unit}")
    if figures["truncated"]:
        parts.append("来源在句子中途中断")
    if figures["oddities"]:
        parts.append(f"另有 {number(figures['oddities'])} 处可疑之处请核对")
    return "，".join(parts) + "。" if parts else "清理没有改动文字。"
