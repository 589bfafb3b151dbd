"""CN_BANK_ACCOUNT: 对公/对私 bank account numbers that are not card numbers.

An account number has no check character and no fixed length (12 to 25 digits: 12 at Bank of
China, 19 at ICBC, 20-22 at others), so only a context word makes one (账号, 银行账户, 开户行,
户名, account no … on its line or the line before, or a column named so). A number the card
recognizers take (Luhn-valid with an issuer prefix) stays CN_BANK_CARD or CREDIT_CARD, an ID
number stays CN_RESIDENT_ID, a credit code CN_USCC; order, serial and transaction numbers are
vetoed by their labels (recognizers/data/negative_context.yaml), and 账号 of a login (QQ账号,
登录账号) by the labels below. Shorter runs are QQ numbers and user ids, not bank accounts.
"""

from presidio_analyzer import Pattern

from recognizers.base import CONTEXT_REQUIRED, NUMBER_RUN, DeclaredRecognizer, digits_only
from recognizers.cards import is_payment_card
from recognizers.organisation import is_plausible_uscc
from recognizers.resident_id import is_shaped_like_resident_id, is_valid_resident_id

def is_account_number(digits: str) -> bool:
    if not 12 <= len(digits) <= 25:
        return False
    return not (is_payment_card(digits) or is_valid_resident_id(digits) or is_shaped_like_resident_id(digits)
                or is_plausible_uscc(digits))


class CnBankAccountRecognizer(DeclaredRecognizer):
    ENTITY = "CN_BANK_ACCOUNT"
    PATTERNS = [Pattern("bank account number (12-25 digits)", NUMBER_RUN, CONTEXT_REQUIRED)]
    CONTEXT = ["账号", "帐号", "银行账户", "对公账户", "对私账户", "收款账户", "结算账户", "开户行", "开户银行", "户名",
               "account no", "account number", "bank account", "acct", "yhzh", "khh"]
    # 账号 of a login, not of a bank; 用户名 holds 户名.
    negative_context = ["qq", "qq账号", "微信号", "微信账号", "登录账号", "用户账号", "会员账号", "游戏账号", "系统账号",
                        "用户名", "税号", "纳税人识别号"]

    def validate_result(self, pattern_text: str) -> bool | None:
        # Contiguous or in groups of four, not an IMEI's 2-6-6-1.
        grouped_like_an_imei = pattern_text[2:3] == "-" and len(pattern_text) == 18
        return None if not grouped_like_an_imei and is_account_number(digits_only(pattern_text)) else False
