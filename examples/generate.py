"""Regenerate the example share: ``python examples/generate.py``. Deterministic, synthetic data only.

tests/test_examples.py checks that the committed files equal what this script writes (office
files and databases by their content: their bytes carry timestamps and library versions).
"""

import csv
import gzip
import io
import json
import random
import sqlite3
import sys
import tarfile
import zipfile
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import xlwt
from docx import Document as DocxDocument
from odf import text as odf_text
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from openpyxl import Workbook
from pptx import Presentation

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import synthetic  # noqa: E402
from tests.test_extract import odf_saved, odf_table_of, pdf_bytes  # noqa: E402  (a minimal PDF with a text layer; OpenDocument)

SHARE = Path(__file__).resolve().parent / "share"


def build(rng: random.Random) -> dict[str, bytes]:
    customers = [synthetic.customer_row(rng) for _ in range(12)]
    files: dict[str, bytes] = {}

    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["姓名", "身份证号", "手机号", "银行卡号", "邮箱"])
    for c in customers[:8]:
        writer.writerow([c["name"], c["id"], c["mobile"], c["card"], c["email"]])
    files["财务部/客户名单.csv"] = table.getvalue().encode("utf-8")

    legacy = "客户编号,姓名,证件号码,联系电话\n" + "".join(
        f"C{1000 + i},{c['name']},{c['id']},{synthetic.landline(rng)}\n" for i, c in enumerate(customers[8:])
    )
    files["财务部/旧系统导出_GBK.csv"] = legacy.encode("gb18030")

    c = customers[0]
    files["法务部/合同备注.txt"] = (
        "合同编号：HT-2025-0042（非个人信息）\n"
        f"乙方联系人：{c['name']}，手机 {c['mobile'][:3]}-{c['mobile'][3:7]}-{c['mobile'][7:]}，"
        f"办公电话（{synthetic.landline(rng).replace('-', '）')}\n"
        "乙方地址：浙江省杭州市西湖区学院路77号3幢502室（虚构门牌）\n"
        f"护照号码：{synthetic.passport(rng)}；台胞证：{rng.randrange(10**7, 10**8)}\n"
        "服务热线 400-810-8888 与 95588 不是个人信息；订单号 20251124000123456789 也不是。\n"
        "已脱敏的样例：138****5678。\n"
    ).encode("utf-8-sig")

    log_lines = [
        f"2025-11-0{i % 9 + 1} 10:0{i}:00 INFO login ok user={c['email']} ip=10.20.{i}.{30 + i} device=00:1A:2B:3C:4D:{50 + i:02X}"
        for i, c in enumerate(customers[:6])
    ]
    log_lines.insert(3, "2025-11-03 10:02:30 INFO build 6.1.7601.2 deployed, request id 3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    files["运维/app.log"] = ("\n".join(log_lines) + "\n").encode("utf-8")

    staff = [{"工号": f"E{100 + i}", "姓名": c["name"], "港澳通行证": f"C{rng.randrange(10**8):08d}", "车牌": "粤B" + f"{rng.randrange(10**5):05d}"}
             for i, c in enumerate(customers[:3])]
    files["人事部/员工.json"] = json.dumps(staff, ensure_ascii=False, indent=2).encode("utf-8")

    files["人事部/境外员工.md"] = (
        "# 境外员工联系表\n\n"
        f"- 香港同事：电话 +852 9123 4567，香港身份证 {synthetic.hk_id(rng)}\n"
        f"- 台湾同事：身分證 {synthetic.tw_id(rng)}\n"
        f"- 德国供应商 IBAN：{synthetic.iban_de(rng)}\n"
        f"- 合作企业统一社会信用代码：{synthetic.uscc(rng)}\n"
    ).encode("utf-8")

    files["客服/通话记录_UTF16.txt"] = (
        f"来电 {customers[5]['mobile']} 咨询信用卡 {synthetic.visa_card(rng)} 账单\n"
    ).encode("utf-16")

    files["信息部/crm.db"] = _crm_database(customers, rng)
    files.update(_documents(customers, rng))

    files["README.txt"] = "示例文件共享：全部为合成数据（校验位有效的虚构号码），不含真实个人信息。\n".encode("utf-8")
    return files


def _crm_database(customers: list[dict], rng: random.Random) -> bytes:
    """A CRM's SQLite file: pinyin column names (xm, sfzh, sjh, yhkh), phones stored as integers,
    a free-text column, and a table without personal information."""
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE kehu (id INTEGER PRIMARY KEY, xm TEXT, sfzh TEXT, sjh INTEGER, yhkh TEXT, bz TEXT)")
    database.executemany("INSERT INTO kehu VALUES (?, ?, ?, ?, ?, ?)", [
        (i, c["name"], c["id"], int(c["mobile"]), c["card"], f"回访电话 {c['mobile']}" if i % 3 == 0 else "已回访")
        for i, c in enumerate(customers, 1)])
    database.execute("CREATE TABLE dingdan (id INTEGER PRIMARY KEY, order_no TEXT, amount REAL)")
    database.executemany("INSERT INTO dingdan VALUES (?, ?, ?)",
                         [(i, f"DD{rng.randrange(10**10):010d}", rng.randrange(100, 10000) / 100) for i in range(1, 21)])
    database.commit()
    return database.serialize()


def _documents(customers: list[dict], rng: random.Random) -> dict[str, bytes]:
    """One file of each extracted format: a sign-up sheet, a signed authorisation, its scan as a
    PDF with a text layer, a complaint mail with an attachment, and last year's zipped export."""
    book = Workbook()
    sheet = book.active
    sheet.title = "报名表"
    sheet.append(["姓名", "身份证号", "手机", "固话"])
    for c in customers[:5]:  # the landline as one digit run: only the 固话 header makes it one
        sheet.append([c["name"], c["id"], int(c["mobile"]), synthetic.landline(rng).replace("-", "")])
    authorisation = DocxDocument()
    authorisation.add_paragraph(f"本人{customers[1]['name']}（身份证号 {customers[1]['id']}）授权贵司查询征信。")
    authorisation.sections[0].header.paragraphs[0].text = f"联系电话 {customers[1]['mobile']}"
    scan = pdf_bytes([b"BT /F1 12 Tf 72 760 Td (ID %s) Tj ET" % customers[2]["id"].encode()])
    attachment = f"姓名,手机\n{customers[3]['name']},{customers[3]['mobile']}\n".encode()
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = "投诉：多次来电骚扰", customers[3]["email"], "service@example.cn"
    mail["Date"] = "Mon, 24 Nov 2025 10:00:00 +0800"
    mail.set_content(f"我的手机 {customers[3]['mobile']} 每天接到推销电话。\n")
    mail.add_attachment(attachment, maintype="text", subtype="csv", filename="通话记录.csv")
    files = {"市场部/活动报名.xlsx": _saved(book), "法务部/授权书.docx": _saved(authorisation), "法务部/授权书扫描.pdf": scan,
             "客服/投诉邮件.eml": mail.as_bytes(policy=SMTP), "归档/2024导出.zip": _zipped({"导出/客户.csv": attachment})}
    return files | _more_documents(customers)


def _more_documents(customers: list[dict]) -> dict[str, bytes]:
    """The other formats read: a training sign-in deck, an old xls reconciliation, an OpenDocument
    contact sheet and lease, a survey TSV and a tar.gz log backup."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "安全培训签到"
    slide.notes_slide.notes_text_frame.text = f"签到：{customers[4]['name']}，手机 {customers[4]['mobile']}"
    old = xlwt.Workbook()
    sheet = old.add_sheet("对账")
    for column, (heading, value) in enumerate([("户名", customers[5]["name"]), ("证件号码", customers[5]["id"])]):
        sheet.write(0, column, heading)
        sheet.write(1, column, value)
    contacts = OpenDocumentSpreadsheet()
    contacts.spreadsheet.addElement(odf_table_of("通讯录", [(["姓名", "手机"], 1), ([customers[6]["name"], customers[6]["mobile"]], 1)]))
    lease = OpenDocumentText()
    lease.text.addElement(odf_text.P(text=f"承租人：{customers[7]['name']}，身份证号 {customers[7]['id']}"))
    lease.text.addElement(odf_text.P(text="租赁地址：四川省成都市武侯区望江路19号2单元301室（虚构门牌）"))
    survey = f"姓名\t手机\n{customers[8]['name']}\t{customers[8]['mobile']}\n".encode()
    log = f"2024-12-31 23:59:59 WARN password reset requested by {customers[9]['email']}\n".encode()
    return {"培训部/安全培训签到.pptx": _saved(deck), "财务部/2019对账.xls": _saved(old), "行政部/通讯录.ods": odf_saved(contacts),
            "法务部/租赁合同.odt": odf_saved(lease), "市场部/问卷.tsv": survey, "归档/日志备份.tar.gz": _tarred({"app.log": log})}


def _tarred(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed, tarfile.open(fileobj=compressed, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1735689599
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def write(target: Path) -> None:
    for relative, content in build(random.Random(2026)).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


if __name__ == "__main__":
    write(SHARE)
