"""Every Chinese text the pipeline itself adds, in one place (so a zh-Hant
edition converts it with the rest)."""

TABLE_OF_CONTENTS = "目录"
SOURCE_LABEL = "来源"
EDITION_DATE_LABEL = "版本日期"
PAGES_LABEL = "抓取页数"
EDITORIAL_LABEL = "编者注"


def front_note(source_file: str | None, pages_seen: int | None, pages_total: int | None, missing: list[str]) -> str:
    # 来源文件 would read as 源文件 ("source file") to the zh-Hant converter: 来源 alone converts cleanly.
    parts = [f"本版依据从文档分享网站抓取的文本整理（来源：{source_file or '未知'}）。"]
    if pages_seen and pages_total:
        parts.append(f"抓取仅包含原文 {pages_total} 页中的前 {pages_seen} 页。")
    if missing:
        parts.append(f"以下部分的正文不在来源中，本版仅保留其标题：{'、'.join(missing)}。")
    return "".join(parts)


ABSENT_SECTION = "此部分正文不在抓取的来源中。"
CUT_OFF = "来源文本在此句中途中断，其后的内容不在抓取的来源中。"
NO_OUTLINE = "来源中没有找到目录或编号标题，全文按段落保留。"
