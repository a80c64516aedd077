"""Every Chinese text the pipeline itself adds, in one place (so a zh-Hant
edition converts it with the rest)."""
import re

TABLE_OF_CONTENTS = "目录"
SOURCE_LABEL = "来源"
EDITION_DATE_LABEL = "版本日期"
PAGES_LABEL = "抓取页数"
EDITORIAL_LABEL = "编者注"
ABSTRACT_LABEL = "摘要"
ABSTRACT_EN_LABEL = "Abstract"
AUTHOR_LABEL = "作者"
AFFILIATION_LABEL = "单位"
KEYWORDS_LABEL = "关键词"
SOURCE_FORMAT_LABEL = "原文格式"
# The EPUB's landmarks (its reading system's "go to" menu).
COVER_LABEL = "封面"
TITLE_PAGE_LABEL = "扉页"
BODY_LABEL = "正文"
# The author in an edition's metadata where the source names none.
UNSIGNED_LABEL = "未署名"

# A paper's catalogue data, by the metadata key the cleaned source writes it
# under, with the label the editions print (GB/T 7713 and CNKI's wording).
CATALOGUE = {
    "journal": "刊期",
    "column": "栏目",
    "clc": "中图分类号",
    "document-code": "文献标识码",
    "article-id": "文章编号",
    "doi": "DOI",
    "keywords-en": "Key words",
    "funding": "基金项目",
    "received": "收稿日期",
    "author-note": "作者简介",
}


def front_note(source_file: str | None, pages_seen: int | None, pages_total: int | None, missing: list[str],
               title_from_file_name: bool = False) -> str:
    parts = [f"本版依据从文档分享网站抓取的文本整理（来源：{source_file or '未知'}）。"]
    if title_from_file_name:
        parts.append(TITLE_FROM_FILE_NAME)
    if pages_seen and pages_total:
        parts.append(f"抓取仅包含原文 {pages_total} 页中的前 {pages_seen} 页。")
    if missing:
        parts.append(f"以下部分的正文不在来源中，本版仅保留其标题：{'、'.join(missing)}。")
    return "".join(parts)


ABSENT_SECTION = "此部分正文不在抓取的来源中。"
CUT_OFF = "来源文本在此句中途中断，其后的内容不在抓取的来源中。"
TITLE_FROM_FILE_NAME = "来源中没有找到标题，本版以来源文件名为题。"

# Damage the clean stage left as it is, and characters shown as missing (□),
# are named in a note after their paragraph, in every edition; the PDF also
# marks what the note cites (render/html.py).
_DAMAGE_NOTE = "本段中{cited}含来源中无法辨认的乱码，按原样保留，未作猜测。"
MISSING_NOTE = "本段中的 □ 表示来源中丢失、无法恢复的字。"
_CITED = re.compile("「(.+?)」(?=、「|含)")  # 含: the same in a zh-Hant edition


def damage_note(cited: list[str], missing: bool) -> str:
    note = _DAMAGE_NOTE.format(cited="、".join(f"「{text}」" for text in cited)) if cited else ""
    return note + (MISSING_NOTE if missing else "")


def cited_damage(note: str) -> list[str]:
    """What a damage note cites, as it stands in the paragraph before it
    (□ where it names characters shown as missing)."""
    if not note.startswith("本段中"):
        return []
    names_missing = " □ " in note.rsplit("」", 1)[-1]  # after the last citation, in either script
    return _CITED.findall(note) + (["□"] if names_missing else [])
