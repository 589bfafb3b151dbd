"""Write ``benchmarks/data/categories.jsonl``, the labelled set of ``benchmarks/categories.py``.

One object a line: ``text``, ``expected`` (a list of [entity, value] the line holds), ``kind``
(what the line is) and ``source``. Where the lines come from:

- ``statute``: sentences of PRC laws (the Constitution, PIPL, the Criminal Law, the Civil Code,
  the Law on the Prevention and Control of Infectious Diseases, the Regulations on Religious
  Affairs), written out after the official texts, possibly with small differences. Laws and
  regulations are not protected by copyright (Copyright Law of the PRC, Art. 5). Negatives:
  they name every category and hold no one's data.
- ``udhr``: sentences of the Chinese text of the Universal Declaration of Human Rights (United
  Nations, 1948; the OHCHR lets it be reproduced freely). Negatives.
- ``policy``, ``news``, ``advert``, ``form``, ``config``: written for this set by the piplscan
  authors (the project's own, MIT): privacy-policy and consent sentences, news-like sentences
  about religions, peoples, diseases and crimes, drug advertisements with a hotline, blank forms
  and option lists, configuration and log lines with passwords and key fingerprints. Negatives,
  written to look like each type.
- ``record``: synthetic records (names, ID numbers, phones and cards from tests/synthetic.py with
  a fixed seed; the diagnoses, drugs and other values from the lists below, chosen independently
  of the recognizer's lexicons, so some are not in them) in the shapes records take: forms,
  delimited rows, JSON, English, prose notes. Positives, and a few record lines that hold none.

Held-out evaluation sets (../shared/eval) are not used. Run by hand; the output is committed:

    python benchmarks/categories_build.py
"""

import base64
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import synthetic  # noqa: E402

OUT = ROOT / "benchmarks" / "data" / "categories.jsonl"
OURS = "piplscan authors, written for this set (MIT)"

STATUTE = [
    "中华人民共和国公民有宗教信仰自由。",
    "中华人民共和国各民族一律平等。国家保障各少数民族的合法的权利和利益，维护和发展各民族的平等团结互助和谐关系。",
    "敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害或者人身、财产安全受到危害的个人信息，包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十四周岁未成年人的个人信息。",
    "只有在具有特定的目的和充分的必要性，并采取严格保护措施的情形下，个人信息处理者方可处理敏感个人信息。",
    "盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    "故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。",
    "在道路上驾驶机动车，醉酒驾驶机动车的，处拘役，并处罚金。",
    "诈骗公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    "依法受过刑事处罚的人，在入伍、就业的时候，应当如实向有关单位报告自己曾受过刑事处罚，不得隐瞒。",
    "实行婚姻自由、一夫一妻、男女平等的婚姻制度。",
    "夫妻双方自愿离婚的，应当签订书面离婚协议，并亲自到婚姻登记机关申请离婚登记。",
    "禁止重婚。禁止有配偶者与他人同居。",
    "甲类传染病是指：鼠疫、霍乱。",
    "乙类传染病是指：传染性非典型肺炎、艾滋病、病毒性肝炎、脊髓灰质炎、人感染高致病性禽流感、麻疹、流行性出血热、狂犬病、流行性乙型脑炎、登革热、炭疽、细菌性和阿米巴性痢疾、肺结核、伤寒和副伤寒、流行性脑脊髓膜炎、百日咳、白喉、新生儿破伤风、猩红热、布鲁氏菌病、淋病、梅毒、钩端螺旋体病、血吸虫病、疟疾。",
    "丙类传染病是指：流行性感冒、流行性腮腺炎、风疹、急性出血性结膜炎、麻风病、流行性和地方性斑疹伤寒、黑热病、包虫病、丝虫病。",
    "任何单位和个人不得歧视传染病病人、病原携带者和疑似传染病病人。",
    "宗教团体、宗教院校、宗教活动场所和信教公民应当遵守宪法、法律、法规和规章。",
    "信教公民和不信教公民、信仰不同宗教的公民应当相互尊重、和睦相处。",
    "民族自治地方的自治机关是自治区、自治州、自治县的人民代表大会和人民政府。",
    "用人单位招用人员，不得以是传染病病原携带者为由拒绝录用。",
    "医疗机构及其医务人员应当对患者的隐私和个人信息保密。",
    "个人信息处理者处理敏感个人信息的，应当取得个人的单独同意。",
    "国家保护正常的宗教活动。任何人不得利用宗教进行破坏社会秩序、损害公民身体健康、妨碍国家教育制度的活动。",
    "犯罪的时候不满十八周岁的人，不适用死刑。",
    "被判处有期徒刑的犯罪分子，执行期间，如果确有悔改表现，可以减刑。",
]
STATUTE_SOURCE = "PRC statutes, written out after the official texts (not protected: Copyright Law of the PRC, Art. 5)"

