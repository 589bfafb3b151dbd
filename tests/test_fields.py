"""Fields classified by their name (recognizers/fields.py): columns, headers, keys and labels in
Chinese, pinyin and English; their values counted whatever they look like; binary columns counted
without being read; the dictionary pluggable; findings flagged ``field_name`` in the reports."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy

from recognizers.fields import FieldDictionary, FieldNameRecognizer, load_field_dictionary
from scanner.column_engine import ColumnEngine
from scanner.pipeline import Scanner, sources_for
from scanner.sources.database import DatabaseOptions
from scanner.sources.files import FileSource, WalkOptions
from tests.test_database import MARIADB_URL, POSTGRES_URL
from tests.test_database_scan import _server_or_skip

CLI = [str(Path(sys.executable).with_name("piplscan"))]
ENV = {**os.environ, "PIPLSCAN_FINGERPRINT_KEY": "fields-test"}
# An ID number's bytes: were a binary column read, its text would be a resident ID finding.
ID_BYTES = "11010519491231002X".encode()


@pytest.mark.parametrize("name, entity", [
    ("宗教信仰", "RELIGION"), ("zjxy", "RELIGION"), ("emp_religion", "RELIGION"), ("客户宗教", "RELIGION"),
    ("民族", "CN_ETHNICITY"), ("mz", "CN_ETHNICITY"), ("MZ", "CN_ETHNICITY"),
    ("病历号", "HEALTH_INFO"), ("blh", "HEALTH_INFO"), ("medical_record_no", "HEALTH_INFO"), ("MedicalRecordNo", "HEALTH_INFO"),
    ("诊断", "HEALTH_INFO"), ("patient_diagnosis", "HEALTH_INFO"), ("血型", "HEALTH_INFO"), ("blood_type", "HEALTH_INFO"),
    ("指纹", "BIOMETRIC"), ("fingerprint", "BIOMETRIC"), ("人脸特征", "BIOMETRIC"), ("face_feature", "BIOMETRIC"),
    ("faceFeature", "BIOMETRIC"), ("facefeature", "BIOMETRIC"),
    ("婚姻状况", "MARITAL_HISTORY"), ("hyzk", "MARITAL_HISTORY"), ("marital_status", "MARITAL_HISTORY"),
    ("性取向", "SEXUAL_ORIENTATION"), ("犯罪记录", "CRIMINAL_RECORD"), ("criminal_record", "CRIMINAL_RECORD"),
    ("gps", "LOCATION_COORDINATES"), ("经纬度", "LOCATION_COORDINATES"), ("lat", "LOCATION_COORDINATES"),
])
def test_a_field_is_named_for_its_category(name, entity):
    assert load_field_dictionary().classify(name).entity == entity


@pytest.mark.parametrize("name", [
    "diagnosis_count", "诊断医生", "诊断日期", "face_enabled", "人脸识别开关", "religious_holidays", "product_name",
    "format", "latency", "created_at", "flat_no", "mzip", "customer_name", "fingerprint_version", "",
])
def test_a_field_that_counts_or_describes_is_not_the_category(name):
    assert load_field_dictionary().classify(name) is None


def _found(engine, text: str, context: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    return [(r.entity_type, text[r.start:r.end], r.recognition_metadata["recognizer_name"])
            for r in sorted(engine.analyze(text, context), key=lambda r: r.start)]


FIELD = FieldNameRecognizer.NAME
SENSITIVE = "SensitiveInfoRecognizer"


@pytest.mark.parametrize("header, cells, expected", [
    pytest.param("诊断", ["诊断", "左膝疼痛三天", "高血压", "无", "NULL", "反复咳嗽"],
                 [("HEALTH_INFO", "左膝疼痛三天", FIELD), ("HEALTH_INFO", "高血压", SENSITIVE), ("HEALTH_INFO", "反复咳嗽", FIELD)],
                 id="free-text-diagnoses-header-row-and-placeholders"),
    pytest.param("zjxy", ["佛教", "无神论者", "基督教"], [("RELIGION", "佛教", FIELD), ("RELIGION", "基督教", FIELD)],
                 id="pinyin-religion-column-holds-religions-only"),
    pytest.param("mz", ["01", "57", "汉族", "张三"], [("CN_ETHNICITY", "01", FIELD), ("CN_ETHNICITY", "汉族", FIELD)],
                 id="ethnicity-codes-gb3304"),
    pytest.param("hyzk", ["20", "已婚", "99"], [("MARITAL_HISTORY", "20", FIELD), ("MARITAL_HISTORY", "已婚", FIELD)],
                 id="marital-codes-gb2261"),
    pytest.param("血型", ["A型", "AB型 RH阴性", "O", "未查"], [("HEALTH_INFO", "A型", FIELD), ("HEALTH_INFO", "AB型 RH阴性", FIELD),
                                                        ("HEALTH_INFO", "O", FIELD)], id="blood-types"),
    pytest.param("lat", ["31.230416", "31.2", "abc"], [("LOCATION_COORDINATES", "31.230416", FIELD)], id="latitude-column"),
    pytest.param("face_feature", ["[binary 1]", "[binary 2]"], [("BIOMETRIC", "[binary 1]", FIELD), ("BIOMETRIC", "[binary 2]", FIELD)],
                 id="binary-cells"),
    pytest.param("diagnosis_count", ["3", "高烧不退"], [], id="a-count-column"),
    pytest.param("备注", ["左膝疼痛三天"], [], id="unnamed-column"),
])
def test_a_column_named_for_a_category_counts_its_cells(engine, header, cells, expected):
    assert _found(engine, "\n".join(cells), (header,)) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param('{"name": "x", "diagnosis": "左膝疼痛三天"}', [("HEALTH_INFO", "左膝疼痛三天")], id="json-key"),
    pytest.param("patient:\n  diagnosis: 反复咳嗽两周\n", [("HEALTH_INFO", "反复咳嗽两周")], id="yaml-key"),
    pytest.param("主诉：反复咳嗽两周，既往史：无", [("HEALTH_INFO", "反复咳嗽两周")], id="form-label"),
    pytest.param("患者传染病史：幼年患过水痘", [("HEALTH_INFO", "幼年患过水痘")], id="label-with-a-suffix"),
    pytest.param("chief_complaint = 'knee pain for three days'", [("HEALTH_INFO", "knee pain for three days")], id="ini-key"),
    pytest.param('{"zjxy": "佛教"}', [("RELIGION", "佛教")], id="pinyin-key"),
    pytest.param('{"criminal_record": "2015年曾被判刑一年"}', [("CRIMINAL_RECORD", "2015年曾被判刑一年")],
                 id="criminal-record-key"),
])
def test_a_key_or_label_names_its_value(engine, text, expected):
    assert [(e, v) for e, v, r in _found(engine, text) if r == FIELD] == expected


@pytest.mark.parametrize("text", [
    pytest.param("class Patient:\n    diagnosis: str\n    religion = row[3]\n", id="code-types-and-variables"),
    pytest.param('{"diagnosis": null, "religion": ""}', id="null-and-empty"),
    pytest.param("我们会收集您的诊断：用于提供服务", id="policy-line"),
    pytest.param("诊断：如高血压、糖尿病等慢性病", id="example-marker"),
    pytest.param("专治各种疑难杂症 诊断：免费 热线", id="advertisement"),
    pytest.param("diagnosis_count: 3", id="count-key"),
    pytest.param("SELECT diagnosis FROM visits WHERE id = 3", id="sql"),
    pytest.param("甲类传染病是指：鼠疫、霍乱。", id="a-definition-in-a-statute"),
    pytest.param("病历书写规范\n主诉：不超过20字\n诊断：请填写ICD名称", id="instructions-of-a-template"),
])
def test_keys_without_a_persons_value(engine, text):
    assert [f for f in _found(engine, text) if f[2] == FIELD] == []


def test_a_value_another_recognizer_found_is_theirs(engine):
    text = "宗教信仰：佛教"
    assert _found(engine, text) == [("RELIGION", "佛教", SENSITIVE)]
    assert _found(engine, "佛教\n道教", ("宗教信仰",)) == [("RELIGION", "佛教", SENSITIVE), ("RELIGION", "道教", SENSITIVE)]


def test_fast_path_equals_analysing_everything(engine):
    text = '{"diagnosis": "左膝疼痛三天"}\n主诉：反复咳嗽两周\n'
    fast = sorted((r.entity_type, r.start, r.end) for r in engine.analyze(text))
    assert fast == sorted((r.entity_type, r.start, r.end) for r in engine.analyze_everything(text))


def _members_db(path: Path, rows: int) -> Path:
    religions = ["佛教", "基督教", "伊斯兰教", "道教", "无"]
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, zjxy TEXT, face_feature BLOB, photo BLOB)")
        connection.executemany("INSERT INTO members VALUES (?, ?, ?, ?)",
                               [(i, religions[i % 5], ID_BYTES if i % 2 else None, ID_BYTES) for i in range(rows)])
    return path


def test_sqlite_religion_column_counts_people_and_a_blob_is_counted_unread(engine, tmp_path):
    url = f"sqlite:///{_members_db(tmp_path / 'crm.db', 5000)}"
    report = Scanner(engine, b"k").scan([url], sources_for([url], WalkOptions(),
                                                           database=DatabaseOptions(full=True, binary_columns=load_field_dictionary().reads_binary)))
    columns = sorted((c.column, c.entity_type, c.matching_rows, c.distinct_values) for c in report.columns)
    assert columns == [("face_feature", "BIOMETRIC", 2500, 2500), ("zjxy", "RELIGION", 4000, 4)]
    assert {f.entity_type for f in report.findings} == {"BIOMETRIC", "RELIGION"}  # no ID from the blobs' bytes
    assert all(f.flags == ("field_name",) and f.masked == "******" for f in report.findings)
    (asset,) = report.assets
    assert asset.counts.people == 4000  # each row of a religion column with a religion is one member
    assert set(asset.sensitive) >= {"biometric", "religion"}


@pytest.mark.parametrize("server", ["postgresql", "mariadb"])
def test_server_binary_columns_are_counted_never_read(engine, server):
    url = POSTGRES_URL if server == "postgresql" else MARIADB_URL
    database = _server_or_skip(url)
    name = f"fields_{uuid.uuid4().hex[:8]}"
    blob = "BYTEA" if server == "postgresql" else "LONGBLOB"
    try:
        with database.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE TABLE {name} (id INT PRIMARY KEY, rltz {blob}, avatar {blob}, religion VARCHAR(20))"))
            connection.execute(sqlalchemy.text(f"INSERT INTO {name} VALUES (:id, :face, :avatar, :religion)"),
                               [{"id": i, "face": ID_BYTES if i % 3 else None, "avatar": ID_BYTES, "religion": "道教"} for i in range(30)])
        table = f"public.{name}" if server == "postgresql" else f"test.{name}"
        report = Scanner(engine, b"k").scan([url], sources_for([url], WalkOptions(), database=DatabaseOptions(
            full=True, include=(table,), binary_columns=load_field_dictionary().reads_binary)))
    finally:
        with database.begin() as connection:
            connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {name}"))
        database.dispose()
    assert report.errors == ()
    assert sorted((c.column, c.entity_type, c.matching_rows) for c in report.columns) == [
        ("religion", "RELIGION", 30), ("rltz", "BIOMETRIC", 20)]


def test_field_names_are_pluggable_and_findings_flagged_in_every_report(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    (share / "visits.csv").write_text("就诊号,诊断,hz_bq\nV1,左膝疼痛三天,偶发胸闷\nV2,反复咳嗽两周,\n", encoding="utf-8")
    extra = tmp_path / "our_fields.yaml"
    extra.write_text("entities:\n  HEALTH_INFO:\n    - names: [hz_bq]\n      values: any\n", encoding="utf-8")
    (tmp_path / "piplscan.toml").write_text('field_names = ["our_fields.yaml"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(CLI + ["scan", "share", "--format", "json,html,csv", "--output-dir", str(out), "--fail-on", "never"],
                            cwd=tmp_path, capture_output=True, encoding="utf-8", timeout=300, env=ENV)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "piplscan-report.json").read_text(encoding="utf-8"))
    found = sorted((f["location"]["cell"], f["entity_type"], f["flags"]) for f in report["findings"])
    assert found == [("B2", "HEALTH_INFO", ["field_name"]), ("B3", "HEALTH_INFO", ["field_name"]),
                     ("C2", "HEALTH_INFO", ["field_name"])]
    assert sorted((c["column_name"], c["matching_rows"], c["why_en"]) for c in report["columns"]) == [
        ("hz_bq", 1, "field named hz_bq; rows holding such a value: 1"), ("诊断", 2, "field named 诊断; rows holding such a value: 2")]
    assert "左膝" not in (out / "piplscan-report.html").read_text(encoding="utf-8")
    assert "按字段名" in (out / "piplscan-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ("entities: [", "is not valid YAML at line 1"),
    ("entities:\n  health: [{names: [x]}]\n", "must be upper snake case"),
    ("entities:\n  HEALTH_INFO: [{values: any}]\n", "needs groups with a list of 'names'"),
    ("entities:\n  HEALTH_INFO: [{names: [x], values: '(['}]\n", "bad regular expression"),
])
def test_a_bad_field_file_is_a_one_line_error(tmp_path, content, message):
    bad = tmp_path / "fields.yaml"
    bad.write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text("nothing\n", encoding="utf-8")
    result = subprocess.run(CLI + ["scan", "a.txt", "--field-names", str(bad)], cwd=tmp_path, capture_output=True,
                            encoding="utf-8", timeout=120, env=ENV)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_later_file_wins_and_adds(tmp_path):
    extra = tmp_path / "more.yaml"
    extra.write_text("entities:\n  CRIMINAL_RECORD:\n    - names: [诊断]\n      values: any\n", encoding="utf-8")
    dictionary = FieldDictionary((extra,))
    assert dictionary.classify("诊断").entity == "CRIMINAL_RECORD"
    assert dictionary.classify("zjxy").entity == "RELIGION"


def test_a_named_column_of_codes_counts_only_its_codes_through_the_column_engine(engine, tmp_path):
    """The column engine classes cells by the features the pattern recognizers read; a field's
    codes (民族 01-56) and placeholders are not among them, so named columns are read as text."""
    root = tmp_path / "share"
    root.mkdir()
    # valid codes where a class's samples are taken (its first, middle and last cells), others between
    codes = ["01"] + ["99"] * 50 + ["20"] + ["98"] * 50 + ["10"]
    (root / "people.csv").write_text("mz,hyzk\n" + "".join(f"{c},{c}\n" for c in codes), encoding="utf-8")
    report = Scanner(engine, b"k").scan([str(root)], [FileSource(root, WalkOptions())])
    assert sorted((c.column, c.entity_type, c.matching_rows) for c in report.columns) == [
        ("hyzk", "MARITAL_HISTORY", 2), ("mz", "CN_ETHNICITY", 3)]
    column_engine = ColumnEngine(engine, date.today())
    assert column_engine.judge("\n".join(codes), ("mz",)) is None
    assert column_engine.judge("\n".join(codes), ("quantity",)) is not None  # a column of numbers, judged here


def test_a_column_name_holding_a_value_is_masked_in_its_reason_too(engine, tmp_path):
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as connection:
        connection.execute('CREATE TABLE visits ("诊断_13812345678" TEXT)')
        connection.executemany("INSERT INTO visits VALUES (?)", [("左膝疼痛三天",)] * 5)
    connection.close()
    url = f"sqlite:///{path}"
    report = Scanner(engine, b"k").scan([url], sources_for([url], WalkOptions(), database=DatabaseOptions(full=True)))
    [column] = report.columns
    assert (column.column, column.why_en) == ("诊断_138****5678", "field named 诊断_138****5678; rows holding such a value: 5")
    assert "13812345678" not in column.why_zh
