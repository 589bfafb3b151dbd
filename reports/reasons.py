"""Error and skip reasons in Chinese, for the Chinese side of a report.

Sources word their reasons in English, from a small set of phrases (scanner/sources,
scanner/extract, database REASONS); each phrase here is replaced by its Chinese, in order, and
what no phrase covers (a file name, a number, an error class) stays as it is.
"""

import re

_PHRASES = [(re.compile(pattern), chinese) for pattern, chinese in (
    (r"time limit of (\S+) s reached: scanned in part", r"达到 \1 秒的时间上限：仅部分扫描"),
    (r"(\d+) of (\d+) pages have no text layer and were not read by OCR", r"\2 页中有 \1 页无文本层且未经 OCR 识别"),
    (r"(\d+) of (\d+) pages have no text layer", r"\2 页中有 \1 页无文本层"),
    (r"--ocr auto reads images named or shaped like documents; --ocr always reads every image",
     "--ocr auto 只识别名称或比例像证件、文档的图片；--ocr always 识别全部图片"),
    (r"--ocr auto reads (\d+) a file; --ocr always reads all", r"--ocr auto 每个文件识别 \1 页；--ocr always 全部识别"),
    (r"smaller than (\d+) pixels a side", r"边长小于 \1 像素"),
    (r"took longer than (\S+) s: read in part", r"超过 \1 秒：仅部分识别"),
    (r", above the limit of (\d+) \(a decompression bomb\?\)", r"，超过 \1 百万像素的上限（疑似解压炸弹）"),
    (r"(\d+) megapixels", r"\1 百万像素"),
    (r"too many pixels", "像素过多"),
    (r"not read by OCR", "未经 OCR 识别"),
    (r"member larger than (\d+) bytes: read in part", r"成员超过 \1 字节：仅部分读取"),
    (r"added text larger than the size limit \((\d+) bytes\)", r"新增文本超过大小上限（\1 字节）"),
    (r"larger than the size limit \((\d+) bytes\)", r"超过大小上限（\1 字节）"),
    (r"compression ratio above (\S+)", r"压缩比超过 \1"),
    (r"nested deeper than (\d+) levels", r"嵌套超过 \1 层"),
    (r"(\.\w+) files are not extracted yet", r"暂不提取 \1 文件"),
    (r"not an? (\w+) file", r"不是有效的 \1 文件"),
    (r"symbolic link not followed \(--follow-symlinks\)", "未跟随符号链接（--follow-symlinks）"),
    (r"deleted in the work tree", "工作区中已删除"),
    (r"not a regular file", "不是普通文件"),
    (r"binary content", "二进制内容"),
    (r"no column that can hold personal information", "没有可能存放个人信息的字段"),
    (r"password-protected (member|document|workbook)", "受密码保护"),
    (r"needs a password to open", "需要密码才能打开"),
    (r"compression method not supported", "不支持的压缩方式"),
    (r"legacy (Word|PowerPoint) format not extracted", r"旧版 \1 格式，未提取"),
    (r"Outlook message not extracted", "Outlook 邮件，未提取"),
    (r"compound document of an unknown kind", "未知类型的复合文档"),
    (r"format not extracted", "格式未提取"),
    (r"no text layer", "无文本层"),
    (r"^encrypted\b", "已加密"),
    (r"^corrupt\b", "文件损坏"),
    (r"^limit\b", "超出限制"),
    (r"^unsupported\b", "不支持"),
    (r"cannot connect to (\S+)", r"无法连接 \1"),
    (r"cannot list the tables of (\S+)", r"无法列出 \1 的表"),
    (r"cannot read (\S+): ", r"无法读取 \1："),
    (r"connection refused", "连接被拒绝"),
    (r"unknown host", "未知主机"),
    (r"authentication failed", "认证失败"),
    (r"unknown database", "数据库不存在"),
    (r"statement timeout", "语句超时"),
    (r"permission denied", "权限不足"),
    (r"timed out", "超时"),
    (r"cannot open the file", "无法打开文件"),
    (r"git cat-file could not read the file", "git cat-file 无法读取该文件"),
    (r"^cannot list directory: ", "无法列出目录："),
    (r"not an SQLite database", "不是 SQLite 数据库"),
    (r"the database file is corrupt", "数据库文件已损坏"),
    (r"text that is not valid in its encoding", "文本编码无效"),
    (r"a value does not convert to the type the query asks for", "某个值无法转换为查询要求的类型"),
    (r"division by zero", "除以零"),
    (r"a view refers to a table or column that does not exist", "视图引用了不存在的表或字段"),
    (r"^(?:cannot read|read failed|cannot stat): ", "读取失败："),
    (r"^analysis failed: ", "分析失败："),
    (r"^extraction failed: ", "提取失败："),
)]


def reason_zh(reason: str) -> str:
    for pattern, chinese in _PHRASES:
        reason = pattern.sub(chinese, reason)
    return reason