UDHR = [
    "人人生而自由，在尊严和权利上一律平等。",
    "人人有资格享有本宣言所载的一切权利和自由，不分种族、肤色、性别、语言、宗教、政治或其他见解、国籍或社会出身、财产、出生或其他身分等任何区别。",
    "成年男女，不受种族、国籍或宗教的任何限制，有权婚嫁和成立家庭。",
    "人人有思想、良心和宗教自由的权利。",
    "任何人的私生活、家庭、住宅和通信不得任意干涉，他的荣誉和名誉不得加以攻击。",
]
UDHR_SOURCE = "Universal Declaration of Human Rights, Chinese text (United Nations, 1948; free to reproduce per OHCHR)"

POLICY = [
    "我们不收集您的宗教信仰、民族、性取向等敏感个人信息。",
    "我们可能收集您的健康信息，如体检报告、病历、诊断结果，用于为您提供在线问诊服务。",
    "我们会收集您的民族（如汉族）、宗教信仰（如佛教），仅用于统计。",
    "敏感个人信息包括：宗教信仰、医疗健康、金融账户、行踪轨迹。",
    "在您使用人脸识别登录时，我们会采集您的人脸图像并提取人脸特征值，特征值仅保存在您的设备上。",
    "开启指纹支付后，您的指纹信息由手机系统处理，我们不会获取您的指纹数据。",
    "为完成实名认证，我们需要您提供身份证照片及人脸照片。",
    "未经您的单独同意，我们不会向第三方提供您的医疗健康信息。",
    "我们不会要求您提供支付密码、短信验证码等信息，请勿向任何人透露。",
    "请妥善保管您的登录密码，本平台工作人员不会索要您的密码。",
    "您的婚姻状况、家庭成员信息仅在您申请家庭保单时收集。",
    "本应用不会收集您的犯罪记录或违法信息。",
    "We do not collect your religion, ethnicity or health data such as diabetes records.",
    "We may process biometric data, such as a face template, only with your explicit consent.",
    "Never share your password, PIN or one-time verification code with anyone, including our staff.",
    "Special categories of data include racial or ethnic origin, religious beliefs, health and sex life or sexual orientation.",
    "本平台收集的健康数据包括步数、心率、睡眠时长，不包括疾病诊断。",
    "如您为未成年人，请在监护人陪同下阅读本政策。",
    "我们会对您的银行卡号、CVV2码、有效期进行加密存储。",
    "验证码将通过短信发送至您绑定的手机，5分钟内有效。",
]

NEWS = [
    "佛教是世界三大宗教之一，于东汉时期传入中国。",
    "藏族是中国56个民族之一，主要聚居在西藏和青海。",
    "世界卫生组织指出，糖尿病患者人数在过去三十年增加了四倍。",
    "法院审理了一起盗窃罪案件，被告人宓某被判处有期徒刑。",
    "教皇方济各在梵蒂冈主持天主教弥撒。",
    "伊斯兰教的斋月今年从三月开始，穆斯林在日出后至日落前禁食。",
    "研究人员发现，高血压和2型糖尿病常常同时出现。",
    "该市今年新增艾滋病病例较去年下降百分之十二。",
    "维吾尔族的传统乐器有都塔尔和热瓦甫。",
    "景区内有一座始建于唐代的道教宫观，每年吸引大量游客。",
    "专家提醒，流感高发季节老年人应及时接种疫苗。",
    "近年来离婚率有所上升，结婚登记人数连续下降。",
    "同性恋题材电影在电影节上获得了最佳影片奖。",
    "警方提醒市民警惕冒充客服索要短信验证码的诈骗手段。",
    "基督教在19世纪通过传教士大规模传入中国沿海地区。",
    "苗族的银饰工艺被列入国家级非物质文化遗产名录。",
    "抑郁症已成为影响青少年健康的重要问题。",
    "该药企的阿莫西林胶囊通过了一致性评价。",
    "回族群众在开斋节当天前往清真寺礼拜。",
    "据统计，全国肺结核发病率持续下降。",
    "The Buddhist temple was founded in the Tang dynasty.",
    "Hospitals reported a rise in influenza and pneumonia cases this winter.",
    "The court heard that the defendant had been convicted of fraud in 2015.",
    "Uyghur and Kazakh musicians performed at the festival.",
    "Researchers linked type 2 diabetes to sleep patterns.",
    "宁夏回族自治区银川市今年举办了民族团结进步表彰大会。",
    "广西壮族自治区三月三歌节吸引了众多游客。",
    "他在采访中谈到自己年轻时信仰佛教的经历。",
    "本届论坛讨论了婚姻家庭法律制度的完善。",
    "戒毒所开展了强制隔离戒毒人员家属开放日活动。",
]

ADVERT = [
    "专治糖尿病、高血压！降糖胶囊特价99元/盒，订购热线{mobile}",
    "阿莫西林胶囊 优惠促销 咨询电话 {mobile}",
    "痛风克星，三个疗程根治，有效率98%，加微信{mobile}",
    "本店批发零售各类中成药：六味地黄丸、安宫牛黄丸，价格优惠，电话{mobile}",
    "限时秒杀！护肝片买二送一，咨询热线{mobile}",
    "乙肝患者福音，专治乙肝大三阳小三阳，联系人张医生{mobile}",
    "治疗颈椎病、腰椎间盘突出，包邮到家，订购电话{mobile}",
    "Special offer on insulin pens, order now: call {mobile}",
]

FORM = [
    "宗教信仰：□佛教 □基督教 □伊斯兰教 □其他",
    "婚姻状况：未婚/已婚/离异/丧偶",
    "宗教信仰：______  民族：______",
    "体检报告填写须知\n姓名：请用正楷填写\n诊断栏由医生填写",
    "民族：请填写全称，例如汉族、回族",
    "性取向：（选填）",
    "有无犯罪记录：无",
    "既往病史：无",
    "诊断：{{diagnosis}}",
    "密码：请设置8到20位字母与数字组合",
    "验证码：请输入短信中的6位数字",
    "病历书写规范\n姓名：应与身份证一致\n主诉：不超过20字",
]

CONFIG = [
    "DB_PASSWORD=hunter22",
    "user=postgres password=${PGPASSWORD}",
    "spring.datasource.password=changeme2024",
    "Key fingerprint: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "@font-face: url(fonts/face.png)",
    "login: zhang3 pwd=/home/zhang3/bin1",
    "2024-05-01 10:02:11 INFO auth: password authentication failed for user admin2",
    "token_expiry=3600 refresh_interval=600",
    '"fingerprint": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"',
    "api_version=2023-10-16 secret_rotation_days=90",
    "cache-control: max-age=3600, face=bold",
    "face_detect_threshold=0.75 iris_scan_enabled=true",
]

DIAGNOSES = ["高血压", "2型糖尿病", "冠心病", "慢性胃炎", "支气管哮喘", "肺结核", "乙型肝炎", "抑郁症", "精神分裂症",
             "类风湿关节炎", "腰椎间盘突出症", "甲状腺功能亢进症", "慢性肾功能不全", "脑梗死", "急性阑尾炎", "艾滋病",
             "帕金森病", "痛风", "银屑病", "癫痫", "白血病", "肺癌", "乳腺癌", "宫颈癌", "系统性红斑狼疮",
             "慢性阻塞性肺疾病", "骨质疏松症", "缺铁性贫血", "前列腺增生", "过敏性鼻炎", "带状疱疹", "胆结石", "肾结石",
             "偏头痛", "焦虑症", "阿尔茨海默病", "多囊卵巢综合征", "高脂血症", "心房颤动", "乙肝小三阳"]
DRUGS = ["二甲双胍", "阿莫西林", "阿司匹林", "氨氯地平", "阿托伐他汀", "胰岛素", "奥美拉唑", "头孢克肟", "布洛芬",
         "左甲状腺素钠", "氯沙坦", "利培酮", "舍曲林", "恩替卡韦", "替诺福韦"]
EN_DIAGNOSES = ["asthma", "hypertension", "type 2 diabetes", "epilepsy", "breast cancer", "HIV", "depression",
                "schizophrenia", "hepatitis B", "tuberculosis", "migraine", "psoriasis"]
RELIGIONS = ["佛教", "基督教", "天主教", "伊斯兰教", "道教", "藏传佛教"]
EN_RELIGIONS = ["Buddhist", "Christian", "Catholic", "Muslim", "Hindu", "Jewish"]
ETHNIC = ["汉族", "回族", "满族", "壮族", "维吾尔族", "藏族", "苗族", "彝族", "蒙古族", "土家族", "朝鲜族", "哈萨克族"]
EN_ETHNIC = ["Han", "Hui", "Uyghur", "Tibetan", "Zhuang", "Manchu"]
MARITAL = ["未婚", "已婚", "离异", "丧偶", "再婚"]
EN_MARITAL = ["single", "married", "divorced", "widowed"]
ORIENTATION = ["异性恋", "同性恋", "双性恋"]
CRIMES = ["盗窃罪", "诈骗罪", "故意伤害罪", "危险驾驶罪", "寻衅滋事罪", "贩卖毒品罪", "交通肇事罪", "职务侵占罪"]


def records(rng: random.Random) -> list[tuple[str, list[list[str]]]]:
    """(text, expected) of synthetic records, several shapes per category."""
    out = []

    def person():
        return synthetic.person_name(rng), synthetic.resident_id(rng), synthetic.mobile(rng)

    for dx in DIAGNOSES:
        name, rid, mobile = person()
        drug = rng.choice(DRUGS)
        age = rng.randint(18, 85)
        out += [
            (f"患者：{name}，男，{age}岁，诊断：{dx}", [["HEALTH_INFO", dx]]),
            (f"{name}\t{rid}\t{dx}\t{drug}", [["HEALTH_INFO", dx], ["HEALTH_INFO", drug]]),
            (f"{name}（身份证号{rid}）于2023年确诊{dx}，目前服用{drug}。", [["HEALTH_INFO", dx], ["HEALTH_INFO", drug]]),
            (json.dumps({"name": name, "mobile": mobile, "diagnosis": dx}, ensure_ascii=False), [["HEALTH_INFO", dx]]),
        ]
    for dx in EN_DIAGNOSES:
        email = synthetic.email(rng)
        out += [(f"Patient: {rng.choice(['Anna Berg', 'Mark Olsen', 'Lucy Grant'])}, {email}, diagnosis: {dx}",
                 [["HEALTH_INFO", dx]]),
                (f"{email},{dx}", [["HEALTH_INFO", dx]])]
    for _ in range(6):
        name, rid, mobile = person()
        dx1, dx2 = rng.sample(DIAGNOSES, 2)
        out.append((f"门诊病历\n姓名：{name}  性别：女  年龄：{rng.randint(20, 80)}\n主诉：头晕乏力一周\n"
                    f"初步诊断：1.{dx1} 2.{dx2}\n处理：随诊", [["HEALTH_INFO", "头晕乏力一周"], ["HEALTH_INFO", dx1], ["HEALTH_INFO", dx2]]))
    for value in RELIGIONS * 3:
        name, rid, mobile = person()
        out += [(f"姓名：{name} 宗教信仰：{value}", [["RELIGION", value]]),
                (f"{name},{mobile},{value}", [["RELIGION", value]])]
    for value in EN_RELIGIONS:
        out.append((json.dumps({"name": "Li Wei", "religion": value}), [["RELIGION", value]]))
    out.append(("宗教信仰：□佛教 ☑基督教 □伊斯兰教", [["RELIGION", "基督教"]]))
    for value in ETHNIC * 2:
        name, rid, mobile = person()
        out += [(f"姓名：{name}  民族：{value}  身份证号：{rid}", [["CN_ETHNICITY", value]]),
                (f"{name}，女，{value}，{rid}", [["CN_ETHNICITY", value]]),
                (f"民族\n{value}", [["CN_ETHNICITY", value]])]
    for value in EN_ETHNIC:
        out.append((f"Ethnicity: {value}", [["CN_ETHNICITY", value]]))
    for value in MARITAL * 3:
        name, rid, mobile = person()
        out += [(f"婚姻状况：{value}", [["MARITAL_HISTORY", value]]),
                (f"{name} {mobile} {value}", [["MARITAL_HISTORY", value]])]
    for value in EN_MARITAL:
        out.append((f"marital_status: {value}", [["MARITAL_HISTORY", value]]))
    for value in ORIENTATION * 3:
        name, rid, mobile = person()
        out += [(f"性取向：{value}", [["SEXUAL_ORIENTATION", value]]),
                (f"{name} {mobile} 性取向 {value}", [["SEXUAL_ORIENTATION", value]])]
    for crime in CRIMES * 2:
        name, rid, mobile = person()
        years = rng.randint(1, 9)
        out += [(f"{name}（{rid}）因{crime}被判处有期徒刑{years}年", [["CRIMINAL_RECORD", crime], ["CRIMINAL_RECORD", "有期徒刑"]]),
                (f"违法犯罪记录：{crime}", [["CRIMINAL_RECORD", crime]])]
    for _ in range(8):
        template = base64.b64encode(rng.randbytes(rng.randint(200, 600))).decode()
        vector = "[" + ", ".join(f"{rng.uniform(-1, 1):.4f}" for _ in range(32)) + "]"
        path = f"fp/{rng.randrange(10**6):06d}.dat"
        out += [(f"人脸特征值：{template}", [["BIOMETRIC", template]]),
                (f'"face_embedding": {vector}', [["BIOMETRIC", vector]]),
                (f"指纹模板={path}", [["BIOMETRIC", path]])]
    for _ in range(8):
        name, rid, mobile = person()
        card, visa = synthetic.unionpay_card(rng), synthetic.visa_card(rng)
        password = "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789!@#") for _ in range(10)) + str(rng.randrange(10))
        pin, cvv, code = f"{rng.randrange(10**6):06d}", f"{rng.randrange(1000):03d}", f"{rng.randrange(10**6):06d}"
        expiry = f"{rng.randint(1, 12):02d}/{rng.randint(25, 31)}"
        key = "sk_live_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(24)) + "7"
        out += [
            (f"用户名：{rng.choice(['zhang', 'li', 'wang'])}{rng.randrange(100)} 密码：{password}", [["CREDENTIAL", password]]),
            (f"{name} {mobile} 取款密码 {pin}", [["CREDENTIAL", pin]]),
            (f"卡号 {card} CVV2：{cvv} 有效期 {expiry}", [["CREDENTIAL", cvv], ["CREDENTIAL", expiry]]),
            (f"Card {visa} exp {expiry} CVC {cvv}", [["CREDENTIAL", expiry], ["CREDENTIAL", cvv]]),
            (f"2024-05-01 10:02 sms to {mobile}: 您的验证码是{code}，5分钟内有效", [["CREDENTIAL", code]]),
            (json.dumps({"name": name, "mobile": mobile, "api_key": key}, ensure_ascii=False), [["CREDENTIAL", key]]),
        ]
    # record lines that hold no sensitive value
    for _ in range(20):
        name, rid, mobile = person()
        out += [(f"{name} {mobile} 已发货，请注意查收", []), (f"姓名：{name} 身份证号：{rid} 宗教信仰：无", [])]
    return out


def main() -> None:
    rng = random.Random(20250611)
    rows = [{"text": t, "expected": [], "kind": "statute", "source": STATUTE_SOURCE} for t in STATUTE]
    rows += [{"text": t, "expected": [], "kind": "udhr", "source": UDHR_SOURCE} for t in UDHR]
    for kind, lines in (("policy", POLICY), ("news", NEWS), ("advert", ADVERT), ("form", FORM), ("config", CONFIG)):
        rows += [{"text": t.replace("{mobile}", synthetic.mobile(rng)), "expected": [], "kind": kind, "source": OURS} for t in lines]
    rows += [{"text": t, "expected": e, "kind": "record", "source": OURS + "; numbers from tests/synthetic.py"} for t, e in records(rng)]
    OUT.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} lines written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
